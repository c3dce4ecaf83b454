/**
 * Text → sparse hashed feature vector (the hashing trick: a fixed number of buckets, so
 * the model's size does not grow with the vocabulary and unseen words need no table).
 *
 * Features: words, word bigrams, and character 3–5-grams inside each word. OCR text is
 * noisy ("lnvoice", "T0TAL", split words): a misread character spoils one word feature
 * but only a few of its n-grams, so the n-grams keep most of the evidence. Digits are
 * folded to 0 so amounts, dates and reference numbers count as their shape, not as
 * values that never recur.
 */
export const BUCKETS = 1 << 18;
const MASK = BUCKETS - 1;

/** Longer texts keep their head and tail: letterheads and totals live there, and it bounds the time. */
const HEAD_CHARS = 24_000;
const TAIL_CHARS = 8_000;
/** Words longer than this are OCR garbage or encoded data; their n-grams would only add noise. */
const MAX_WORD = 24;

export interface SparseVector {
  /** Bucket indices, ascending, unique. */
  idx: Uint32Array;
  val: Float32Array;
}

const WORD_SEED = 0x811c9dc5;
const CHAR_SEED = 0x01000193;

function fnv(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function tokens(text: string): string[] {
  const clipped =
    text.length > HEAD_CHARS + TAIL_CHARS ? `${text.slice(0, HEAD_CHARS)} ${text.slice(-TAIL_CHARS)}` : text;
  const words = clipped.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.map((w) => (/\d/.test(w) ? w.replace(/\d/g, '0') : w));
}

/**
 * Counts features into a reusable dense buffer (one array write per feature; a Map per
 * document was the slowest part of training), then reads back the touched buckets.
 */
export class Featurizer {
  private readonly counts = new Float32Array(BUCKETS);
  private touched = new Uint32Array(4096);
  private size = 0;

  private add(hash: number, weight: number): void {
    const b = hash & MASK;
    if (this.counts[b] === 0) {
      if (this.size === this.touched.length) {
        const grown = new Uint32Array(this.touched.length * 2);
        grown.set(this.touched);
        this.touched = grown;
      }
      this.touched[this.size++] = b;
    }
    this.counts[b] = this.counts[b]! + weight;
  }

  /** Term frequencies, sublinear (1 + ln tf): a word said ten times is not ten times the evidence. */
  termFrequencies(text: string): SparseVector {
    let previous = 0;
    for (const word of tokens(text)) {
      const h = fnv(word, WORD_SEED);
      this.add(h, 1);
      if (previous !== 0) this.add(mix(previous, h), 1);
      previous = h;
      if (word.length > MAX_WORD || word.length < 2) continue;
      const padded = ` ${word} `;
      for (let i = 0; i + 3 <= padded.length; i++) {
        let g = CHAR_SEED;
        for (let n = 0; n < 5 && i + n < padded.length; n++) {
          g = Math.imul(g ^ padded.charCodeAt(i + n), 16777619);
          if (n >= 2) this.add(g >>> 0, 1);
        }
      }
    }
    const idx = this.touched.slice(0, this.size).sort();
    const val = new Float32Array(idx.length);
    for (let i = 0; i < idx.length; i++) {
      const b = idx[i]!;
      val[i] = 1 + Math.log(this.counts[b]!);
      this.counts[b] = 0;
    }
    this.size = 0;
    return { idx, val };
  }
}

/** tf × idf, scaled to unit length (cosine similarity is then a dot product). */
export function weigh(tf: SparseVector, idf: Float32Array): SparseVector {
  const val = new Float32Array(tf.val.length);
  let norm = 0;
  for (let i = 0; i < val.length; i++) {
    const v = tf.val[i]! * idf[tf.idx[i]!]!;
    val[i] = v;
    norm += v * v;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < val.length; i++) val[i] = val[i]! * scale;
  return { idx: tf.idx, val };
}

/** Smoothed idf as scikit-learn's TfidfVectorizer computes it: ln((1 + n) / (1 + df)) + 1. */
export function inverseDocumentFrequency(df: Uint32Array, documents: number): Float32Array {
  const idf = new Float32Array(df.length);
  for (let i = 0; i < df.length; i++) idf[i] = Math.log((1 + documents) / (1 + df[i]!)) + 1;
  return idf;
}
