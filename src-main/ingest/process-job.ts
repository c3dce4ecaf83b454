/**
 * Reading one queued file: decrypt the stored original in memory, read its
 * pages (text layer or OCR), store each page as it is done, then index. A
 * resumed job skips the pages it already stored. Plaintext exists only in
 * memory and in the encrypted database; nothing is written to a temp file.
 */
import { PDFDocument } from 'pdf-lib';
import type { JobProgress, JobState } from '../../src-shared/ingest.js';
import { LockleafError } from '../errors.js';
import { cleanText } from '../vault/documents/documents-repo.js';
import { rebuildSearchRow } from '../vault/search/search-index.js';
import type { Vault } from '../vault/vault.js';
import { DEFAULT_LIMITS, inspect, type IngestLimits } from './intake.js';
import { setJobState } from './job-repo.js';
import { ocrPage, thumbnail, type OcrEngine } from './page-pipeline.js';
import { ReaderPool, type ReaderClient } from './reader/reader-client.js';

export type { JobProgress };

export interface JobContext {
  vault: Vault;
  ocr: OcrEngine;
  readers: ReaderPool;
  limits?: IngestLimits;
  emit: (progress: JobProgress) => void;
  /** Aborted when the job is cancelled or the queue stops: pages in flight are dropped, not written. */
  signal: AbortSignal;
  /** A protected PDF's password, typed for this job (IngestQueue.unlockPdf); only the reader sees it. */
  password?: string;
}

interface Job {
  id: string;
  documentId: string;
  documentSeq: number;
  name: string;
}

/** The promise, or the signal's abort, whichever comes first (the work itself is not stopped). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}

async function donePages(vault: Vault, seq: number): Promise<Set<number>> {
  const rows = await vault.store.db.read.all<{ page_no: number }>('SELECT page_no FROM pages WHERE document_seq = ?', [
    seq,
  ]);
  return new Set(rows.map((r) => r.page_no));
}

/**
 * The searchable PDF of an image document, merged from its pages' PDFs (page_pdfs,
 * stored as each page was read, so a resumed job has them too). Without one for
 * every page (a job begun before page_pdfs existed) there is no archive.
 */
async function storeArchive(vault: Vault, job: Job, pagesTotal: number): Promise<void> {
  const db = vault.store.db;
  const count = await db.read.get<{ n: number }>('SELECT COUNT(*) AS n FROM page_pdfs WHERE document_seq = ?', [
    job.documentSeq,
  ]);
  let pdf: Uint8Array | undefined;
  if (count?.n === pagesTotal) {
    const merged = await PDFDocument.create();
    // A page at a time, so only the merged document and one page are in memory.
    for (let pageNo = 1; pageNo <= pagesTotal; pageNo++) {
      const row = await db.read.get<{ pdf: Buffer }>(
        'SELECT pdf FROM page_pdfs WHERE document_seq = ? AND page_no = ?',
        [job.documentSeq, pageNo],
      );
      if (!row) throw new Error(`page ${pageNo}'s PDF is missing although all ${pagesTotal} were counted`);
      const one = await PDFDocument.load(row.pdf);
      for (const page of await merged.copyPages(one, one.getPageIndices())) merged.addPage(page);
    }
    pdf = await merged.save();
  }
  await vault.storeArchive(job.documentSeq, job.documentId, pdf, async (tx) => {
    await tx.run('DELETE FROM page_pdfs WHERE document_seq = ?', [job.documentSeq]);
  });
}

export async function processJob(ctx: JobContext, job: Job): Promise<void> {
  const { vault, ocr } = ctx;
  const limits = ctx.limits ?? DEFAULT_LIMITS;
  const db = vault.store.db;
  let pagesTotal: number | null = null;
  let pagesDone = 0;
  const report = async (state: JobState, extra: Partial<JobProgress> = {}) => {
    await db.write((tx) =>
      setJobState(tx, job.id, state, { ...(pagesTotal !== null ? { pagesTotal } : {}), pagesDone }),
    );
    ctx.emit({ jobId: job.id, documentId: job.documentId, name: job.name, state, pagesDone, pagesTotal, ...extra });
  };
  const checkCancelled = () => {
    if (ctx.signal.aborted) throw new LockleafError('JOB_CANCELLED', 'Cancelled.');
  };

  await report('reading');
  const bytes = await vault.readContent(job.documentId);
  const { kind } = await inspect(bytes, limits);
  await ctx.readers.use(async (reader: ReaderClient) => {
    pagesTotal = (await reader.open(bytes, kind, limits, ctx.password)).pageCount;
    bytes.fill(0);
    const already = await donePages(vault, job.documentSeq);
    pagesDone = already.size;
    await report('ocr');
    // Image inputs also get a searchable PDF.
    const archived = kind !== 'pdf';
    let thumb: Buffer | undefined;
    // Ends the pages in flight when the job ends early (cancelled, stopped, or a page failed), so
    // none of them writes after the job's final state; their OCR finishes unseen in the pool.
    const stopPages = new AbortController();
    const stop = () => stopPages.abort();
    ctx.signal.addEventListener('abort', stop, { once: true });
    const inFlight = new Set<Promise<void>>();
    try {
      for (let index = 0; index < pagesTotal; index++) {
        checkCancelled();
        if (already.has(index + 1)) {
          // A resumed job still needs its thumbnail, which is only stored once every page is read.
          if (index === 0) thumb = await thumbnail((await reader.thumbnail(0)).png!);
          continue;
        }
        const page = await reader.page(index);
        if (index === 0) thumb = await thumbnail(page.png ?? (await reader.thumbnail(0)).png!);
        const work = (async () => {
          const read =
            page.text !== undefined
              ? { text: page.text, confidence: null, pdf: undefined }
              : await untilAborted(
                  ocrPage(ocr, Buffer.from(page.png!), { pdf: archived, signal: stopPages.signal }),
                  stopPages.signal,
                );
          stopPages.signal.throwIfAborted();
          await db.write(async (tx) => {
            await tx.run('INSERT OR REPLACE INTO pages (document_seq, page_no, text, confidence) VALUES (?, ?, ?, ?)', [
              job.documentSeq,
              index + 1,
              cleanText(read.text),
              read.confidence,
            ]);
            if (read.pdf)
              await tx.run('INSERT OR REPLACE INTO page_pdfs (document_seq, page_no, pdf) VALUES (?, ?, ?)', [
                job.documentSeq,
                index + 1,
                Buffer.from(read.pdf),
              ]);
          });
          pagesDone++;
          await report('ocr', { page: index + 1 });
        })();
        inFlight.add(work);
        void work.finally(() => inFlight.delete(work)).catch(() => undefined);
        // Keep every OCR worker busy, and no more pages than that in memory.
        if (inFlight.size >= Math.max(1, ocr.size)) await untilAborted(Promise.race(inFlight), stopPages.signal);
      }
      await untilAborted(Promise.all(inFlight), stopPages.signal);
    } catch (error) {
      stopPages.abort();
      await Promise.allSettled(inFlight);
      checkCancelled();
      throw error;
    } finally {
      ctx.signal.removeEventListener('abort', stop);
    }
    checkCancelled();
    await report('indexing');
    if (thumb) {
      const data = thumb;
      await db.write((tx) =>
        tx.run('INSERT OR REPLACE INTO thumbnails (document_seq, mime, data) VALUES (?, ?, ?)', [
          job.documentSeq,
          'image/webp',
          data,
        ]),
      );
    }
    if (archived) await storeArchive(vault, job, pagesTotal);
    await db.write((tx) => rebuildSearchRow(tx, job.documentSeq));
  });
}
