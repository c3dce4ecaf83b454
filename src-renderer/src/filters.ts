/** The filter bar's choices as search-language tokens, so a view is just a query string. */
import { locale } from './i18n/index.js';

export interface Filters {
  type: string;
  correspondent: string;
  tag: string;
  /** YYYY-MM-DD, inclusive. */
  from: string;
  /** YYYY-MM-DD, inclusive. */
  to: string;
}

export const NO_FILTERS: Filters = { type: '', correspondent: '', tag: '', from: '', to: '' };

const quote = (v: string) => `"${v.replace(/"/g, '')}"`;

function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function filterTokens(f: Filters): string {
  return [
    f.type && `type:${quote(f.type)}`,
    f.correspondent && `correspondent:${quote(f.correspondent)}`,
    f.tag && `tag:${quote(f.tag)}`,
    f.from && `from:${f.from}`,
    f.to && `before:${dayAfter(f.to)}`,
  ]
    .filter(Boolean)
    .join(' ');
}

export function combinedQuery(text: string, f: Filters): string {
  return [text.trim(), filterTokens(f)].filter(Boolean).join(' ');
}

/** A year ("2024") or a month ("2024-03") as the From/To pair of days it covers. */
export function periodRange(period: string): Pick<Filters, 'from' | 'to'> {
  const [y, m] = period.split('-').map(Number);
  if (!m) return { from: `${y}-01-01`, to: `${y}-12-31` };
  const last = new Date(Date.UTC(y!, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, '0');
  return { from: `${y}-${mm}-01`, to: `${y}-${mm}-${last}` };
}

/** The period a From/To pair is exactly (a whole year or month), if it is one. */
export function periodOf(f: Pick<Filters, 'from' | 'to'>): string | undefined {
  const year = f.from.slice(0, 4);
  const month = f.from.slice(0, 7);
  for (const p of [year, month]) {
    const r = periodRange(p);
    if (f.from && r.from === f.from && r.to === f.to) return p;
  }
  return undefined;
}

/** "2024", "March 2024", or a range of days, in the user's locale (a local date, so no time zone moves it). */
export function periodLabel(f: Pick<Filters, 'from' | 'to'>): string {
  const p = periodOf(f);
  const local = (day: string) => {
    const [y, m, d] = day.split('-').map(Number);
    return new Date(y!, (m ?? 1) - 1, d ?? 1);
  };
  if (p && p.length === 4) return new Intl.DateTimeFormat(locale(), { year: 'numeric' }).format(local(p));
  if (p) return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'long' }).format(local(p));
  const day = new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' });
  if (f.from && f.to) return day.formatRange(local(f.from), local(f.to));
  return f.from ? `≥ ${day.format(local(f.from))}` : `≤ ${day.format(local(f.to))}`;
}
