import { describe, expect, it } from 'vitest';
import { InvalidPatternError, patternProblem, redact, type RedactionKind } from './redact.js';

/** Each secret, in the text it came in: it must be gone and its marker there. */
const MUST_GO: [RedactionKind, string, string][] = [
  [
    'iban',
    'Bitte überweisen Sie auf IBAN DE89 3704 0044 0532 0130 00 bis zum 15.03.2024.',
    'DE89 3704 0044 0532 0130 00',
  ],
  ['iban', 'IBAN : FR76 3000 6000 0112 3456 7890 189 — BIC AGRIFRPP', 'FR76 3000 6000 0112 3456 7890 189'],
  ['iban', 'Pay to GB29NWBK60161331926819 quoting your reference.', 'GB29NWBK60161331926819'],
  // An OCR misread breaks the checksum but not the length: still redacted.
  ['iban', 'IBAN DE89 3704 0044 0532 0130 08 BIC COBADEFFXXX', 'DE89 3704 0044 0532 0130 08'],
  ['card', 'Paid by card 4111 1111 1111 1111 on 2024-02-01', '4111 1111 1111 1111'],
  ['card', 'Carte bancaire n° 5555-5555-5555-4444 débitée', '5555-5555-5555-4444'],
  ['card', 'AMEX 3782 822463 10005 exp 09/27', '3782 822463 10005'],
  ['email', 'Contact: anna.mueller@beispiel-versicherung.de for questions', 'anna.mueller@beispiel-versicherung.de'],
  ['email', 'Écrivez à service.client@société-exemple.fr', 'service.client@société-exemple.fr'],
  ['phone', 'Tel.: +49 30 1234567, Fax +49 (0)30 1234568', '+49 30 1234567'],
  ['phone', 'Téléphone : 01 23 45 67 89', '01 23 45 67 89'],
  ['phone', 'Tel.: 0221 9876543', '0221 9876543'],
  ['phone', 'Mobil 0171/1234567 (erreichbar 9-17 Uhr)', '0171/1234567'],
  ['phone', 'Call us at (555) 123-4567 or 555-987-6543', '(555) 123-4567'],
  ['passport', 'Passport No. 123456789, issued 12 JAN 2019', '123456789'],
  ['passport', 'Reisepass Nr.: C01X00T47', 'C01X00T47'],
  ['passport', 'P<GBRSMITH<<JOHN<<<<<<<<<<<<<<<<<<<<<<<<<<<<', 'P<GBRSMITH<<JOHN'],
  ['passport', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10', 'L898902C36'],
  ['id', 'Personalausweisnummer L01X00T47, gültig bis 01.01.2030', 'L01X00T47'],
  ['id', 'Steuer-ID: 12 345 678 901', '12 345 678 901'],
  ['id', 'N° de sécurité sociale : 1 85 05 78 006 084 36', '1 85 05 78 006 084 36'],
  ['id', 'SSN 078-05-1120 on file', '078-05-1120'],
  ['id', 'National Insurance number QQ 12 34 56 C', 'QQ 12 34 56 C'],
];

/** Text Claude needs to read and that looks numeric: dates, amounts, invoice, customer and order numbers. */
const MUST_STAY = [
  'Rechnungsdatum: 15.03.2024, Fällig am 2024-04-14',
  'Date de facture : 12/01/2024 — échéance le 1er février 2024',
  'Invoice date: March 5, 2024. Due: 04/05/2024',
  'Gesamtbetrag: 1.234,56 EUR (inkl. 19 % MwSt. 197,11 €)',
  'Total TTC : 1 234,56 € dont TVA 20 % : 205,76 €',
  'Amount due: $12,345.67 USD; subtotal 11,000.00',
  'Rechnungsnummer RE-2024-000123, Kundennummer 4711-0815',
  'Invoice No. INV-20240315-0042, Order #1029384756',
  'Facture n° F2024011500123, commande 2024011500123',
  'Vertragsnummer 2024011500123456 vom 01.02.2024',
  'Policy number 9876543210, valid 01.01.2024 – 31.12.2024',
  'Passport holder: John Smith, nationality British',
  'Artikel 4006381333931 Menge 2 Preis 3,49',
];

describe('redact', () => {
  it.each(MUST_GO)('takes out a %s: %s', (kind, text, secret) => {
    const result = redact(text);
    expect(result.text).not.toContain(secret);
    expect(result.counts[kind]).toBeGreaterThanOrEqual(1);
  });

  it('keeps the words around what it takes out', () => {
    const { text } = redact('Bitte überweisen Sie auf IBAN DE89 3704 0044 0532 0130 00 bis zum 15.03.2024.');
    expect(text).toBe('Bitte überweisen Sie auf IBAN [IBAN] bis zum 15.03.2024.');
    expect(redact('Reisepass Nr.: C01X00T47').text).toBe('Reisepass Nr.: [PASSPORT]');
    expect(redact('Tel.: 0221 9876543').text).toBe('Tel.: [PHONE]');
  });

  it.each(MUST_STAY)('leaves alone: %s', (text) => {
    const result = redact(text);
    expect(result.text).toBe(text);
    expect(Object.values(result.counts).every((n) => n === 0)).toBe(true);
  });

  it('stops a card number at its last group (a year after it does not hide it)', () => {
    expect(redact('Karte 4111 1111 1111 1111 2024').text).toBe('Karte [CARD] 2024');
  });

  it('counts each kind', () => {
    const { counts } = redact('a@b.de, c@d.fr, IBAN DE89370400440532013000, +33 1 23 45 67 89');
    expect(counts).toMatchObject({ email: 2, iban: 1, phone: 1, card: 0 });
  });

  it("applies the user's patterns first, as [REDACTED]", () => {
    const { text, counts } = redact('Patient ID PX-4471-ZZ, Befund unauffällig', ['PX-\\d{4}-[A-Z]{2}']);
    expect(text).toBe('Patient ID [REDACTED], Befund unauffällig');
    expect(counts.custom).toBe(1);
  });

  it('refuses an invalid or empty-matching user pattern with a clear error', () => {
    expect(() => redact('x', ['(unclosed'])).toThrow(InvalidPatternError);
    expect(() => redact('x', ['(unclosed'])).toThrow(/not a valid regular expression/);
    expect(patternProblem('a*')).toMatch(/matches an empty text/);
    expect(patternProblem('')).toMatch(/1 to 500/);
    // Spaced North American phone numbers, dotted card numbers, Swiss AHV numbers (the review's misses).
    expect(redact('call 555 123 4567 today').text).toBe('call [PHONE] today');
    expect(redact('card 4111.1111.1111.1111').text).toBe('card [CARD]');
    expect(redact('AHV 756.1234.5678.97').text).toBe('AHV [ID]');
    // Catastrophic backtracking would freeze the app on a long text that almost matches.
    expect(patternProblem('(a+)+$')).toMatch(/repeated group/);
    expect(patternProblem(String.raw`(\w*\s?)*x`)).toMatch(/repeated group/);
    expect(patternProblem(String.raw`\bKD-\d+\b`)).toBeNull();
    expect(patternProblem(String.raw`(\d{3})+`)).toBeNull();
    expect(patternProblem('Kundennr\\. \\d+')).toBeNull();
  });
});
