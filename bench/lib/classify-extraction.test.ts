import { describe, expect, it } from 'vitest';
import { normaliseCompany, paperlessDates, scoreExtraction } from './classify-extraction.js';
import type { LabelledDocument } from './labelled-corpus.js';

const receipt = (text: string, truth: LabelledDocument['truth']): LabelledDocument => ({
  file: 'receipt/x.jpg',
  type: 'receipt',
  realness: 'synthetic',
  truth,
  text,
});

describe('scoreExtraction', () => {
  it("runs Paperless's first-date rule: the first date-like string that parses", () => {
    expect(
      paperlessDates(['Member since 01/02/2015\nDate: 05/06/2018', '2018/02/22', 'no date', '30 Mar 2019']),
    ).toEqual(['2015-02-01', null, null, '2019-03-30']);
  });

  it('scores date, total and company against the truth, and lists the misses', async () => {
    const docs = [
      receipt('BLUE CAFE SDN BHD\nMember since 01/02/2015\nDate: 05/06/2018\nTOTAL 10.00', {
        company: 'Blue Cafe Sdn. Bhd.',
        date_iso: '2018-06-05',
        total_number: 10,
      }),
      receipt('GREEN SHOP\n07/08/2018\nTOTAL 3.50', {
        company: 'RED SHOP',
        date_iso: null,
        date_iso_day_first: '2018-08-07',
        total_number: null,
      }),
      receipt('', { company: null, date_iso: '2018-01-01', total_number: 4 }),
      { ...receipt('ignored', null), type: 'invoice' },
    ];
    const score = await scoreExtraction(docs);
    expect(score).toMatchObject({ n: 3, date: 2 / 3, paperlessDate: 1 / 3, total: 1 / 2, company: 1 / 2 });
    expect(score.misses).toEqual([
      'receipt/x.jpg\tcompany\tRED SHOP\tGREEN SHOP',
      'receipt/x.jpg\tdate\t2018-01-01\tnull',
      'receipt/x.jpg\ttotal\t4\tnull',
    ]);
  });

  it('compares companies without case, spacing or punctuation', () => {
    expect(normaliseCompany('S.H.H. Motor (Sungai) Sdn. Bhd.')).toBe(normaliseCompany('SHH MOTOR SUNGAI SDN BHD'));
    expect(normaliseCompany('Café Noir')).toBe('cafenoir');
  });
});
