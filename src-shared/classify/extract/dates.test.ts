import { describe, expect, it } from 'vitest';
import { findDates, kindOf } from './dates.js';
import { monthOf } from './months.js';
import { pickDates } from './pick-dates.js';

const today = '2026-06-01';
const doc = (text: string, locale?: string) => pickDates(text, { today, locale }).documentDate;

describe('dates', () => {
  it('reads numeric dates day-first, year-first and with two-digit years', () => {
    expect(doc('Receipt 14/05/2021 10:02')).toBe('2021-05-14');
    expect(doc('Date: 2022/11/02')).toBe('2022-11-02');
    expect(doc('Datum 03.04.19')).toBe('2019-04-03');
    expect(doc('Date : 07- 08- 2020')).toBe('2020-08-07');
  });

  it('reads month names in English, German and French, and OCR slips in them', () => {
    expect(doc('Issued 03 Mar 2018')).toBe('2018-03-03');
    expect(doc('Berlin, 3. März 2021')).toBe('2021-03-03');
    expect(doc('Paris, le 1er janvier 2020')).toBe('2020-01-01');
    expect(doc('Invoice date: January 5, 2023')).toBe('2023-01-05');
    expect(doc('09-Aug-2017 02:11 PM')).toBe('2017-08-09');
    expect(doc('30 Var 2018 18:17')).toBe('2018-03-30');
    expect(monthOf('Xyz')).toBeNull();
  });

  it('prefers the labelled document date to birth, due, period and order dates', () => {
    const text = [
      'Date of birth: 02/03/1985',
      'Order date: 01.02.2024',
      'Rechnungsdatum: 05.02.2024',
      'Zahlbar bis 19.02.2024',
      'Leistungszeitraum: 01.01.2024 bis 31.01.2024',
    ].join('\n');
    expect(pickDates(text, { today })).toEqual({
      documentDate: '2024-02-05',
      dueDate: '2024-02-19',
      expiryDate: null,
    });
  });

  it('finds expiry and due dates with the label above or after the date', () => {
    const text = 'PASSPORT\nDate of expiry\n12 Sep 2031\nDate of issue 13 Sep 2021';
    expect(pickDates(text, { today })).toEqual({ documentDate: '2021-09-13', dueDate: null, expiryDate: '2031-09-12' });
    expect(pickDates("Date d'échéance 15/12/2017\n01/12/2017 Date de facture", { today })).toEqual({
      documentDate: '2017-12-01',
      dueDate: '2017-12-15',
      expiryDate: null,
    });
  });

  it('reads ambiguous dates month-first only when the document is month-first', () => {
    expect(doc('Invoice Date 04/03/2020')).toBe('2020-03-04');
    expect(doc('Invoice Date 04/03/2020\nPaid 04/23/2020')).toBe('2020-04-03');
    expect(doc('Invoice Date 04/03/2020', 'en-US')).toBe('2020-04-03');
    // A time with dots is no evidence of month-first order.
    expect(doc('Date 06/01/18 12.17.26 PM')).toBe('2018-01-06');
  });

  it('refuses implausible dates', () => {
    expect(doc('Date 31/02/2020')).toBeNull();
    expect(doc('Founded 12/05/1921')).toBeNull();
    expect(doc('Valid 01/01/2035')).toBeNull();
    expect(findDates('call 03-7805 7889', 2026)).toEqual([]);
  });

  it('classifies labels', () => {
    expect(kindOf('Geburtsdatum:')).toBe('birth');
    expect(kindOf('Gültig bis')).toBe('expiry');
    expect(kindOf('à payer avant le')).toBe('due');
    expect(kindOf('Invoice Date')).toBe('document');
    expect(kindOf('#01')).toBe('none');
  });
});

describe('OCR-damaged dates', () => {
  it('reads a labelled date with blank or mixed separators', () => {
    expect(doc('Date : 05 05 2018 16:25')).toBe('2018-05-05');
    expect(doc('Tarikh 07-06/2019')).toBe('2019-06-07');
    // Without a label, digits separated by blanks are not a date.
    expect(doc('Qty 05 05 2018')).toBeNull();
  });
});

describe('more OCR damage', () => {
  it('reads look-alikes inside digits, a glued label and a year run into the time', () => {
    expect(doc('Date: 2S/12/2O18')).toBe('2018-12-25');
    expect(doc('DATE05/06/2019')).toBe('2019-06-05');
    expect(doc('Printed 05/06/201912:30:01')).toBe('2019-06-05');
    expect(doc('Issued 01 0ct 2017')).toBe('2017-10-01');
    // Letters alone are no digits: "S/B/2018" is not 5 August.
    expect(doc('S/B/2018')).toBeNull();
  });
});
