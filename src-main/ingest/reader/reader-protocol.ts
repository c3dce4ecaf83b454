/** Messages between the ingest pipeline and its reader process (structured clone: bytes travel as bytes). */
import type { IngestLimits, AcceptedKind } from '../intake.js';

export type ReaderRequest =
  /** `password`: a protected PDF's, typed by the user for this job only (never stored or logged). */
  | { id: number; op: 'open'; bytes: Uint8Array; kind: AcceptedKind; limits: IngestLimits; password?: string }
  | { id: number; op: 'page'; index: number }
  | { id: number; op: 'thumbnail'; index: number }
  | { id: number; op: 'reset' }
  /** An image's header against the limits, before the file is stored (intake.ts). */
  | { id: number; op: 'probe'; bytes: Uint8Array; kind: AcceptedKind; limits: IngestLimits };

export interface PageResult {
  /** The page's own text layer (born-digital PDFs). */
  text?: string;
  /** A grayscale PNG for OCR, when there is no text layer. */
  png?: Uint8Array;
  width?: number;
  height?: number;
}

export type ReaderResponse =
  | { id: number; ok: true; value: unknown }
  | {
      id: number;
      ok: false;
      /** `debug`: the library's own words, for the debug log only. */
      error: { code?: string; message: string; details?: Record<string, string | number | boolean>; debug?: string };
    };
