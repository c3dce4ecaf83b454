/**
 * Currencies as ISO 4217 codes, from the symbols and codes a text prints. "$" is USD
 * unless the text is plainly Malaysian (RM, MYR, Sdn Bhd: receipts there print "$" for ringgit)
 * or names another dollar.
 */
const MARKS: [string, RegExp][] = [
  ['MYR', /\bMYR\b|\bRM\s?\d|\bRM\b/],
  ['EUR', /€|\bEUR\b|\bEuro?\b/i],
  ['GBP', /£|\bGBP\b/],
  ['INR', /₹|\bINR\b|\bRs\.?\s?\d/],
  ['CHF', /\bCHF\b/],
  ['JPY', /¥|\bJPY\b/],
  ['AUD', /\bAUD\b|A\$/],
  ['CAD', /\bCAD\b|C\$/],
  ['SGD', /\bSGD\b|S\$/],
  ['USD', /\bUSD\b|US\$|\$/],
];

/** The currency one line names, if any. */
export function currencyIn(line: string): string | null {
  for (const [code, mark] of MARKS) if (mark.test(line)) return code;
  return null;
}

/** The currency a whole text names most often (a declared "Rechnungswährung" first). */
export function documentCurrency(text: string): string | null {
  const declared = /(?:w[äa]hrung|currency|devise)\s*:?\s*([A-Z]{3})\b/i.exec(text)?.[1];
  if (declared) return declared.toUpperCase();
  let best: string | null = null;
  let most = 0;
  for (const [code, mark] of MARKS) {
    const n =
      text.match(new RegExp(mark.source, mark.flags.includes('g') ? mark.flags : `${mark.flags}g`))?.length ?? 0;
    if (n > most) [best, most] = [code, n];
  }
  if (best === 'USD' && (MARKS[0]![1].test(text) || /\bSdn\.?\s*Bhd\b|Malaysia/i.test(text))) return 'MYR';
  return best;
}

/** A line's currency, falling back to the document's; "$" in a ringgit document is MYR. */
export function currencyFor(line: string, fallback: string | null): string | null {
  const own = currencyIn(line);
  if (own === 'USD' && fallback === 'MYR' && !/USD|US\$/.test(line)) return 'MYR';
  return own ?? fallback;
}
