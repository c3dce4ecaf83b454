import { describe, expect, it } from 'vitest';
import { decodeFloat32, decodeUint32, encodeFloat32, encodeUint32 } from './codec.js';

describe('base64 typed arrays', () => {
  it('round-trips arrays of every padding length', () => {
    for (const length of [0, 1, 2, 3, 1000]) {
      const floats = Float32Array.from({ length }, (_, i) => i * 0.37 - 5);
      expect(decodeFloat32(encodeFloat32(floats))).toEqual(floats);
      const ints = Uint32Array.from({ length }, (_, i) => (i * 2654435761) >>> 0);
      expect(decodeUint32(encodeUint32(ints))).toEqual(ints);
    }
  });

  it('matches standard base64', () => {
    const bytes = Uint32Array.of(0x64636261); // "abcd" little-endian
    expect(encodeUint32(bytes)).toBe('YWJjZA==');
  });

  it('refuses text that is not base64 of whole elements', () => {
    expect(decodeUint32('YWJj')).toBeUndefined(); // 3 bytes
    expect(decodeUint32('YW*jZA==')).toBeUndefined();
    expect(decodeUint32('YWJjZA=')).toBeUndefined();
  });
});
