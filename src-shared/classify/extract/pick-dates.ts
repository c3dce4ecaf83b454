/**
 * Chooses the document's date, its due date and its expiry among the dates found.
 * The document's date prefers a labelled issue/invoice/receipt date, then an
 * unlabelled one, earliest first; never a birth, due, expiry or period date.
 */
import { findDates, type DateHit, type DateKind } from './dates.js';

export interface PickedDates {
  documentDate: string | null;
  dueDate: string | null;
  expiryDate: string | null;
}

const WEIGHT: Partial<Record<DateKind, number>> = { document: 10, none: 5, other: 2 };

/**
 * Ambiguous numeric dates are read day-first (receipts and most of the world), unless
 * the document's other dates are month-first ("11/17/2017") or the locale is en-US and
 * nothing in the document is day-first.
 */
function monthFirstDocument(hits: DateHit[], locale: string | undefined): boolean {
  const mdy = hits.some((h) => h.order === 'mdy');
  const dmy = hits.some((h) => h.order === 'dmy');
  if (mdy !== dmy) return mdy;
  return !dmy && /^en-US$/i.test(locale ?? '');
}

export function pickDates(text: string, options: { locale?: string; today?: string } = {}): PickedDates {
  const todayYear = Number((options.today ?? new Date().toISOString()).slice(0, 4));
  const found = findDates(text, todayYear);
  const monthFirst = monthFirstDocument(found, options.locale);
  const hits = found.map((h) => (monthFirst && h.monthFirst ? { ...h, iso: h.monthFirst } : h));
  const count = new Map<string, number>();
  for (const h of hits) count.set(h.iso, (count.get(h.iso) ?? 0) + 1);

  let best: { iso: string; score: number } | null = null;
  hits.forEach((h, order) => {
    const weight = WEIGHT[h.kind];
    const year = Number(h.iso.slice(0, 4));
    if (weight === undefined || year < 1990 || year > todayYear + 1) return;
    // Repeated dates (printed twice on a receipt) and exact readings count a little;
    // among equals the earliest wins (the header's date, not a payment's).
    const score = weight + (count.get(h.iso)! > 1 ? 1 : 0) - (h.weak ? 0.5 : 0) - order * 0.01;
    if (!best || score > best.score) best = { iso: h.iso, score };
  });
  const first = (kind: DateKind) => hits.find((h) => h.kind === kind)?.iso ?? null;
  return {
    documentDate: (best as { iso: string } | null)?.iso ?? null,
    dueDate: first('due'),
    expiryDate: first('expiry'),
  };
}
