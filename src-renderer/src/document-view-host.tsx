/**
 * Where the library opens the full-window document view: loaded on first use (pdf.js comes with it), with
 * the list's documents in the list's order read from the list's own query cache, for previous and next.
 */
import { useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import type { SearchHit } from '../../src-shared/documents.js';

const DocumentView = lazy(() => import('./document-view.js').then((m) => ({ default: m.DocumentView })));

export function FullDocument(props: {
  id: string;
  /** The list's query key (its pages of hits, in its order). */
  listKey: readonly unknown[];
  /** The search as typed, whose words are marked on the pages. */
  query: string;
  onOpen: (id: string) => void;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const ids =
    client
      .getQueryData<InfiniteData<SearchHit[]>>(props.listKey)
      ?.pages.flat()
      .map((h) => h.id) ?? [];
  return (
    <Suspense fallback={null}>
      <DocumentView id={props.id} ids={ids} query={props.query} onOpen={props.onOpen} onClose={props.onClose} />
    </Suspense>
  );
}
