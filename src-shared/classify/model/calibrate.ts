/**
 * Per-tag thresholds: tags are multi-label, so each tag needs its own cut-off, and fewer,
 * right suggestions beat many. Each threshold is the cosine that maximises F0.5 (precision
 * counts twice as much as recall) over a sample of the training documents, scoring each
 * member leave-one-out: its own vector taken out of the centroid, or every member would
 * look like a perfect match.
 */
import type { SparseVector } from './features.js';
import { indexLabelSet, scoreClasses, type StoredLabelSet } from './label-set.js';

/** For tags too rare to calibrate (fewer than two members in the sample). */
export const DEFAULT_TAG_THRESHOLD = 0.35;
/** Below this a tag's centroid and a document share little more than common n-grams. */
const MIN_TAG_THRESHOLD = 0.12;

/**
 * Cosine of a member with its class centroid once the member is taken out: `sim` is its
 * cosine with the whole unit centroid, `norm` the length of the sum of the class's unit vectors.
 */
export function leaveOneOut(sim: number, norm: number): number {
  const dot = sim * norm;
  const rest = norm * norm - 2 * dot + 1;
  return rest > 1e-9 ? Math.max(0, (dot - 1) / Math.sqrt(rest)) : 0;
}

export function bestThreshold(scored: { score: number; positive: boolean }[]): number | undefined {
  const positives = scored.filter((s) => s.positive).length;
  if (positives < 2) return undefined;
  const sorted = [...scored].sort((a, b) => b.score - a.score);
  let tp = 0;
  let fp = 0;
  let best = -1;
  let threshold: number | undefined;
  for (const s of sorted) {
    if (s.positive) tp++;
    else fp++;
    if (!s.positive || s.score <= 0) continue;
    const precision = tp / (tp + fp);
    const recall = tp / positives;
    const f = (1.25 * precision * recall) / (0.25 * precision + recall);
    if (f > best) {
      best = f;
      threshold = s.score;
    }
  }
  return threshold;
}

export function calibrateTags(stored: StoredLabelSet, sample: { vector: SparseVector; tags: string[] }[]): number[] {
  const index = indexLabelSet(stored);
  if (!index) return stored.names.map(() => DEFAULT_TAG_THRESHOLD);
  const scored = stored.names.map(() => [] as { score: number; positive: boolean }[]);
  for (const { vector, tags } of sample) {
    const sims = scoreClasses(index, vector);
    stored.names.forEach((name, t) => {
      const positive = tags.includes(name);
      scored[t]!.push({ score: positive ? leaveOneOut(sims[t]!, stored.norms[t]!) : sims[t]!, positive });
    });
  }
  const calibrated = scored.map(bestThreshold);
  const known = calibrated.filter((t): t is number => t !== undefined).sort((a, b) => a - b);
  const fallback = known.length > 0 ? known[Math.floor(known.length / 2)]! : DEFAULT_TAG_THRESHOLD;
  return calibrated.map((t) => Math.max(MIN_TAG_THRESHOLD, t ?? fallback));
}
