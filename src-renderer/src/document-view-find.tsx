/** Find in the document (Ctrl+F inside the view): every match over all pages' text, the current one, "2 of 7". */
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pageMatches, type FindMatch } from './document-view-marks.js';

/** The text items of every page (as pdf.js's text layer splits them), read once per document. */
async function pageItems(doc: PDFDocumentProxy, cache: Map<number, string[]>, page: number): Promise<string[]> {
  let items = cache.get(page);
  if (!items) {
    const content = await (await doc.getPage(page)).getTextContent();
    items = content.items.flatMap((i) => ('str' in i ? [i.str] : []));
    cache.set(page, items);
  }
  return items;
}

export function useFindMatches(doc: PDFDocumentProxy | undefined, term: string): FindMatch[] | undefined {
  const cache = useRef(new Map<number, string[]>());
  const [matches, setMatches] = useState<FindMatch[] | undefined>([]);
  useEffect(() => {
    cache.current = new Map();
  }, [doc]);
  useEffect(() => {
    if (!doc || !term) return void setMatches([]);
    let gone = false;
    setMatches(undefined);
    void (async () => {
      const all: FindMatch[] = [];
      for (let p = 1; p <= doc.numPages && !gone; p++)
        all.push(...pageMatches(p, await pageItems(doc, cache.current, p), term));
      if (!gone) setMatches(all);
    })();
    return () => void (gone = true);
  }, [doc, term]);
  return matches;
}

export function FindBar(props: {
  term: string;
  onTerm: (term: string) => void;
  matches: FindMatch[] | undefined;
  at: number;
  onAt: (at: number) => void;
  onClose: () => void;
}) {
  const { term, matches, at, onAt } = props;
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const total = matches?.length ?? 0;
  const move = (step: 1 | -1) => total > 0 && onAt((at + step + total) % total);
  return (
    <form
      className="dv-find"
      role="search"
      onSubmit={(e) => e.preventDefault()}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          move(e.shiftKey ? -1 : 1);
        }
      }}
    >
      <label>
        <span className="visually-hidden">{t('docView.findLabel')}</span>
        <input
          ref={input}
          type="search"
          value={term}
          placeholder={t('docView.findLabel')}
          onChange={(e) => props.onTerm(e.target.value)}
        />
      </label>
      <output aria-live="polite">
        {!term
          ? ''
          : matches === undefined
            ? '…'
            : total === 0
              ? t('docView.findNone')
              : t('docView.findCount', { current: at + 1, total })}
      </output>
      <button type="button" onClick={() => move(-1)} disabled={total === 0} aria-label={t('docView.findPrevious')}>
        ↑
      </button>
      <button type="button" onClick={() => move(1)} disabled={total === 0} aria-label={t('docView.findNext')}>
        ↓
      </button>
      <button type="button" onClick={props.onClose} aria-label={t('docView.findClose')}>
        ×
      </button>
    </form>
  );
}
