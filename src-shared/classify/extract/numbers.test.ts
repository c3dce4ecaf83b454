import { describe, expect, it } from 'vitest';
import { commaDecimals, numbersIn, parseNumber, repairNumbers } from './numbers.js';

const values = (line: string, comma = false) => numbersIn(repairNumbers(line), comma).map((n) => n.value);

describe('numbers', () => {
  it('reads both decimal conventions', () => {
    expect(parseNumber('1,234.56')?.value).toBe(1234.56);
    expect(parseNumber('1.234,56')?.value).toBe(1234.56);
    expect(parseNumber('49,99')?.value).toBe(49.99);
    expect(parseNumber('2,076')?.value).toBe(2076);
    expect(parseNumber('1.250', true)?.value).toBe(1250);
    expect(parseNumber('12')).toEqual({ value: 12, decimal: false });
  });

  it('reads past OCR: look-alikes, split decimals, glued currencies', () => {
    expect(values('Rounding Adj. RMO.00')).toEqual([0]);
    expect(values('TOTAL RM 65. 20')).toEqual([65.2]);
    expect(values('Grand Total m12 . 50')).toEqual([12.5]);
    expect(values('Gross Amt 47 80')).toEqual([47.8]);
    expect(values('Item 1 9.50SR')).toEqual([1, 9.5]);
    expect(values('ROUNDING ADJ -0.02')).toEqual([-0.02]);
  });

  it('skips times, dates and percentages', () => {
    expect(values('Date 12/03/2019 14:22:10 GST 6% 3.10')).toEqual([3.1]);
  });

  it('tells which decimal convention a text uses', () => {
    expect(commaDecimals('Summe 12,50 €\nMwSt 1,99 €')).toBe(true);
    expect(commaDecimals('Total 12.50\nTax 1.99')).toBe(false);
  });
});
