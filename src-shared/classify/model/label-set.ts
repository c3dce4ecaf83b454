/**
 * One label family (types, correspondents or tags) as pruned unit centroids: stored as
 * JSON with base64 arrays, and at run time as an inverted index (bucket → classes), so a
 * suggestion touches only the buckets the document has, whatever the number of classes.
 */
import type { Accumulator } from './accumulator.js';
import { decodeFloat32, decodeUint32, encodeFloat32, encodeUint32 } from './codec.js';
import { BUCKETS, type SparseVector } from './features.js';

export interface StoredLabelSet {
  names: string[];
  /** Training documents per class. */
  documents: number[];
  /** Length of each class's (unpruned) sum of unit document vectors: its mean self-similarity × documents. */
  norms: number[];
  /** Class c's buckets are idx[offsets[c] .. offsets[c+1]). */
  offsets: number[];
  idx: string;
  val: string;
  /** Types and correspondents: the softmax temperature, calibrated at training. */
  temperature?: number;
  /** Tags only: the cosine above which the tag is suggested, calibrated at training. */
  thresholds?: number[];
}

/**
 * Buckets kept per centroid. Pruning is also feature selection: on the labelled corpus
 * 2,000–4,000 scored 1–2 points better at k = 1 and 3 than keeping every bucket.
 */
export const CENTROID_BUCKETS = 4000;

export function buildLabelSet(classes: Map<string, Accumulator>): StoredLabelSet {
  const names = [...classes.keys()].sort();
  const parts = names.map((name) => classes.get(name)!.top(CENTROID_BUCKETS));
  const offsets = [0];
  for (const p of parts) offsets.push(offsets[offsets.length - 1]! + p.vector.idx.length);
  const idx = new Uint32Array(offsets[offsets.length - 1]!);
  const val = new Float32Array(idx.length);
  parts.forEach((p, c) => {
    idx.set(p.vector.idx, offsets[c]!);
    val.set(p.vector.val, offsets[c]!);
  });
  return {
    names,
    documents: names.map((name) => classes.get(name)!.documents),
    norms: parts.map((p) => p.norm),
    offsets,
    idx: encodeUint32(idx),
    val: encodeFloat32(val),
  };
}

export interface LabelIndex {
  names: string[];
  starts: Int32Array;
  classes: Int32Array;
  weights: Float32Array;
}

/** Undefined when the stored arrays do not fit together (a damaged model is retrained). */
export function indexLabelSet(stored: StoredLabelSet): LabelIndex | undefined {
  const idx = decodeUint32(stored.idx);
  const val = decodeFloat32(stored.val);
  const { names, offsets } = stored;
  if (!idx || !val || idx.length !== val.length || offsets.length !== names.length + 1) return undefined;
  if (offsets[0] !== 0 || offsets[names.length] !== idx.length) return undefined;
  const starts = new Int32Array(BUCKETS + 1);
  for (let i = 0; i < idx.length; i++) {
    const b = idx[i]!;
    if (b >= BUCKETS) return undefined;
    starts[b + 1] = starts[b + 1]! + 1;
  }
  for (let b = 0; b < BUCKETS; b++) starts[b + 1] = starts[b + 1]! + starts[b]!;
  const fill = starts.slice(0, BUCKETS);
  const classes = new Int32Array(idx.length);
  const weights = new Float32Array(idx.length);
  for (let c = 0; c < names.length; c++) {
    const from = offsets[c]!;
    const to = offsets[c + 1]!;
    if (!(from <= to)) return undefined;
    for (let i = from; i < to; i++) {
      const b = idx[i]!;
      const slot = fill[b]!;
      fill[b] = slot + 1;
      classes[slot] = c;
      weights[slot] = val[i]!;
    }
  }
  return { names, starts, classes, weights };
}

/** Cosine of a unit document vector with every class centroid. */
export function scoreClasses(index: LabelIndex, doc: SparseVector): Float64Array {
  const sims = new Float64Array(index.names.length);
  const { starts, classes, weights } = index;
  for (let i = 0; i < doc.idx.length; i++) {
    const b = doc.idx[i]!;
    const v = doc.val[i]!;
    for (let p = starts[b]!; p < starts[b + 1]!; p++) {
      const c = classes[p]!;
      sims[c] = sims[c]! + v * weights[p]!;
    }
  }
  return sims;
}
