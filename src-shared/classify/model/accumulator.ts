/**
 * A sum of vectors over hashed buckets: a class centroid is the sum of its documents'
 * vectors. Small classes (most correspondents and tags) keep an open-addressing table in
 * typed arrays; a class whose table would outgrow a dense array switches to one (1 MB),
 * which is no bigger by then and makes each addition a plain array write.
 */
import { BUCKETS, type SparseVector } from './features.js';

/** At this many buckets the table (2 slots per entry, 12 bytes a slot) costs more than a dense Float32Array. */
const DENSE_AT = BUCKETS / 8;

export class Accumulator {
  private keys: Int32Array;
  private vals: Float64Array;
  private count = 0;
  private dense: Float32Array | undefined;
  documents = 0;

  constructor(capacity = 1024) {
    this.keys = new Int32Array(capacity).fill(-1);
    this.vals = new Float64Array(capacity);
  }

  add(vector: SparseVector): void {
    this.documents++;
    if (!this.dense && this.count + vector.idx.length > DENSE_AT) this.densify();
    const { idx, val } = vector;
    const dense = this.dense;
    if (dense) {
      for (let i = 0; i < idx.length; i++) dense[idx[i]!] = dense[idx[i]!]! + val[i]!;
      return;
    }
    if ((this.count + idx.length) * 2 > this.keys.length) this.grow(this.count + idx.length);
    const keys = this.keys;
    const mask = keys.length - 1;
    for (let i = 0; i < idx.length; i++) {
      const key = idx[i]!;
      let slot = Math.imul(key, 0x9e3779b1) & mask;
      for (;;) {
        const k = keys[slot]!;
        if (k === key) break;
        if (k === -1) {
          keys[slot] = key;
          this.count++;
          break;
        }
        slot = (slot + 1) & mask;
      }
      this.vals[slot] = this.vals[slot]! + val[i]!;
    }
  }

  private densify(): void {
    const dense = new Float32Array(BUCKETS);
    for (let s = 0; s < this.keys.length; s++) if (this.keys[s] !== -1) dense[this.keys[s]!] = this.vals[s]!;
    this.dense = dense;
    this.keys = new Int32Array(0);
    this.vals = new Float64Array(0);
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

  private entries(): { keys: Uint32Array; vals: Float64Array } {
    if (this.dense) {
      const keys: number[] = [];
      for (let b = 0; b < BUCKETS; b++) if (this.dense[b] !== 0) keys.push(b);
      return { keys: Uint32Array.from(keys), vals: Float64Array.from(keys, (b) => this.dense![b]!) };
    }
    const keys: number[] = [];
    const vals: number[] = [];
    for (let s = 0; s < this.keys.length; s++) {
      if (this.keys[s] === -1) continue;
      keys.push(this.keys[s]!);
      vals.push(this.vals[s]!);
    }
    return { keys: Uint32Array.from(keys), vals: Float64Array.from(vals) };
  }

  /**
   * The `limit` heaviest buckets of the sum, scaled to unit length, ascending by bucket.
   * Pruning keeps the model small and scoring fast; the tail it drops is mostly single
   * occurrences that say little about the class. `norm` is the length of the whole sum.
   */
  top(limit: number): { vector: SparseVector; norm: number } {
    const { keys, vals } = this.entries();
    let norm = 0;
    for (let i = 0; i < vals.length; i++) norm += vals[i]! * vals[i]!;
    // The limit-th largest weight by a numeric typed-array sort (a comparator sort over a
    // dense class's 100,000+ entries took longer than the additions).
    let cut = -Infinity;
    if (vals.length > limit) cut = Float64Array.from(vals).sort()[vals.length - limit]!;
    const order: number[] = [];
    for (let i = 0; i < keys.length && order.length < limit; i++) if (vals[i]! >= cut) order.push(i);
    order.sort((a, b) => keys[a]! - keys[b]!);
    const idx = Uint32Array.from(order, (i) => keys[i]!);
    const val = Float32Array.from(order, (i) => vals[i]!);
    let kept = 0;
    for (let i = 0; i < val.length; i++) kept += val[i]! * val[i]!;
    const scale = kept > 0 ? 1 / Math.sqrt(kept) : 0;
    for (let i = 0; i < val.length; i++) val[i] = val[i]! * scale;
    return { vector: { idx, val }, norm: Math.sqrt(norm) };
  }
}
