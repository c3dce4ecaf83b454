/**
 * A calendar day (YYYY-MM-DD) as people read and type it in their locale.
 *
 * Why not `<input type="date">`: Chromium draws it in the browser's own locale
 * (mm/dd/yyyy on an English system even when Lockleaf speaks German), beside
 * dates Intl writes as "31 Jan 2025", so one screen shows two formats. A text
 * field shows the day as Intl writes it and reads back what people type: the
 * locale's numeric order (31.1.2025 in German, 1/31/2025 in the US), ISO, or a
 * month by name in the locale or English ("31 jan 2025", "März 3 2024").
 */

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The ISO day when it exists in the calendar (no 31 April), else undefined. */
function day(year: number, month: number, date: number): string | undefined {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || date < 1) return undefined;
  const d = new Date(Date.UTC(year, month - 1, date));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== date) return undefined;
  return `${year}-${pad(month)}-${pad(date)}`;
}

/** "31 Jan 2025", "31.01.2025" style as Intl writes it for the locale (dateStyle medium), in UTC so it never shifts. */
export function formatDay(iso: string, locale: string): string {
  const m = ISO.exec(iso);
  if (!m) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))),
  );
}

/** The order of day, month and year in the locale's numeric dates, e.g. ['month', 'day', 'year'] for en-US. */
export function numericOrder(locale: string): ('day' | 'month' | 'year')[] {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' })
    .formatToParts(new Date(Date.UTC(2025, 0, 31)))
    .map((p) => p.type)
    .filter((t): t is 'day' | 'month' | 'year' => t === 'day' || t === 'month' || t === 'year');
}

/** A two-digit year: this century unless that is more than ten years ahead. */
function fullYear(text: string, now: Date): number {
  const n = Number(text);
  if (text.length > 2) return n;
  const century = Math.floor(now.getUTCFullYear() / 100) * 100;
  return century + n > now.getUTCFullYear() + 10 ? century - 100 + n : century + n;
}

/** Month names (long and short) of the locale and of English, lower case without dots, to their number. */
function monthNames(locale: string): Map<string, number> {
  const names = new Map<string, number>();
  for (const loc of [locale, 'en'])
    for (const width of ['long', 'short'] as const) {
      const f = new Intl.DateTimeFormat(loc, { month: width, timeZone: 'UTC' });
      for (let m = 1; m <= 12; m++)
        names.set(
          f
            .format(new Date(Date.UTC(2025, m - 1, 1)))
            .toLowerCase()
            .replace(/\.$/, ''),
          m,
        );
    }
  return names;
}

function byName(words: string[], locale: string, now: Date): string | undefined {
  const names = monthNames(locale);
  let month: number | undefined;
  const numbers: string[] = [];
  for (const w of words) {
    if (/^\d+$/.test(w)) numbers.push(w);
    else {
      // "sept", "mär", "janv": a prefix of three letters or more names a month when it names just one.
      const hits = new Set([...names].filter(([name]) => w.length >= 3 && name.startsWith(w)).map(([, m]) => m));
      if (hits.size !== 1 || month !== undefined) return undefined;
      month = [...hits][0];
    }
  }
  if (month === undefined || numbers.length !== 2) return undefined;
  const [a, b] = numbers as [string, string];
  // The year is the four-digit number, or else the second ("31 Jan 25").
  const [date, year] = a.length === 4 ? [b, a] : [a, b];
  return day(fullYear(year, now), month, Number(date));
}

/**
 * Reads a typed day. '' for an empty field (no date); undefined when the text is not a day
 * (the field then says so and keeps the text for the user to correct).
 */
export function parseDay(text: string, locale: string, now = new Date()): string | undefined | '' {
  const s = text.trim().toLowerCase();
  if (s === '') return '';
  const iso = ISO.exec(s);
  if (iso) return day(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const words = s.split(/[\s.,/\-–]+/u).filter(Boolean);
  if (words.length === 3 && words.every((w) => /^\d+$/.test(w))) {
    const parts: Record<string, string> = {};
    numericOrder(locale).forEach((kind, i) => (parts[kind] = words[i]!));
    // A year written first is ISO-like order whatever the locale ("2025/1/31").
    if (words[0]!.length === 4) Object.assign(parts, { year: words[0], month: words[1], day: words[2] });
    return day(fullYear(parts.year!, now), Number(parts.month), Number(parts.day));
  }
  return byName(words, locale, now);
}
