import { describe, expect, it } from 'vitest';
import { bestThreshold, leaveOneOut, NEVER } from './calibrate.js';

describe('tag thresholds', () => {
  it('cuts where precision holds', () => {
    const scored = [
      { score: 0.9, positive: true },
      { score: 0.8, positive: true },
      { score: 0.7, positive: true },
      { score: 0.6, positive: false },
      { score: 0.5, positive: true },
      { score: 0.4, positive: false },
      { score: 0.3, positive: false },
    ];
    // Halfway between the last member taken (0.7) and the first document left out (0.6).
    expect(bestThreshold(scored)).toBeCloseTo(0.65);
  });

  it('never suggests a tag whose members look like everything else', () => {
    const scored = Array.from({ length: 40 }, (_, i) => ({ score: (i * 7919) % 40, positive: i % 5 === 0 }));
    expect(bestThreshold(scored)).toBe(NEVER);
  });

  it('cannot tell from fewer than two members', () => {
    expect(
      bestThreshold([
        { score: 0.9, positive: true },
        { score: 0.1, positive: false },
      ]),
    ).toBeUndefined();
  });

  it('takes a member out of its centroid', () => {
    // Two orthogonal unit vectors: the sum has length √2, each has cosine 1/√2 with it, and 0 with the other.
    expect(leaveOneOut(Math.SQRT1_2, Math.SQRT2)).toBeCloseTo(0, 6);
    // Two identical vectors: the other one is the same vector.
    expect(leaveOneOut(1, 2)).toBeCloseTo(1, 6);
  });
});
