/**
 * Text → sparse hashed feature vector (the hashing trick: a fixed number of buckets, so
 * the model's size does not grow with the vocabulary and unseen words need no table).
 *
 * Features: words, word bigrams, and character 3–5-grams inside each word. OCR text is
 * noisy ("lnvoice", "T0TAL", split words): a misread character spoils one word feature
 * but only a few of its n-grams, so the n-grams keep most of the evidence. Digits are
 * folded to 0 so amounts, dates and reference numbers count as their shape, not as
 * values that never recur.
 *
 * Words and n-grams hash into separate halves of the buckets and are scaled to unit length
 * apart, then mixed 80:20 (squared): measured on the labelled corpus (bench/classify), the
 * n-grams alone or at full weight (they outnumber words ten to one) cost 2–4 points of type
 * accuracy against words alone, at 20% they cost nothing and still match misread words.
 */
export const BUCKETS = 1 << 18;
const HALF = BUCKETS >> 1;
const WORD_MASK = HALF - 1;
/** Share of the squared length given to the character n-grams. */
const NGRAM_SHARE = 0.2;

/** Longer texts keep their head and tail: letterheads and totals live there, and it bounds the time. */
const HEAD_CHARS = 24_000;
const TAIL_CHARS = 8_000;
/** Words longer than this are OCR garbage or encoded data; their n-grams would only add noise. */
const MAX_WORD = 24;
/** Words whose buckets are kept (~150 bytes each): enough for a library's everyday vocabulary. */
const WORD_CACHE = 50_000;

export interface SparseVector {
  /** Bucket indices, unique, in no particular order. */
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

  private reserve(needed: number): void {
    let length = this.touched.length;
    while (length < needed) length *= 2;
    const grown = new Uint32Array(length);
    grown.set(this.touched.subarray(0, this.size));
    this.touched = grown;
  }

  private add(b: number, weight: number): void {
    if (this.counts[b] === 0) {
      if (this.size === this.touched.length) this.reserve(this.size + 1);
      this.touched[this.size++] = b;
    }
    this.counts[b] = this.counts[b]! + weight;
  }

  /**
   * Each word's hash and n-gram buckets, computed once per Featurizer: words recur across
   * documents, and hashing their n-grams again was most of the training time. Cleared when
   * full, so noisy OCR vocabularies cannot grow it without bound.
   */
  private readonly words = new Map<string, Uint32Array>();

  private bucketsOf(word: string): Uint32Array {
    let buckets = this.words.get(word);
    if (buckets) return buckets;
    const grams = word.length > MAX_WORD || word.length < 2 ? 0 : 3 * word.length - 3;
    buckets = new Uint32Array(1 + grams);
    buckets[0] = fnv(word, WORD_SEED);
    let k = 1;
    if (grams > 0) {
      const padded = ` ${word} `;
      for (let i = 0; i + 3 <= padded.length; i++) {
        let g = CHAR_SEED;
        for (let n = 0; n < 5 && i + n < padded.length; n++) {
          g = Math.imul(g ^ padded.charCodeAt(i + n), 16777619);
          if (n >= 2) buckets[k++] = HALF | (g & WORD_MASK);
        }
      }
    }
    if (this.words.size >= WORD_CACHE) this.words.clear();
    this.words.set(word, buckets);
    return buckets;
  }

  /** Term frequencies, sublinear (1 + ln tf): a word said ten times is not ten times the evidence. */
  termFrequencies(text: string): SparseVector {
    // Each distinct word's n-grams are added once, weighted by its count.
    const counts = new Map<string, number>();
    let previous = 0;
    for (const word of tokens(text)) {
      counts.set(word, (counts.get(word) ?? 0) + 1);
      const h = fnv(word, WORD_SEED);
      this.add(h & WORD_MASK, 1);
      if (previous !== 0) this.add(mix(previous, h) & WORD_MASK, 1);
      previous = h;
    }
    const tf = this.counts;
    for (const [word, count] of counts) {
      const buckets = this.bucketsOf(word);
      if (this.size + buckets.length > this.touched.length) this.reserve(this.size + buckets.length);
      const touched = this.touched;
      let size = this.size;
      for (let k = 1; k < buckets.length; k++) {
        const b = buckets[k]!;
        const c = tf[b]!;
        if (c === 0) touched[size++] = b;
        tf[b] = c + count;
      }
      this.size = size;
    }
    // Unsorted: nothing downstream merges vectors, and sorting was most of the training time.
    const idx = this.touched.slice(0, this.size);
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

/** tf × idf, words and n-grams each scaled to their share of a unit length (cosine is then a dot product). */
export function weigh(tf: SparseVector, idf: Float32Array): SparseVector {
  const val = new Float32Array(tf.val.length);
  let words = 0;
  let ngrams = 0;
  for (let i = 0; i < val.length; i++) {
    const v = tf.val[i]! * idf[tf.idx[i]!]!;
    val[i] = v;
    if (tf.idx[i]! < HALF) words += v * v;
    else ngrams += v * v;
  }
  // A text with only one kind (digits only have no n-grams) gives that kind the whole length.
  const share = words === 0 ? 1 : ngrams === 0 ? 0 : NGRAM_SHARE;
  const wordScale = words > 0 ? Math.sqrt((1 - share) / words) : 0;
  const ngramScale = ngrams > 0 ? Math.sqrt(share / ngrams) : 0;
  for (let i = 0; i < val.length; i++) val[i] = val[i]! * (tf.idx[i]! < HALF ? wordScale : ngramScale);
  return { idx: tf.idx, val };
}

/** Smoothed idf as scikit-learn's TfidfVectorizer computes it: ln((1 + n) / (1 + df)) + 1. */
export function inverseDocumentFrequency(df: Uint32Array, documents: number): Float32Array {
  const idf = new Float32Array(df.length);
  for (let i = 0; i < df.length; i++) idf[i] = Math.log((1 + documents) / (1 + df[i]!)) + 1;
  return idf;
}
