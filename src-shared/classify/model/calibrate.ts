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
/** A tag whose best cut-off is right less often than this is never suggested: its documents share nothing the text shows. */
export const MIN_PRECISION = 0.6;
/** Above any cosine. */
export const NEVER = 2;
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

/** Undefined when the sample holds too few members to tell; NEVER when no cut-off is precise enough. */
export function bestThreshold(scored: { score: number; positive: boolean }[]): number | undefined {
  const positives = scored.filter((s) => s.positive).length;
  if (positives < 2) return undefined;
  const sorted = [...scored].sort((a, b) => b.score - a.score);
  let tp = 0;
  let fp = 0;
  let best = -1;
  let threshold = NEVER;
  for (const [i, s] of sorted.entries()) {
    if (s.positive) tp++;
    else fp++;
    if (!s.positive || s.score <= 0) continue;
    // Two lucky documents at the top are no evidence: the cut-off must catch a share of the tag.
    if (tp < Math.min(3, positives) || tp < 0.1 * positives) continue;
    const precision = tp / (tp + fp);
    const recall = tp / positives;
    const f = (1.25 * precision * recall) / (0.25 * precision + recall);
    if (precision >= MIN_PRECISION && f > best) {
      best = f;
      // Halfway to the next score below, not at this member's own: a new document a hair less
      // alike than the least alike member taken must still get the tag.
      threshold = (s.score + (sorted[i + 1]?.score ?? 0)) / 2;
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
  const known = calibrated.filter((t): t is number => t !== undefined && t < NEVER).sort((a, b) => a - b);
  const fallback = known.length > 0 ? known[Math.floor(known.length / 2)]! : DEFAULT_TAG_THRESHOLD;
  // A tag too rare to calibrate takes the typical tag's cut-off: one document is still predictable.
  return calibrated.map((t) => Math.max(MIN_TAG_THRESHOLD, t ?? fallback));
}

/** Temperatures tried, geometric from 0.002 to 0.2. */
const TEMPERATURES = Array.from({ length: 21 }, (_, i) => 0.002 * 100 ** (i / 20));
export const DEFAULT_TEMPERATURE = 0.02;

/**
 * Softmax temperature for a single-label family (temperature scaling): the one that makes
 * the sample's own labels most likely, each document scored leave-one-out. How far apart a
 * document's cosines are depends on the library: correspondents whose letters differ only
 * in the letterhead sit a few thousandths apart, types of document a few hundredths.
 * Documents of single-document classes say nothing here (taken out, nothing is left).
 */
export function calibrateTemperature(
  stored: StoredLabelSet,
  sample: { vector: SparseVector; label: string | null }[],
): number {
  const index = indexLabelSet(stored);
  if (!index || stored.names.length < 2) return DEFAULT_TEMPERATURE;
  const rows: Float64Array[] = [];
  const truth: number[] = [];
  for (const { vector, label } of sample) {
    const c = label === null ? -1 : stored.names.indexOf(label);
    if (c < 0 || stored.documents[c]! < 2) continue;
    const sims = scoreClasses(index, vector);
    sims[c] = leaveOneOut(sims[c]!, stored.norms[c]!);
    rows.push(sims);
    truth.push(c);
  }
  if (rows.length < 5) return DEFAULT_TEMPERATURE;
  let best = DEFAULT_TEMPERATURE;
  let bestLoss = Infinity;
  for (const t of TEMPERATURES) {
    let loss = 0;
    rows.forEach((sims, r) => {
      const top = Math.max(...sims);
      let sum = 0;
      for (let c = 0; c < sims.length; c++) sum += Math.exp((sims[c]! - top) / t);
      loss += Math.log(sum) - (sims[truth[r]!]! - top) / t;
    });
    if (loss < bestLoss) {
      bestLoss = loss;
      best = t;
    }
  }
  return best;
}
