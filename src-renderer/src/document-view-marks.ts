/**
 * Words marked on a page's text layer (pdf.js's TextLayer: one span per text item): the current search's
 * words, and the find bar's term with its current match. Matching is per text item, case-insensitive.
 */

/** The words of a search query worth marking: no operators, filters or excluded words; quotes dropped. */
export function queryWords(query: string): string[] {
  const words = new Set<string>();
  for (const raw of query.match(/"[^"]*"|\S+/g) ?? []) {
    if (raw.startsWith('-') || /^[a-z]+:/i.test(raw)) continue;
    for (const w of raw.replace(/"/g, '').split(/\s+/)) {
      const word = w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      if (word.length >= 2 && !['AND', 'OR', 'NOT'].includes(word)) words.add(word.toLocaleLowerCase());
    }
  }
  return [...words];
}

/** Where `term` occurs in `text` (case-insensitive), as start offsets. */
export function occurrences(text: string, term: string): number[] {
  if (!term) return [];
  const hay = text.toLocaleLowerCase();
  const needle = term.toLocaleLowerCase();
  const out: number[] = [];
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) out.push(at);
  return out;
}

/** One find match: the page, the text item on it, and which occurrence in that item. */
export interface FindMatch {
  page: number;
  item: number;
  occurrence: number;
}

/** Every match of `term` in a page's text items, in reading order. */
export function pageMatches(page: number, items: readonly string[], term: string): FindMatch[] {
  return items.flatMap((text, item) => occurrences(text, term).map((_, occurrence) => ({ page, item, occurrence })));
}

interface Range {
  start: number;
  end: number;
  className: string;
}

/**
 * Rewrites each text span as plain text with <mark>s: the find term's matches (the current one also
 * `current`, scrolled to) over the query's words. Spans keep their own text, so selection still works.
 */
export function markTextLayer(
  divs: readonly HTMLElement[],
  items: readonly string[],
  words: readonly string[],
  find: string,
  current: { item: number; occurrence: number } | undefined,
): HTMLElement | undefined {
  let currentMark: HTMLElement | undefined;
  divs.forEach((div, index) => {
    const text = items[index] ?? '';
    const ranges: Range[] = [];
    occurrences(text, find).forEach((start, n) => {
      const isCurrent = current?.item === index && current.occurrence === n;
      ranges.push({ start, end: start + find.length, className: isCurrent ? 'find current' : 'find' });
    });
    for (const word of words)
      for (const start of occurrences(text, word)) {
        const end = start + word.length;
        if (!ranges.some((r) => start < r.end && end > r.start)) ranges.push({ start, end, className: 'query' });
      }
    if (ranges.length === 0) {
      if (div.childElementCount > 0) div.textContent = text;
      return;
    }
    ranges.sort((a, b) => a.start - b.start);
    const parts: Node[] = [];
    let at = 0;
    for (const r of ranges) {
      if (r.start > at) parts.push(document.createTextNode(text.slice(at, r.start)));
      const mark = document.createElement('mark');
      mark.className = r.className;
      mark.textContent = text.slice(r.start, r.end);
      if (r.className === 'find current') currentMark = mark;
      parts.push(mark);
      at = r.end;
    }
    if (at < text.length) parts.push(document.createTextNode(text.slice(at)));
    div.replaceChildren(...parts);
  });
  return currentMark;
}
