/**
 * The total (amount payable) and the other labelled amounts of a document. Every line
 * whose label reads as a total is a candidate; the strongest label wins, then the one
 * other lines repeat (the cash paid, the card charged), then the later one (a net total
 * after the grand total). A rounding adjustment turns the total before it into the
 * rounded total, and "$" read as "5" in a dollar document is read back.
 */
import { currencyFor, documentCurrency } from './currency.js';
import { commaDecimals, numbersIn, repairNumbers, type NumberToken } from './numbers.js';
import { isAmountLabel, isRounding, squeeze, totalWeight } from './total-label.js';

export interface Money {
  value: number;
  currency: string | null;
  label: string | null;
}

interface Candidate {
  value: number;
  weight: number;
  line: number;
  label: string;
}

interface Line {
  text: string;
  nums: NumberToken[];
}

const round2 = (v: number) => Math.round(v * 100) / 100;

function cleanLabel(label: string): string | null {
  const s = label
    .replace(/\b(?:RM|MYR|EUR|USD|GBP)\b|[$€£₹:©®|[\]{}]/g, ' ')
    .replace(/\(\s*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
  return /\p{L}{2}/u.test(s) ? s : null;
}

/** The next non-blank line holds nothing but an amount ("TOTAL" / "60.30"). */
function loneAmount(lines: Line[], from: number): { at: number; num: NumberToken } | null {
  for (let i = from + 1; i < Math.min(lines.length, from + 3); i++) {
    const { text, nums } = lines[i]!;
    if (!text.trim()) continue;
    const rest = text.replace(/\b(?:RM|MYR|EUR|USD|GBP)\b|[$€£₹]/g, '');
    if (nums.length === 1 && nums[0]!.decimal && (rest.match(/\p{L}/gu)?.length ?? 0) <= 2)
      return { at: i, num: nums[0]! };
    return null;
  }
  return null;
}

const amountAfter = (l: Line, label: RegExp) =>
  label.test(squeeze(l.text.slice(0, l.nums[0]?.start ?? 0))) ? l.nums.at(-1) : undefined;

function paidLessChange(lines: Line[]): { value: number; line: number; label: string } | null {
  const paidAt = lines.findIndex((l) => amountAfter(l, /^(?:cash|visa|mastercard|card|credit|debit|tendered|paid)/));
  if (paidAt < 0) return null;
  const paid = amountAfter(lines[paidAt]!, /./)!.value;
  const change = lines.slice(paidAt + 1, paidAt + 4).find((l) => amountAfter(l, /^change/));
  const value = round2(paid - (change ? amountAfter(change, /./)!.value : 0));
  return change && value > 0 ? { value, line: paidAt, label: 'Paid less change' } : null;
}

export function pickAmounts(text: string): { total: Money | null; amounts: Money[] } {
  const comma = commaDecimals(text);
  const currency = documentCurrency(text);
  const lines: Line[] = text.split(/\r?\n|\f/).map((raw) => {
    if (!/\d/.test(raw)) return { text: raw, nums: [] };
    const repaired = repairNumbers(raw);
    return { text: repaired, nums: numbersIn(repaired, comma) };
  });
  const decimals = lines.some((l) => l.nums.some((n) => n.decimal));
  const dollars = (text.match(/\$\s?\d/g)?.length ?? 0) >= 2;
  const summary = lines.findIndex((l) => /(?:gst|tax|vat)\s*summ?a/i.test(l.text));
  const seen = new Map<number, Set<number>>();
  lines.forEach((l, i) => l.nums.forEach((n) => seen.set(n.value, (seen.get(n.value) ?? new Set()).add(i))));

  const candidates: Candidate[] = [];
  const others: Money[] = [];
  const roundings: number[] = [];
  lines.forEach((l, i) => {
    const label = l.nums.length ? l.text.slice(0, l.nums[0]!.start) : l.text;
    const weight = totalWeight(label);
    if (isRounding(label)) roundings.push(i);
    if (!l.nums.length) {
      const next = weight === null ? null : loneAmount(lines, i);
      if (next) candidates.push({ value: next.num.value, weight: weight! - 0.5, line: next.at, label });
      return;
    }
    // A row of several amounts ("Total : 616.59 0.00") is a table's: its largest, trusted less.
    const amounts = l.nums.filter((n) => n.decimal || !decimals);
    const chosen = amounts.length ? amounts.reduce((a, b) => (b.value > a.value ? b : a)) : l.nums.at(-1)!;
    let value = chosen.value;
    if (dollars && /^5\d*[.,]\d{2}$/.test(chosen.raw) && !/\$\s?$/.test(l.text.slice(0, chosen.start))) {
      const stripped = Number(chosen.raw.slice(1).replace(',', '.'));
      if ([...(seen.get(stripped) ?? [])].some((j) => j !== i)) value = stripped;
    }
    if (weight !== null && value > 0) {
      let w = weight;
      if (l.nums.length > 1) w -= 1;
      // "Total Incl. GST 2700" beside a "27.00": OCR dropped the decimal point.
      if (decimals && !chosen.decimal) {
        if (value >= 100 && seen.has(value / 100)) value /= 100;
        else w -= 1.5;
      }
      if (summary >= 0 && i > summary) w -= 1.5;
      candidates.push({ value, weight: w, line: i, label });
    }
    if (isRounding(label) && Math.abs(value) <= 0.1 && value !== 0 && chosen.decimal) {
      // The rounded total: the nearest total above, adjusted.
      const before = candidates.filter((c) => c.line < i && c.line >= i - 6).at(-1);
      if (before)
        candidates.push({ ...before, value: round2(before.value + value), weight: before.weight + 0.5, line: i });
    }
    const named = cleanLabel(label);
    if (named && isAmountLabel(label) && chosen.decimal)
      others.push({ value, currency: currencyFor(l.text, currency), label: named });
  });

  // A total a few cents off an earlier one, past a rounding line, is that total rounded
  // (even when the adjustment itself is unreadable: "Rounding Adjustment RM OQ 02").
  for (const c of candidates) {
    const rounded = candidates.find(
      (p) =>
        p.line < c.line &&
        Math.abs(p.value - c.value) <= 0.1 &&
        p.value !== c.value &&
        roundings.some((r) => r > p.line && r < c.line),
    );
    if (rounded) c.weight = Math.max(c.weight, rounded.weight + 0.5);
  }

  // No total printed (or none readable): what was paid less the change given.
  if (!candidates.length) {
    const paid = paidLessChange(lines);
    if (paid) candidates.push({ ...paid, weight: 0 });
  }

  let best: { c: Candidate; score: number } | null = null;
  for (const c of candidates) {
    const repeats = [...(seen.get(c.value) ?? [])].filter((j) => j !== c.line).length;
    const score = c.weight + Math.min(repeats, 2) * 0.25 + (c.line / lines.length) * 0.1;
    if (!best || score > best.score) best = { c, score };
  }
  const win = (best as { c: Candidate } | null)?.c;
  const total = win
    ? { value: win.value, currency: currencyFor(lines[win.line]!.text, currency), label: cleanLabel(win.label) }
    : null;
  const amounts = others.filter((m) => !(total && m.value === total.value && m.label === total.label)).slice(0, 10);
  return { total, amounts };
}
