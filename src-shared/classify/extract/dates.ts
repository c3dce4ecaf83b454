/**
 * Dates in a document's text (English, German, French; numeric and with month names),
 * each with the kind its label gives it: the document's own date, a due date, an
 * expiry, a birth date, a period… OCR look-alikes inside the digits are read past.
 */
import { MONTH_WORD, monthOf } from './months.js';

export type DateKind = 'document' | 'due' | 'expiry' | 'birth' | 'period' | 'other' | 'none';

export interface DateHit {
  /** ISO date, day-first where the printed date is ambiguous. */
  iso: string;
  /** The month-first reading of an ambiguous numeric date (both parts ≤ 12). */
  monthFirst: string | null;
  /** What the numbers alone say about the order: 'dmy' (day > 12 first), 'mdy', or null. */
  order: 'dmy' | 'mdy' | null;
  kind: DateKind;
  line: number;
  /** Read with a two-digit year or repaired digits: a little less trustworthy. */
  weak: boolean;
}

// Checked in this order: the first kind whose words appear in the label wins, so a
// "Due date" is a due date before it is a "date".
const KINDS: [DateKind, RegExp][] = [
  ['birth', /birth|geburt|\bn[ée]e? le\b|\bborn\b|\bdob\b|naissance/i],
  [
    'expiry',
    /expir|valid (?:until|thru|through|to|till)|g[üu]ltig bis|valable jusqu|warranty|garantie|end date|ablauf|vertragsende|fin de (?:contrat|validit)|l[äa]uft .*ab/i,
  ],
  [
    'due',
    /\bdue\b|payable (?:by|before|until|on)|pay by|zahlbar|f[äa]llig|zahlungsziel|[ée]ch[ée]ance|payer avant|r[ée]gler avant|vervaldatum|betalen voor/i,
  ],
  ['period', /period|zeitraum|p[ée]riode|\bbis\b|\buntil\b|jusqu|\bfrom\b.*\bto\b|\bdu\b.*\bau\b|\bvon\b/i],
  [
    'other',
    /order|bestell|commande|deliver|liefer|leistungsdatum|livraison|ship|versand|payment|zahlung|paiement|virement|verordnung|termin|valid from|g[üu]ltig ab|\bop\b/i,
  ],
  [
    'document',
    /date|datum|dated|tarikh|\bvom\b|\bdu\b|issued|ausgestellt|[ée]mise? le|factuur|rechnung|invoice|facture|receipt|quittung|beleg/i,
  ],
];

export function kindOf(label: string): DateKind {
  const text = label.replace(/\s+/g, ' ');
  if ((text.match(/\p{L}/gu)?.length ?? 0) < 2) return 'none';
  for (const [kind, pattern] of KINDS) if (pattern.test(text)) return kind;
  return 'none';
}

const D = '[\\dOoIlSBZ]';
// A date may follow its label with nothing between ("DATE05/05/2018", OCR ate the colon)
// and its year may run into the time ("05/05/201812:30").
const START = '(?:(?<![\\d\\p{L}])|(?<=(?:[Dd]ate|DATE|[Dd]atum|DATUM|[Tt]arikh|TARIKH)))';
const END = '(?:(?!\\d)|(?<=\\d{4})(?=\\d{1,2}:\\d{2}))';
const SEP = '\\s?([./-])\\s?';
const NUMERIC_DMY = new RegExp(`${START}(${D}{1,2})${SEP}(${D}{1,2})\\s?\\2\\s?(${D}{4}|${D}{2})${END}`, 'gu');
const NUMERIC_YMD = new RegExp(`(?<![\\d\\p{L}])(\\d{4})([./-])(\\d{1,2})\\2(\\d{1,2})(?!\\d)`, 'gu');
const TEXT_DMY = new RegExp(
  `(?<![\\d\\p{L}])(\\d{1,2})(?:st|nd|rd|th|er|\\.)?[\\s./-]{0,3}(${MONTH_WORD})[\\s.,/-]{0,3}(\\d{4}|\\d{2})(?![\\d])`,
  'gu',
);
// After a "Date" label a looser form is worth reading: mixed or blank separators.
const LABELLED_LOOSE = /(?:date|datum|tarikh)\W{0,4}(\d{1,2}) ?[./\- ] ?(\d{1,2}) ?[./\- ] ?(\d{4})(?!\d)/giu;
const TEXT_MDY = new RegExp(`(?<![\\p{L}])(${MONTH_WORD})\\s?(\\d{1,2})(?:st|nd|rd|th)?,?\\s(\\d{4})(?!\\d)`, 'gu');

const digits = (s: string) =>
  s.replace(/[Oo]/g, '0').replace(/[Il]/g, '1').replace(/S/g, '5').replace(/B/g, '8').replace(/Z/g, '2');

function fullYear(y: number, twoDigit: boolean, todayYear: number): number {
  if (!twoDigit) return y;
  return 2000 + y <= todayYear + 20 ? 2000 + y : 1900 + y;
}

function isoOf(y: number, m: number, d: number, todayYear: number): string | null {
  // Expiries lie ahead: any year this century is read; pick-dates bounds the document's.
  if (y < 1900 || y > todayYear + 60 || m < 1 || m > 12 || d < 1) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

interface Raw {
  start: number;
  end: number;
  iso: string;
  monthFirst: string | null;
  order: 'dmy' | 'mdy' | null;
  weak: boolean;
}

function datesInLine(line: string, todayYear: number): Raw[] {
  const found: Raw[] = [];
  if (!/\d/.test(line)) return found;
  const taken = (start: number, end: number) => found.some((f) => start < f.end && end > f.start);
  const add = (raw: Raw) => {
    if (!taken(raw.start, raw.end)) found.push(raw);
  };
  for (const m of line.matchAll(NUMERIC_YMD)) {
    const iso = isoOf(Number(m[1]), Number(m[3]), Number(m[4]), todayYear);
    if (iso) add({ start: m.index!, end: m.index! + m[0].length, iso, monthFirst: null, order: null, weak: false });
  }
  for (const m of line.matchAll(NUMERIC_DMY)) {
    const [a, b, y] = [m[1]!, m[3]!, m[4]!].map(digits) as [string, string, string];
    // Look-alikes are read only inside numbers: each part keeps a real digit, and at
    // most two characters of the whole are repaired.
    if (!/\d{2}/.test(m[4]!) || !/\d/.test(m[1]!) || !/\d/.test(m[3]!)) continue;
    if ((m[1]! + m[3]! + m[4]!).replace(/\d/g, '').length > 2) continue;
    const year = fullYear(Number(y), y.length === 2, todayYear);
    const dayFirst = isoOf(year, Number(b), Number(a), todayYear);
    const monthFirst = isoOf(year, Number(a), Number(b), todayYear);
    const iso = dayFirst ?? monthFirst;
    if (!iso) continue;
    const weak = y.length === 2 || digits(m[0]) !== m[0];
    // Only a four-digit year says anything about the order: "12.17.26" is a time.
    const order = dayFirst && monthFirst ? null : weak ? null : dayFirst ? 'dmy' : 'mdy';
    add({
      start: m.index!,
      end: m.index! + m[0].length,
      iso,
      monthFirst: order === null && monthFirst !== dayFirst ? monthFirst : null,
      order,
      weak,
    });
  }
  for (const m of line.matchAll(TEXT_DMY)) {
    const month = monthOf(m[2]!);
    const year = fullYear(Number(m[3]), m[3]!.length === 2, todayYear);
    const iso = month ? isoOf(year, month, Number(m[1]), todayYear) : null;
    if (iso) add({ start: m.index!, end: m.index! + m[0].length, iso, monthFirst: null, order: null, weak: false });
  }
  for (const m of line.matchAll(TEXT_MDY)) {
    const month = monthOf(m[1]!);
    const iso = month ? isoOf(Number(m[3]), month, Number(m[2]), todayYear) : null;
    if (iso) add({ start: m.index!, end: m.index! + m[0].length, iso, monthFirst: null, order: null, weak: false });
  }
  for (const m of line.matchAll(LABELLED_LOOSE)) {
    const start = m.index! + m[0].indexOf(m[1]!, m[0].search(/\d/));
    const iso = isoOf(Number(m[3]), Number(m[2]), Number(m[1]), todayYear);
    if (iso) add({ start, end: m.index! + m[0].length, iso, monthFirst: null, order: null, weak: true });
  }
  return found.sort((x, y) => x.start - y.start);
}

/** Every date in the text, in reading order, with the kind its nearest label gives it. */
export function findDates(text: string, todayYear: number): DateHit[] {
  const lines = text.split(/\r?\n|\f/);
  const perLine = lines.map((line) => datesInLine(line, todayYear));
  const hits: DateHit[] = [];
  lines.forEach((line, index) => {
    const raws = perLine[index]!;
    raws.forEach((raw, k) => {
      // The label is the text just before the date on its line; on a line of its own,
      // the line above ("Due date" / "12.03.2024"); failing both, the text after it
      // ("20-10-2015 Invoice Date:").
      let label = line.slice(k === 0 ? 0 : raws[k - 1]!.end, raw.start);
      if (kindOf(label) === 'none' && label.trim().length < 3) {
        const above = [index - 1, index - 2].find((j) => j >= 0 && lines[j]!.trim() !== '');
        if (above !== undefined && perLine[above]!.length === 0) label = lines[above]!;
      }
      if (kindOf(label) === 'none') label = line.slice(raw.end, raws[k + 1]?.start ?? line.length);
      hits.push({ ...raw, kind: kindOf(label), line: index });
    });
  });
  return hits;
}
