/**
 * Amounts as printed, read past OCR: look-alike letters inside numbers ("RMO.00",
 * "1O.5O"), spaces around the decimal point ("65. 20", "39 . 00"), and both decimal
 * conventions ("1,234.56" and "1.234,56").
 */

export interface NumberToken {
  value: number;
  /** Characters of the line before the number (its label, when it has one). */
  start: number;
  end: number;
  /** The number had a decimal part (an amount rather than a count or an id). */
  decimal: boolean;
  /** As printed, after the OCR repairs. */
  raw: string;
}

/**
 * Repairs one line for number reading. Look-alikes become digits only when they touch
 * a digit (or a decimal point before a digit), so words are left alone.
 */
export function repairNumbers(line: string): string {
  let out = line
    .replace(/[Oo](?=[.,]?\d)|(?<=\d[.,]?)[Oo]/g, '0')
    .replace(/(?<=\d)[Il|](?=\d)|(?<=\d[.,])[Il|]/g, '1')
    // "65. 20", "39 . 00", "RM 8 .20": OCR splits the decimal part off.
    .replace(/(\d) ?([.,]) (\d{2})(?![\d.,])/g, '$1$2$3')
    .replace(/(\d) ([.,])(\d{2})(?![\d.,])/g, '$1$2$3')
    // "RM40.00", "5.00SR": a currency or tax code glued to an amount.
    .replace(/(\p{L}|[$€£₹])(?=\d+[.,]\d{2}(?!\d))/gu, '$1 ')
    .replace(/(\d[.,]\d{2})(?=\p{L})/gu, '$1 ');
  // "RM 64 13": a decimal point read as a space, at the end of a line without decimals.
  if (!/\d[.,]\d{2}(?!\d)/.test(out)) out = out.replace(/(?<![\d.,])(\d{1,5}) (\d{2})\s*$/, '$1.$2');
  return out;
}

/** Whether the text writes decimals with a comma (1.234,56) rather than a point. */
export function commaDecimals(text: string): boolean {
  const comma = text.match(/\d,\d{2}(?![\d,.])/g)?.length ?? 0;
  const point = text.match(/\d\.\d{2}(?![\d,.])/g)?.length ?? 0;
  return comma > point;
}

/** Parses one number as printed; `commaDecimal` settles "1.234" (thousands) vs "1.23". */
export function parseNumber(raw: string, commaDecimal = false): { value: number; decimal: boolean } | null {
  const s = raw.replace(/['’\s]/g, '');
  if (!/^\d[\d.,]*$/.test(s) || /[.,]{2}/.test(s)) return null;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let intPart = s;
  let frac = '';
  if (lastDot >= 0 && lastComma >= 0) {
    const at = Math.max(lastDot, lastComma);
    intPart = s.slice(0, at).replace(/[.,]/g, '');
    frac = s.slice(at + 1);
  } else {
    const sep = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : '';
    if (sep) {
      const parts = s.split(sep);
      const tail = parts[parts.length - 1]!;
      const thousands = parts.length > 2 || (tail.length === 3 && (sep === ',') !== commaDecimal);
      if (thousands && tail.length === 3 && parts.slice(1).every((p) => p.length === 3)) intPart = parts.join('');
      else if (parts.length === 2 && tail.length <= 2) {
        intPart = parts[0]!;
        frac = tail;
      } else if (parts.length === 2 && tail.length === 3) {
        intPart = parts[0]!;
        frac = tail;
      } else return null;
    }
  }
  const value = Number(`${intPart}.${frac || '0'}`);
  return Number.isFinite(value) ? { value, decimal: frac.length > 0 } : null;
}

const NUMBER = /(?<![\p{L}\d.,/#-])(-\s?)?(\d[\d.,']*\d|\d)(?![\p{L}\d%]|[.,]\d|\/|:\d)/gu;

/** The numbers of one (repaired) line, left to right; percentages, times and ids are skipped. */
export function numbersIn(line: string, commaDecimal = false): NumberToken[] {
  const out: NumberToken[] = [];
  // Times and dates are not amounts: blanked, keeping the offsets.
  const masked = line
    .replace(/\d{1,2} ?: ?\d{2}(?: ?: ?\d{2})?/g, (m) => ' '.repeat(m.length))
    .replace(/\d{1,4}[./-]\d{1,2}[./-]\d{2,4}/g, (m) => ' '.repeat(m.length));
  for (const m of masked.matchAll(NUMBER)) {
    const parsed = parseNumber(m[2]!, commaDecimal);
    if (!parsed) continue;
    const sign = m[1] || /\(\s*$/.test(masked.slice(0, m.index)) ? -1 : 1;
    out.push({
      value: Math.round(sign * parsed.value * 100) / 100,
      start: m.index!,
      end: m.index! + m[0].length,
      decimal: parsed.decimal,
      raw: m[0],
    });
  }
  return out;
}
