/**
 * Suggestions from a trained model. The decoded arrays and inverted indexes are built once
 * per model object and kept beside it (a WeakMap), so each suggestion only featurises the
 * text and walks the buckets it contains.
 */
import { decodeFloat32 } from './codec.js';
import { Featurizer, weigh, type SparseVector } from './features.js';
import { indexLabelSet, scoreClasses, type LabelIndex, type StoredLabelSet } from './label-set.js';
import type { ClassifierModel } from './model.js';

export interface Scored {
  name: string;
  confidence: number;
}

export interface LabelSuggestions {
  type: Scored | null;
  correspondent: Scored | null;
  tags: Scored[];
}

interface Runtime {
  idf: Float32Array;
  type: LabelIndex;
  correspondent: LabelIndex;
  tags: LabelIndex;
}

/**
 * Softmax temperature over cosines: cosines of one document with different centroids
 * differ by a few hundredths, so a temperature of 0.03 turns a clear lead into a
 * confidence near 1 and a tie into ~0.5.
 */
const TEMPERATURE = 0.03;
/** Below this the best class is no more credible than a guess: null rather than noise. */
export const MIN_CONFIDENCE = 0.35;
const MAX_TAGS = 5;

const runtimes = new WeakMap<ClassifierModel, Runtime | null>();
const featurizer = new Featurizer();

/** Undefined when the model's arrays are damaged. */
export function runtimeOf(model: ClassifierModel): Runtime | undefined {
  let runtime = runtimes.get(model);
  if (runtime === undefined) {
    const idf = decodeFloat32(model.idf);
    const type = indexLabelSet(model.type);
    const correspondent = indexLabelSet(model.correspondent);
    const tags = indexLabelSet(model.tags);
    const ok = idf && idf.length === model.buckets && type && correspondent && tags;
    runtime = ok ? { idf, type, correspondent, tags } : null;
    runtimes.set(model, runtime);
  }
  return runtime ?? undefined;
}

/**
 * How far the best centroid is from being credible at all: its cosine against the
 * class's typical member cosine (|sum| / n); a document at half of that is fully credible.
 */
function credibility(stored: StoredLabelSet, c: number, sim: number): number {
  const n = stored.documents[c]!;
  // A single document's centroid is the document itself (typical cosine 1): use a typical
  // few-document class's cosine instead, so one example still predicts its near-copies.
  const typical = n > 1 ? stored.norms[c]! / n : 0.5;
  return Math.min(1, sim / (0.5 * typical));
}

function single(stored: StoredLabelSet, index: LabelIndex, doc: SparseVector): Scored | null {
  if (index.names.length === 0) return null;
  const sims = scoreClasses(index, doc);
  let best = 0;
  for (let c = 1; c < sims.length; c++) if (sims[c]! > sims[best]!) best = c;
  let sum = 0;
  for (let c = 0; c < sims.length; c++) sum += Math.exp((sims[c]! - sims[best]!) / TEMPERATURE);
  // A lone class competes with "none of these" at the credibility bar, not with nothing.
  const probability = sims.length === 1 ? 1 : 1 / sum;
  const confidence = probability * credibility(stored, best, sims[best]!);
  return confidence >= MIN_CONFIDENCE ? { name: index.names[best]!, confidence } : null;
}

function multi(stored: StoredLabelSet, index: LabelIndex, doc: SparseVector): Scored[] {
  const sims = scoreClasses(index, doc);
  const out: Scored[] = [];
  index.names.forEach((name, t) => {
    const threshold = stored.thresholds?.[t] ?? 1;
    // 0.5 at the calibrated threshold, rising towards 1 a few hundredths above it.
    const confidence = 1 / (1 + Math.exp(-(sims[t]! - threshold) / 0.03));
    if (sims[t]! >= threshold) out.push({ name, confidence });
  });
  return out.sort((a, b) => b.confidence - a.confidence).slice(0, MAX_TAGS);
}

export function suggestLabels(model: ClassifierModel, text: string): LabelSuggestions {
  const runtime = runtimeOf(model);
  if (!runtime) return { type: null, correspondent: null, tags: [] };
  const doc = weigh(featurizer.termFrequencies(text), runtime.idf);
  if (doc.idx.length === 0) return { type: null, correspondent: null, tags: [] };
  return {
    type: single(model.type, runtime.type, doc),
    correspondent: single(model.correspondent, runtime.correspondent, doc),
    tags: multi(model.tags, runtime.tags, doc),
  };
}
