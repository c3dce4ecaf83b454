/**
 * A sparse sum of vectors over hashed buckets: open addressing in typed arrays. A class
 * centroid is the sum of its documents' vectors; a dense array per class would cost 1 MB
 * each (hundreds of correspondents), a JS Map per class was several times slower.
 */
import type { SparseVector } from './features.js';

export class Accumulator {
  private keys: Int32Array;
  private vals: Float64Array;
  private count = 0;
  documents = 0;

  constructor(capacity = 1024) {
    this.keys = new Int32Array(capacity).fill(-1);
    this.vals = new Float64Array(capacity);
  }

  add(vector: SparseVector): void {
    this.documents++;
    if ((this.count + vector.idx.length) * 2 > this.keys.length) this.grow(this.count + vector.idx.length);
    const mask = this.keys.length - 1;
    for (let i = 0; i < vector.idx.length; i++) {
      const key = vector.idx[i]!;
      let slot = Math.imul(key, 0x9e3779b1) & mask;
      for (;;) {
        const k = this.keys[slot]!;
        if (k === key) break;
        if (k === -1) {
          this.keys[slot] = key;
          this.count++;
          break;
        }
        slot = (slot + 1) & mask;
      }
      this.vals[slot] = this.vals[slot]! + vector.val[i]!;
    }
  }

  private grow(needed: number): void {
    let capacity = this.keys.length;
    while (needed * 2 > capacity) capacity *= 2;
    const { keys, vals } = this;
    this.keys = new Int32Array(capacity).fill(-1);
    this.vals = new Float64Array(capacity);
    const mask = capacity - 1;
    for (let s = 0; s < keys.length; s++) {
      const key = keys[s]!;
      if (key === -1) continue;
      let slot = Math.imul(key, 0x9e3779b1) & mask;
      while (this.keys[slot] !== -1) slot = (slot + 1) & mask;
      this.keys[slot] = key;
      this.vals[slot] = vals[s]!;
    }
  }

  /**
   * The `limit` heaviest buckets of the sum, scaled to unit length, ascending by bucket.
   * Pruning keeps the model small and scoring fast; the tail it drops is mostly single
   * occurrences that say little about the class. `norm` is the length of the whole sum.
   */
  top(limit: number): { vector: SparseVector; norm: number } {
    const entries: number[] = [];
    let norm = 0;
    for (let s = 0; s < this.keys.length; s++) {
      if (this.keys[s] === -1) continue;
      entries.push(s);
      norm += this.vals[s]! * this.vals[s]!;
    }
    if (entries.length > limit) entries.sort((a, b) => this.vals[b]! - this.vals[a]!).length = limit;
    entries.sort((a, b) => this.keys[a]! - this.keys[b]!);
    const idx = new Uint32Array(entries.length);
    const val = new Float32Array(entries.length);
    let kept = 0;
    for (let i = 0; i < entries.length; i++) {
      idx[i] = this.keys[entries[i]!]!;
      val[i] = this.vals[entries[i]!]!;
      kept += val[i]! * val[i]!;
    }
    const scale = kept > 0 ? 1 / Math.sqrt(kept) : 0;
    for (let i = 0; i < val.length; i++) val[i] = val[i]! * scale;
    return { vector: { idx, val }, norm: Math.sqrt(norm) };
  }
}
