import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD, pack, paddedSize, unpack } from './padding.js';

/** A padded plaintext around `deflated`, as `pack` lays it out. */
function plaintextOf(deflated: Buffer): Buffer {
  const out = Buffer.alloc(paddedSize(4 + deflated.length));
  out.writeUInt32BE(deflated.length, 0);
  deflated.copy(out, 4);
  return out;
}

describe('padding', () => {
  it('inflates no more than the kind allows: a zlib bomb in a segment is refused', () => {
    // 8 MiB of JSON in about 8 KiB: twice a segment's cap, well inside a snapshot part's.
    const json = Buffer.from(JSON.stringify('0'.repeat(8 * 1024 * 1024)), 'utf8');
    const bomb = plaintextOf(deflateRawSync(json));
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(unpack(bomb, 'segment')).toBeUndefined();
    expect((unpack(bomb, 'snapshot') as string).length).toBe(8 * 1024 * 1024);
  });

  it('packs per kind: what one kind refuses to open, it refuses to pack', () => {
    const big = 'y'.repeat(MAX_PAYLOAD.segment);
    expect(() => pack(big, 'segment')).toThrow(/too large/);
    expect(unpack(pack(big, 'snapshot'), 'snapshot')).toBe(big);
    expect(unpack(pack({ a: 1 }, 'segment'), 'segment')).toEqual({ a: 1 });
  });
});
