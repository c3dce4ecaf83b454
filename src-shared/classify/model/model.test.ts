import { describe, expect, it } from 'vitest';
import { parseModel, serializeModel, suggestLabels, trainClassifier, type TrainingExample } from './index.js';

// Synthetic texts, written for these tests: a few kinds of personal paper, each with its
// own vocabulary, plus shared filler so every document also looks like every other.
const FILLER = 'please keep this document for your records thank you page one of two reference number date';
const KINDS = {
  invoice: 'invoice amount due payment terms net thirty vat subtotal total item quantity unit price',
  payslip: 'payslip gross salary net pay income tax social security pension employer employee hours',
  prescription: 'prescription pharmacy dosage tablets twice daily physician patient refill allergy',
};
const CORRESPONDENTS = {
  'Stadtwerke Nord': 'stadtwerke nord kundenservice strom gas',
  'Acme Payroll': 'acme payroll services human resources',
  'Green Cross Pharmacy': 'green cross pharmacy health centre',
};

function text(kind: keyof typeof KINDS, who: keyof typeof CORRESPONDENTS, n: number): string {
  const words = KINDS[kind].split(' ');
  // Each document a different selection and order of its kind's words, and a number of its own.
  const body = words.filter((_, i) => (i + n) % 3 !== 0).reverse();
  return `${CORRESPONDENTS[who]}\n${FILLER} ${1000 + n}\n${body.join(' ')} ${words[n % words.length]}`;
}

const examples: TrainingExample[] = [
  ...[1, 2, 3].map((n) => ({
    text: text('invoice', 'Stadtwerke Nord', n),
    type: 'Invoice',
    correspondent: 'Stadtwerke Nord',
    tags: ['utilities', 'finance'],
  })),
  ...[1, 2, 3].map((n) => ({
    text: text('payslip', 'Acme Payroll', n),
    type: 'Payslip',
    correspondent: 'Acme Payroll',
    tags: ['work', 'finance'],
  })),
  // One document only: still predictable.
  {
    text: text('prescription', 'Green Cross Pharmacy', 1),
    type: 'Prescription',
    correspondent: null,
    tags: ['health'],
  },
];

describe('trainClassifier / suggestLabels', () => {
  const model = trainClassifier(examples);

  it('suggests the type and correspondent of a new document of a known kind', () => {
    const s = suggestLabels(model, text('payslip', 'Acme Payroll', 7));
    expect(s.type?.name).toBe('Payslip');
    expect(s.correspondent?.name).toBe('Acme Payroll');
    expect(s.type!.confidence).toBeGreaterThan(0.5);
    expect(s.type!.confidence).toBeLessThanOrEqual(1);
  });

  it('predicts a class that has a single training document', () => {
    expect(suggestLabels(model, text('prescription', 'Green Cross Pharmacy', 5)).type?.name).toBe('Prescription');
  });

  it('reads past OCR misreadings through character n-grams', () => {
    // Every word misread in one place, as OCR does ("lnvoice", "am0unt"): no word is left
    // whole, so only the n-grams on either side of each misreading can match.
    const misread = KINDS.invoice
      .split(' ')
      .map((w) => `${w.slice(0, 2)}${'lI0'[w.length % 3]}${w.slice(3)}`)
      .join(' ');
    expect(misread.split(' ').some((w) => KINDS.invoice.split(' ').includes(w))).toBe(false);
    expect(suggestLabels(model, misread).type?.name).toBe('Invoice');
  });

  it('suggests nothing for a text unlike anything filed, or an empty one', () => {
    const unrelated = 'zebra quartz volcano saxophone meteor glacier harpoon kumquat tundra walrus';
    expect(suggestLabels(model, unrelated)).toEqual({ type: null, correspondent: null, tags: [] });
    expect(suggestLabels(model, '  ')).toEqual({ type: null, correspondent: null, tags: [] });
  });

  it('suggests only the tags of the matching kind', () => {
    const tags = suggestLabels(model, text('invoice', 'Stadtwerke Nord', 9)).tags.map((t) => t.name);
    expect(tags).toContain('utilities');
    expect(tags).not.toContain('work');
    expect(tags).not.toContain('health');
  });

  it('reports progress up to the whole of both passes', () => {
    const reports: [number, number][] = [];
    trainClassifier(examples, { onProgress: (done, total) => reports.push([done, total]) });
    // Both passes read all seven documents (fewer than the idf sample): 14 steps, the last reported.
    expect(reports).toEqual([[14, 14]]);
  });

  it('learns nothing from documents without text or labels', () => {
    const empty = trainClassifier([
      { text: '', type: 'Invoice', correspondent: null, tags: [] },
      { text: text('invoice', 'Stadtwerke Nord', 1), type: null, correspondent: null, tags: [] },
    ]);
    expect(empty.documents).toBe(0);
    expect(suggestLabels(empty, text('invoice', 'Stadtwerke Nord', 2))).toEqual({
      type: null,
      correspondent: null,
      tags: [],
    });
  });
});

describe('serializeModel / parseModel', () => {
  const model = trainClassifier(examples);

  it('round-trips to a model that suggests the same', () => {
    const json = serializeModel(model);
    const parsed = parseModel(json)!;
    expect(parsed).toEqual(JSON.parse(json));
    const doc = text('invoice', 'Stadtwerke Nord', 11);
    expect(suggestLabels(parsed, doc)).toEqual(suggestLabels(model, doc));
  });

  it('refuses another version, a damaged array and garbage', () => {
    const value = JSON.parse(serializeModel(model));
    expect(parseModel(JSON.stringify({ ...value, version: 2 }))).toBeUndefined();
    expect(parseModel(JSON.stringify({ ...value, idf: value.idf.slice(0, -8) }))).toBeUndefined();
    expect(parseModel(JSON.stringify({ ...value, type: { ...value.type, offsets: [0] } }))).toBeUndefined();
    expect(parseModel(JSON.stringify({ ...value, tags: { ...value.tags, idx: '!!!!' } }))).toBeUndefined();
    expect(parseModel('{"version":1')).toBeUndefined();
    expect(parseModel('null')).toBeUndefined();
  });
});
