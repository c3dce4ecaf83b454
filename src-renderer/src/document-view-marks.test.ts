import { describe, expect, it } from 'vitest';
import { occurrences, pageMatches, queryWords } from './document-view-marks.js';

describe('document view marks', () => {
  it('takes the words of a search to mark, not its operators, filters or excluded words', () => {
    expect(queryWords('rent "health insurance" -draft tag:family type:Invoice after:2023 OR Café')).toEqual([
      'rent',
      'health',
      'insurance',
      'café',
    ]);
    expect(queryWords('a -')).toEqual([]);
  });

  it('finds every occurrence, case-insensitive, and numbers matches per page item in reading order', () => {
    expect(occurrences('Clause two: the clause', 'CLAUSE')).toEqual([0, 16]);
    expect(occurrences('anything', '')).toEqual([]);
    expect(pageMatches(2, ['no', 'clause, clause', 'Clause'], 'clause')).toEqual([
      { page: 2, item: 1, occurrence: 0 },
      { page: 2, item: 1, occurrence: 1 },
      { page: 2, item: 2, occurrence: 0 },
    ]);
  });
});
