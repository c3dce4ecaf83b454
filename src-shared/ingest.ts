/** The ingest queue as every process sees it. */
import type { ErrorData } from './errors.js';

export const jobStates = ['queued', 'reading', 'ocr', 'indexing', 'done', 'failed', 'cancelled'] as const;
export type JobState = (typeof jobStates)[number];

export interface IngestJob {
  id: string;
  documentId: string;
  name: string;
  state: JobState;
  pagesTotal: number | null;
  pagesDone: number;
  error: ErrorData | null;
  createdAt: string;
  updatedAt: string;
}

export type EnqueueResult =
  | { status: 'queued'; jobId: string; documentId: string }
  | { status: 'duplicate'; documentId: string; title: string; inTrash: boolean };

/** One file picked in the open dialog and what became of it; its name only, never its path. */
export type ChosenFile = { name: string } & (EnqueueResult | { status: 'refused'; error: ErrorData });

/** "Add documents…": whether the user picked anything, and each file's fate. */
export interface ChooseResult {
  chosen: boolean;
  files: ChosenFile[];
}

/** A job's progress as it is read, page by page (the `ingest:progress` event). */
export interface JobProgress {
  jobId: string;
  documentId: string;
  name: string;
  state: JobState;
  pagesDone: number;
  pagesTotal: number | null;
  page?: number;
  error?: ErrorData;
}
