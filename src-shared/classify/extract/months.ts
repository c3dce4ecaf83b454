/**
 * Month names in English, German and French (and the Dutch ones that differ, since
 * Dutch invoices are common in the same mail), full and abbreviated, accents optional.
 */
const NAMES: [number, string[]][] = [
  [1, ['january', 'jan', 'januar', 'jänner', 'janner', 'janvier', 'janv', 'januari']],
  [2, ['february', 'feb', 'febr', 'februar', 'février', 'fevrier', 'févr', 'fevr', 'fév', 'fev', 'februari']],
  [3, ['march', 'mar', 'märz', 'maerz', 'marz', 'mär', 'mrz', 'mars', 'maart', 'mrt']],
  [4, ['april', 'apr', 'avril', 'avr']],
  [5, ['may', 'mai', 'mei']],
  [6, ['june', 'jun', 'juni', 'juin']],
  [7, ['july', 'jul', 'juli', 'juillet', 'juil']],
  [8, ['august', 'aug', 'août', 'aout', 'augustus']],
  [9, ['september', 'sep', 'sept', 'septembre']],
  [10, ['october', 'oct', 'oktober', 'okt', 'octobre']],
  [11, ['november', 'nov', 'novembre']],
  [12, ['december', 'dec', 'dezember', 'dez', 'décembre', 'decembre', 'déc']],
];

const BY_NAME = new Map<string, number>();
for (const [month, names] of NAMES) for (const name of names) BY_NAME.set(name, month);
const ABBREVIATIONS = [...BY_NAME.entries()].filter(([name]) => name.length === 3);

/** Regex source for a month-like word, OCR's 0 and 1 for o and l included ("0ct", "Ju1"). */
export const MONTH_WORD = '(?=[01]*[A-Za-zÀ-ÿ])[A-Za-zÀ-ÿ01]{3,10}\\.?';

/**
 * The month a word names, or null. OCR slips of one letter in a three-letter
 * abbreviation ("Var" for "Mar") are accepted when only one month is that close.
 */
export function monthOf(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, '').replace(/0/g, 'o').replace(/1/g, 'l');
  const exact = BY_NAME.get(w);
  if (exact) return exact;
  if (w.length !== 3) return null;
  const near = new Set(
    ABBREVIATIONS.filter(([name]) => [...name].filter((c, i) => c !== w[i]).length === 1).map(([, m]) => m),
  );
  return near.size === 1 ? [...near][0]! : null;
}
