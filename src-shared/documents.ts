/** Document shapes as every process sees them (no secrets, no key material). */

export interface DocumentSummary {
  id: string;
  title: string;
  originalName: string;
  mime: string;
  size: number;
  createdAt: string;
  addedAt: string;
  modifiedAt: string;
  deletedAt: string | null;
  type: string | null;
  correspondent: string | null;
  tags: string[];
  /** Pinned documents head the tray's quick-send menu. */
  pinned: boolean;
}

export interface PageText {
  pageNo: number;
  text: string;
  confidence: number | null;
}

export const customFieldKinds = ['text', 'number', 'date', 'money'] as const;
export type CustomFieldKind = (typeof customFieldKinds)[number];

export interface CustomFieldValue {
  name: string;
  kind: CustomFieldKind;
  value: string;
}

export interface DocumentDetail extends DocumentSummary {
  notes: string;
  sha256: string;
  pages: PageText[];
  customFields: CustomFieldValue[];
}

export interface DocumentPatch {
  title?: string;
  notes?: string;
  createdAt?: string;
  type?: string | null;
  correspondent?: string | null;
}

export type AddResult =
  { status: 'added'; id: string; title: string } | { status: 'duplicate'; id: string; title: string; inTrash: boolean };

export interface FacetCount {
  name: string;
  count: number;
}

/** The tags, types and correspondents in use, with counts. */
export interface NameFacets {
  tags: FacetCount[];
  types: FacetCount[];
  correspondents: FacetCount[];
}

/** What the library's sidebar offers: the names in use, the months documents are dated in ("2024-03"), all live documents. */
export interface Facets extends NameFacets {
  months: FacetCount[];
  total: number;
}

export const searchSorts = ['relevance', 'added', 'created', 'title'] as const;
export type SearchSort = (typeof searchSorts)[number];

/** A named search (words, filters and sort) the user can return to. */
export interface SavedView {
  name: string;
  query: string;
  sort: SearchSort;
}

/** One search result. */
export interface SearchHit {
  id: string;
  title: string;
  /** HTML-escaped text in which matches are wrapped in <mark>…</mark>. */
  snippet: string;
  /** Higher is better. */
  score: number;
  mime: string;
  createdAt: string;
  addedAt: string;
  /** What a row shows beside the title (issue 16). */
  type: string | null;
  correspondent: string | null;
  tags: string[];
  pageCount: number;
}

export interface PurgeReport {
  purged: number;
}

/** Images a browser (the window) draws itself; anything else is shown as its searchable PDF. */
export const browserImageTypes: readonly string[] = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];
export const browserViewableTypes: readonly string[] = ['application/pdf', ...browserImageTypes];
