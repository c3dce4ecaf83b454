import { describe, expect, it } from 'vitest';
import { formatDay, numericOrder, parseDay } from './day-text.js';

const NOW = new Date('2026-11-30T12:00:00Z');

describe('formatDay', () => {
  it('writes the day as Intl does for the locale, never ISO', () => {
    expect(formatDay('2025-01-31', 'en-US')).toBe('Jan 31, 2025');
    expect(formatDay('2025-01-31', 'de')).toBe('31.01.2025');
    expect(formatDay('2025-01-31', 'fr')).toBe('31 janv. 2025');
  });

  it('keeps the calendar day whatever the time zone (UTC)', () => {
    expect(formatDay('2025-03-01', 'en-GB')).toBe('1 Mar 2025');
  });
});

describe('parseDay', () => {
  it('reads the locale numeric order', () => {
    expect(numericOrder('en-US')).toEqual(['month', 'day', 'year']);
    expect(numericOrder('de')).toEqual(['day', 'month', 'year']);
    expect(parseDay('1/31/2025', 'en-US', NOW)).toBe('2025-01-31');
    expect(parseDay('31.1.2025', 'de', NOW)).toBe('2025-01-31');
    expect(parseDay('31/01/2025', 'fr', NOW)).toBe('2025-01-31');
    expect(parseDay('3/4/25', 'en-GB', NOW)).toBe('2025-04-03');
    expect(parseDay('3/4/25', 'en-US', NOW)).toBe('2025-03-04');
  });

  it('reads ISO and a year written first in any locale', () => {
    expect(parseDay('2025-01-31', 'de', NOW)).toBe('2025-01-31');
    expect(parseDay('2025/1/31', 'en-US', NOW)).toBe('2025-01-31');
  });

  it('reads months by name in the locale and in English', () => {
    expect(parseDay('Jan 31, 2025', 'en-US', NOW)).toBe('2025-01-31');
    expect(parseDay('31 janv. 2025', 'fr', NOW)).toBe('2025-01-31');
    expect(parseDay('3. März 2024', 'de', NOW)).toBe('2024-03-03');
    expect(parseDay('3 march 2024', 'de', NOW)).toBe('2024-03-03');
    expect(parseDay('sept 9 2024', 'en-US', NOW)).toBe('2024-09-09');
  });

  it('round-trips what formatDay writes', () => {
    for (const locale of ['en-US', 'en-GB', 'de', 'fr'])
      for (const iso of ['2025-01-31', '2024-02-29', '1999-12-01'])
        expect(parseDay(formatDay(iso, locale), locale, NOW)).toBe(iso);
  });

  it('takes two-digit years as this century unless more than ten years ahead', () => {
    expect(parseDay('1.1.36', 'de', NOW)).toBe('2036-01-01');
    expect(parseDay('1.1.37', 'de', NOW)).toBe('1937-01-01');
  });

  it('says empty for an empty field and undefined for what is not a day', () => {
    expect(parseDay('  ', 'de', NOW)).toBe('');
    expect(parseDay('31.4.2025', 'de', NOW)).toBeUndefined();
    expect(parseDay('2025-02-29', 'de', NOW)).toBeUndefined();
    expect(parseDay('tomorrow', 'en-US', NOW)).toBeUndefined();
    expect(parseDay('ma 3 2024', 'fr', NOW)).toBeUndefined(); // "ma": mai or mars
    expect(parseDay('12/13/2025', 'de', NOW)).toBeUndefined();
  });
});
