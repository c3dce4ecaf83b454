import { describe, expect, it } from 'vitest';
import { cleanName, pickCompany } from './company.js';

describe('company', () => {
  it('takes the shop line, skipping scribbles, addresses, phones and TAX INVOICE', () => {
    const text = 'abc def\n\nLUCKY STAR HARDWARE\n12, JALAN MAWAR 3,\n43000 KAJANG\nTel: 03-1234567\nTAX INVOICE';
    expect(pickCompany(text)).toBe('LUCKY STAR HARDWARE');
  });

  it('prefers a line with a legal form over OCR noise and logo words', () => {
    expect(pickCompany('Xqzptk\n\nSunrise Foods Sdn Bhd (123456-A)\nNo. 3, Jalan 1')).toBe('Sunrise Foods Sdn Bhd');
    expect(pickCompany('Welcome!\nMoonMart\n\nPelangi Retail Sdn Bhd (765432-K)\n')).toBe('Pelangi Retail Sdn Bhd');
  });

  it('joins a name split over two lines', () => {
    expect(pickCompany('GREEN LEAF VEGETARIAN\nKITCHEN SDN BHD\n1234567-X')).toBe(
      'GREEN LEAF VEGETARIAN KITCHEN SDN BHD',
    );
    expect(pickCompany('BLUE OCEAN BOOKS\nSDN BHD\nGST No: 000111222333')).toBe('BLUE OCEAN BOOKS SDN BHD');
  });

  it('finds a name with a legal form and registration number anywhere', () => {
    const head = ['UNIT 5, BLOCK B', 'NO. 8, JALAN 1/2', 'careline : 1800 00 000', 'items', 'A 1.00', 'B 2.00'];
    const text = [...head, ...head, 'QUICKNEWS RETAIL SB(123456-X) FKA OLD STORES SB'].join('\n');
    expect(pickCompany(text)).toBe('QUICKNEWS RETAIL SB');
  });

  it('takes the line under a seller label on an invoice', () => {
    const text = 'Rechnung Nr. 1 vom 01.02.2024\nVerkäufer:\nMusterbau GmbH\nHauptstraße 1\n12345 Berlin';
    expect(pickCompany(text)).toBe('Musterbau GmbH');
  });

  it('cleans registration numbers, OCR slips in legal forms and trailing text', () => {
    expect(cleanName('(ONE TWO CAFE SON BHD')).toBe('ONE TWO CAFE SDN BHD');
    expect(cleanName('88 MINI MART 5/8 (123456-X)')).toBe('88 MINI MART S/B');
    expect(cleanName('Bean Brothers Coffee Co. The Grand Mall')).toBe('Bean Brothers Coffee Co.');
    expect(cleanName('Au petit pain SARL - 12 rue Haute - 75001 Paris')).toBe('Au petit pain SARL');
    expect(cleanName('HAPPY WOK |')).toBe('HAPPY WOKI');
  });

  it('finds nothing in an empty text', () => {
    expect(pickCompany('')).toBeNull();
  });
});

describe('company in prose', () => {
  it("takes a contract's party from its legal form back to the connecting word", () => {
    expect(cleanName('This Agreement is made on 1 May 2020 by and between Acme Widgets Inc.')).toBe(
      'Acme Widgets Inc.',
    );
    expect(cleanName('  BETWEEN NORTHWIND TRADERS, LTD.')).toBe('NORTHWIND TRADERS, LTD.');
    expect(cleanName('Boulangerie de la Gare SARL')).toBe('Boulangerie de la Gare SARL');
  });

  it('does not take a sentence for a name', () => {
    expect(pickCompany('the court held that the motion was denied.\nfurther text follows here')).toBeNull();
  });
});

describe('company between parties', () => {
  it('does not join a connecting word to the name', () => {
    expect(pickCompany('SUPPLY AGREEMENT\nBETWEEN\nNORTHWIND TRADERS, INC.\nAND\nCONTOSO S.p.A.')).toBe(
      'NORTHWIND TRADERS, INC.',
    );
  });
});
