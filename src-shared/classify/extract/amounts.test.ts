import { describe, expect, it } from 'vitest';
import { pickAmounts } from './amounts.js';
import { totalWeight } from './total-label.js';

const total = (text: string) => pickAmounts(text).total;

describe('total', () => {
  it('takes the amount payable, not the subtotal, tax, cash or change', () => {
    const text = 'SUB TOTAL : 18.00\nGST 6% : 1.08\nTOTAL : 19.08\nCASH : 50.00\nCHANGE : 30.92\nTotal Qty: 3';
    expect(total(text)).toEqual({ value: 19.08, currency: null, label: 'TOTAL' });
    expect(pickAmounts(text).amounts.map((a) => a.label)).toEqual(['SUB TOTAL', 'GST 6%', 'CASH', 'CHANGE']);
  });

  it('reads OCR slips in the label and the number', () => {
    expect(total('Subtotal 4.00\nT0TAL RM 4. 50\nCash RM 5.00')?.value).toBe(4.5);
    expect(total('Sub Total 9.10\nTOWAL: 9.10\nCASH 10.00')?.value).toBe(9.1);
    expect(total('[otal RM 12.00\nCash RM 20.00')).toEqual({ value: 12, currency: 'MYR', label: 'otal' });
  });

  it('prefers the strongest label and the later of equals', () => {
    expect(
      total('Total Sales (Excluding GST) 9.43\nTotal Sales (Inclusive of GST) 10.00\nTotal : 9.43 0.57')?.value,
    ).toBe(10);
    expect(total('Grand Total : 21.98\nRounding Adjustment:\nNet Total : 22.00')?.value).toBe(22);
    expect(total('(Bill Inclusive of 6% GST : RM1.21)\nGrand Total RM21.00')?.value).toBe(21);
    expect(total('Service Charge (incl GST) 2.00\nTOTAL 22.00')?.value).toBe(22);
  });

  it('applies a rounding adjustment to the total before it', () => {
    expect(total('TOTAL AMT RM 31.47\nROUNDING ADJ -0.02\n31.45\nCASH 50.00')?.value).toBe(31.45);
    expect(total('Total Incl GST RM 11.13\nRounding Adjustment RM OQ 02\nTOTAL RM 11.15')?.value).toBe(11.15);
  });

  it('takes a total printed on the line below its label', () => {
    expect(total('Description\nTOTAL\n  15.40\nThank you')?.value).toBe(15.4);
  });

  it('reads "$" taken for a 5 back in a dollar document', () => {
    expect(total('Total Amount: $8.20\nNett Total: 58.20\nCASH $8.20')?.value).toBe(8.2);
  });

  it('reads German and French invoices with their currencies', () => {
    expect(total('Nettobetrag 1.000,00 €\nMwSt 19 % 190,00 €\nGesamtbetrag 1.190,00 €')).toEqual({
      value: 1190,
      currency: 'EUR',
      label: 'Gesamtbetrag',
    });
    expect(total('Total HT 100,00 €\nTVA 20,00 €\nTotal TTC 120,00 €\nSolde à payer 60,00 €')?.value).toBe(120);
    expect(total('Total £ 1,021.91')?.currency).toBe('GBP');
    expect(total('Total $ 12.00')?.currency).toBe('USD');
  });

  it('weighs labels', () => {
    expect(totalWeight('Grand Total')).toBe(3);
    expect(totalWeight('Total')).toBe(2);
    expect(totalWeight('Subtotal')).toBeNull();
    expect(totalWeight('Total GST')).toBeNull();
    expect(totalWeight('Total Discount')).toBeNull();
    expect(totalWeight('Gesamtbetrag der Zuschläge')).toBeNull();
  });
});

describe('total without a readable total line', () => {
  it('is what was paid less the change', () => {
    expect(total('ITEM A 3.20\nITEM B 1.50\nCASH RM 10.00\nCHANGE RM 5.30')?.value).toBe(4.7);
    // Nothing paid, nothing to go on.
    expect(total('ITEM A 3.20\nThank you')).toBeNull();
  });
});

describe('labels that look like totals', () => {
  it('does not take a BALANCE that is the change, and cleans the label', () => {
    expect(total('JUMLAH (RM) 42.50\nCASH 50.00\nBALANCE 7.50')).toEqual({
      value: 42.5,
      currency: 'MYR',
      label: 'JUMLAH',
    });
  });
});

describe('a total whose decimal point OCR dropped', () => {
  it('is read back when the same amount is printed with its point, and trusted less otherwise', () => {
    expect(total('Total Incl. GST 2700\nTOTAL 27.00\nCASH 30.00')?.value).toBe(27);
    expect(total('Grand Total 1234\nTotal 12.00')?.value).toBe(12);
  });
});
