import { describe, expect, it } from 'vitest';
import type { InboxItem, Suggestion } from '../classify.js';
import { acceptInputFor, hasFileTitle, mergedSuggestion } from './accept-input.js';
import type { Extraction } from './extract/extract.js';
import { makeSuggestion, matchCorrespondent, titleFor } from './make-suggestion.js';

/** The month as this machine's language writes it (titles follow the user's locale). */
const MAY_2026 = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
  new Date('2026-05-12T00:00:00Z'),
);
const NOTHING: Extraction = {
  documentDate: null,
  total: null,
  amounts: [],
  dueDate: null,
  expiryDate: null,
  company: null,
};

describe('on-device suggestion', () => {
  it('titles name the month in the given language, never an ISO date', () => {
    expect(titleFor('Invoice', 'Coolblue', '2026-05-12', 'de-DE')).toBe('Coolblue · Invoice · Mai 2026');
    expect(titleFor('Invoice', null, '2026-05-12', 'fr-FR')).toBe('Invoice · mai 2026');
    expect(titleFor(null, null, '2026-05-12')).toBeNull();
  });

  it("files under the user's own correspondent when the page names it another way", () => {
    expect(matchCorrespondent('COOLBLUE B.V.\nFactuur 12345', 'COOLBLUE B.V.', ['Coolblue', 'Cool'])).toBe('Coolblue');
    expect(matchCorrespondent('Your order from Acme GmbH', null, ['ACME'])).toBe('ACME');
    expect(matchCorrespondent('Nothing to see', 'Other Shop', ['Coolblue'])).toBeUndefined();
    // Names shorter than three letters would match everywhere.
    expect(matchCorrespondent('a b c', null, ['B'])).toBeUndefined();
  });

  it('leaves out guesses below the confidence floor, and headings as correspondents', () => {
    const labels = {
      type: { name: 'Contract', confidence: 0.2 },
      correspondent: null,
      tags: [
        { name: 'work', confidence: 0.9 },
        { name: 'home', confidence: 0.1 },
      ],
    };
    const s = makeSuggestion(labels, { ...NOTHING, company: 'CONSULTING AGREEMENT' }, 'CONSULTING AGREEMENT', []);
    expect(s).toMatchObject({ type: null, correspondent: null, tags: [{ name: 'work' }], title: null });
    const bill = makeSuggestion(
      undefined,
      {
        ...NOTHING,
        company: 'Harbour Telecom plc',
        total: { value: 4, currency: 'EUR', label: null },
        documentDate: '2026-05-12',
      },
      'Harbour Telecom plc',
      [],
    );
    expect(bill).toMatchObject({
      correspondent: { name: 'Harbour Telecom plc' },
      title: `Harbour Telecom plc · ${MAY_2026}`,
    });
  });
});

const item = (over: Partial<InboxItem> = {}): InboxItem => ({
  id: 'd1',
  title: 'scan-0042',
  originalName: 'scan-0042.pdf',
  mime: 'application/pdf',
  addedAt: '2026-01-01T00:00:00.000Z',
  current: {
    type: null,
    correspondent: null,
    tags: ['keep'],
    createdAt: '2026-01-01T00:00:00.000Z',
    total: null,
    dueDate: null,
    expiryDate: null,
  },
  suggestion: null,
  aiSuggestion: null,
  aiQueued: false,
  aiExcluded: false,
  ...over,
});
const suggestion = (over: Partial<Suggestion>): Suggestion => ({
  source: 'device',
  title: 'Bill',
  type: { name: 'Invoice', confidence: 0.8 },
  correspondent: null,
  tags: [
    { name: 'Keep', confidence: 0.9 },
    { name: 'bills', confidence: 0.9 },
  ],
  documentDate: '2026-02-03',
  total: { value: 10, currency: null, label: null },
  dueDate: null,
  expiryDate: null,
  summary: null,
  ...over,
});

describe('accepting as suggested', () => {
  it("keeps the user's own values and names, adds tags without doubling them, and drops a total without currency", () => {
    const input = acceptInputFor(item({ suggestion: suggestion({}), current: { ...item().current, type: 'Letter' } }));
    expect(input).toMatchObject({
      title: 'Bill',
      type: 'Letter',
      tags: ['keep', 'bills'],
      documentDate: '2026-02-03',
      total: null,
    });
    const named = acceptInputFor(item({ title: 'My bill', suggestion: suggestion({}) }));
    expect(named.title).toBe('My bill');
    expect(hasFileTitle({ title: 'archive.tar', originalName: 'archive.tar.gz' })).toBe(true);
  });

  it("takes Claude's fields where it gave them and the device's elsewhere", () => {
    const merged = mergedSuggestion(
      item({
        suggestion: suggestion({ dueDate: '2026-03-01' }),
        aiSuggestion: suggestion({
          source: 'ai',
          title: 'Electricity bill',
          tags: [],
          dueDate: null,
          summary: 'Power.',
        }),
      }),
    );
    expect(merged).toMatchObject({ source: 'ai', title: 'Electricity bill', dueDate: '2026-03-01', summary: 'Power.' });
    expect(merged?.tags.map((t) => t.name)).toEqual(['Keep', 'bills']);
  });
});
