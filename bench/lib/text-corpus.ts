/**
 * Deterministic, realistic-looking document text for benchmarks: a Zipf-
 * distributed vocabulary (a few very common words, a long tail of rare ones)
 * mixed with the names, amounts and dates that personal papers carry.
 */
export function rng(seed: number): () => number {
  // mulberry32
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMON =
  'the of and to in a is that for it as with was on be by this are from at or an have not which all their has account payment amount total date invoice number customer service contract insurance policy bank statement balance tax return medical patient doctor health card address phone please period year month reference due paid credit debit transfer interest fee'.split(
    ' ',
  );
const SYLLABLES = 'ka ro mi te lu sa ne vo ri da po ze fa gu li mo be ta ki nu re so wa yu ha pe di jo ma'.split(' ');
const NAMES =
  'Anna Kowalski,Jonas Müller,Marie Dubois,Liam Smith,Sofia Rossi,Noah Jensen,Emma Novak,Lucas Martin,Mia Schneider,Oliver Brown'.split(
    ',',
  );
const ISSUERS =
  'ACME Bank,Allianz,City Hospital,Tax Office,Deutsche Telekom,EDF Energie,Landlord GmbH,Insurance Mutual,Health Clinic,Car Dealer'.split(
    ',',
  );
export const TYPES = ['Invoice', 'Bank statement', 'Letter', 'Contract', 'Medical record', 'Tax'];
export const TAGS = ['finance', 'health', 'home', 'car', 'work', 'tax', 'insurance', 'family'];

export function vocabulary(size: number, random: () => number): string[] {
  const words = new Set<string>(COMMON);
  while (words.size < size) {
    const n = 2 + Math.floor(random() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
}

/** Zipf sampler over `words` (s = 1.05). */
export function zipf(words: string[], random: () => number): () => string {
  const weights = words.map((_, i) => 1 / (i + 1) ** 1.05);
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w));
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo]!;
  };
}

export interface BenchDoc {
  title: string;
  text: string;
  createdAt: string;
  tags: string[];
  type: string;
}

export function documents(count: number, seed = 1): { docs: () => Generator<BenchDoc>; words: string[] } {
  const random = rng(seed);
  const words = vocabulary(20_000, random);
  const word = zipf(words, random);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  function* docs(): Generator<BenchDoc> {
    for (let i = 0; i < count; i++) {
      const type = pick(TYPES);
      const issuer = pick(ISSUERS);
      const date = new Date(
        Date.UTC(2015 + Math.floor(random() * 11), Math.floor(random() * 12), 1 + Math.floor(random() * 28)),
      );
      const lines = [
        `${issuer}`,
        `${type} for ${pick(NAMES)}`,
        `Date ${date.toISOString().slice(0, 10)} Reference ${Math.floor(random() * 1e8)}`,
      ];
      let length = lines.join('\n').length;
      while (length < 3000) {
        const sentence: string[] = [];
        const n = 6 + Math.floor(random() * 14);
        for (let k = 0; k < n; k++) sentence.push(random() < 0.04 ? (random() * 10000).toFixed(2) : word());
        const line = `${sentence.join(' ')}.`;
        lines.push(line);
        length += line.length + 1;
      }
      yield {
        title: `${type} ${issuer} ${date.toISOString().slice(0, 7)}`,
        text: lines.join('\n'),
        createdAt: date.toISOString(),
        tags: [pick(TAGS), ...(random() < 0.3 ? [pick(TAGS)] : [])],
        type,
      };
    }
  }
  return { docs, words };
}

/** 200 mixed queries: common, rare, two-word, phrase, prefix, filtered, excluding. */
export function queries(words: string[], seed = 7, count = 200): string[] {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const common = words.slice(0, 60);
  const mid = words.slice(60, 2000);
  const rare = words.slice(2000);
  const kinds = [
    () => pick(common),
    () => pick(mid),
    () => pick(rare),
    () => `${pick(mid)} ${pick(mid)}`,
    () => `${pick(common)} ${pick(rare)}`,
    () => `"${pick(common)} ${pick(common)}"`,
    () => pick(mid).slice(0, 3),
    () => `${pick(mid)} tag:${pick(TAGS)}`,
    () => `${pick(common)} -${pick(mid)}`,
    () => `${pick(mid)} after:2020 before:2023`,
    () => `${pick(mid)} type:"${pick(TYPES)}"`,
    () => `${pick(NAMES).split(' ')[1]} ${pick(mid)}`,
  ];
  return Array.from({ length: count }, (_, i) => kinds[i % kinds.length]!());
}
