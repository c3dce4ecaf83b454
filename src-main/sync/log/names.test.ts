import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blobName, segmentName, segmentPrefix, seqOfSegmentName, snapshotName } from './names.js';

const nameKey = randomBytes(32);
const device = 'ab'.repeat(16);

describe('sync object names', () => {
  it('reveal neither the deviceId nor the blob id, and differ per name key', () => {
    const seg = segmentName(nameKey, device, 7);
    expect(seg).toMatch(/^seg\/[0-9a-f]{16}\/000000000007$/);
    expect(seg).not.toContain(device);
    expect(seg).not.toContain(device.slice(0, 16));
    expect(segmentName(randomBytes(32), device, 7)).not.toBe(seg);
    const blob = blobName(nameKey, 'f'.repeat(32));
    expect(blob).toMatch(/^blob\/[0-9a-f]{64}$/);
    expect(blob).not.toContain('f'.repeat(16));
    expect(snapshotName(nameKey, device, 3, 1)).toMatch(/^snap\/[0-9a-f]{16}\/000000000003\/0001$/);
  });

  it('list in seq order under one prefix per device, so "after seq N" is a startAfter', () => {
    const names = [1, 2, 9, 10, 11, 100, 999_999_999_999].map((s) => segmentName(nameKey, device, s));
    expect([...names].sort()).toEqual(names);
    for (const n of names) expect(n.startsWith(segmentPrefix(nameKey, device))).toBe(true);
    expect(names.map(seqOfSegmentName)).toEqual([1, 2, 9, 10, 11, 100, 999_999_999_999]);
    expect(segmentPrefix(nameKey, 'cd'.repeat(16))).not.toBe(segmentPrefix(nameKey, device));
  });

  it('refuse what would make an ambiguous or unordered name', () => {
    expect(() => segmentName(nameKey, device, 0)).toThrow();
    expect(() => segmentName(nameKey, device, 1e12)).toThrow();
    expect(() => segmentName(nameKey, 'AB'.repeat(16), 1)).toThrow();
    expect(() => segmentName(randomBytes(16), device, 1)).toThrow();
    expect(seqOfSegmentName('seg/zz/000000000001')).toBeUndefined();
  });
});
