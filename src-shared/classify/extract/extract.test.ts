import { describe, expect, it } from 'vitest';
import { extractFields } from './extract.js';

describe('extractFields', () => {
  it('reads a receipt', () => {
    const text = [
      'xy 12',
      '',
      'SUNNY DAY TRADING SDN BHD',
      '(100200-T)',
      'No. 1, Jalan Bunga 2, 81100 Johor Bahru',
      'Tel: 07-1234567',
      'TAX INVOICE',
      'Date: 14/05/2018 12:14:08 PM',
      'Sub Total : 20.00',
      'GST 6% : 1.20',
      'Rounding : -0.02',
      'TOTAL RM 21.18',
      'CASH RM 50.00',
    ].join('\n');
    const got = extractFields(text, { today: '2026-01-01' });
    expect(got.company).toBe('SUNNY DAY TRADING SDN BHD');
    expect(got.documentDate).toBe('2018-05-14');
    expect(got.total).toEqual({ value: 21.18, currency: 'MYR', label: 'TOTAL' });
    expect(got.amounts.map((a) => a.value)).toEqual([20, 1.2, -0.02, 50]);
    expect(got.dueDate).toBeNull();
  });

  it('reads a German invoice', () => {
    const text = [
      'Muster Handel GmbH · Lindenweg 3 · 10115 Berlin',
      'Rechnung Nr. 2024-17',
      'Rechnungsdatum: 3. März 2024',
      'Zahlbar bis 17.03.2024',
      'Summe netto 100,00 €',
      'USt. 19 % 19,00 €',
      'Gesamtbetrag 119,00 €',
    ].join('\n');
    expect(extractFields(text, { today: '2026-01-01' })).toMatchObject({
      documentDate: '2024-03-03',
      dueDate: '2024-03-17',
      total: { value: 119, currency: 'EUR' },
    });
  });

  it('reads an ID card expiry', () => {
    const got = extractFields('IDENTITY CARD\nDate of birth 01.02.1990\nDate of expiry 05.06.2030', {
      today: '2026-01-01',
    });
    expect(got.expiryDate).toBe('2030-06-05');
    expect(got.documentDate).toBeNull();
  });
});
