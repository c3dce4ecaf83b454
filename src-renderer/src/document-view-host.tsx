/**
 * Where the library opens the full-window document view, with the list's documents in the list's order
 * (read from the list's own query cache) for previous and next.
 *
 * The view's module (pdf.js comes with it) is loaded on first use, but not through React.lazy and Suspense:
 * React 19 holds a resolved Suspense boundary back for up to 300 ms (it batches reveals), which was nearly
 * all of the wait between Enter and the first page. The module is rendered as soon as its import resolves.
 */
import { useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { SearchHit } from '../../src-shared/documents.js';

type ViewModule = typeof import('./document-view.js');
let loaded: ViewModule | undefined;
const load = () => import('./document-view.js').then((m) => (loaded = m));

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
  const [view, setView] = useState(loaded);
  useEffect(() => {
    if (!view) void load().then(setView);
  }, [view]);
  if (!view) return null;
  const ids =
    client
      .getQueryData<InfiniteData<SearchHit[]>>(props.listKey)
      ?.pages.flat()
      .map((h) => h.id) ?? [];
  return (
    <view.DocumentView id={props.id} ids={ids} query={props.query} onOpen={props.onOpen} onClose={props.onClose} />
  );
}
