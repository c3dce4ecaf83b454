/** SQL for the ingest job queue (table ingest_jobs). */
import { randomUUID } from 'node:crypto';
import type { ErrorData } from '../../src-shared/errors.js';
import type { IngestJob, JobState } from '../../src-shared/ingest.js';
import type { ReadDb, WriteDb } from '../vault/db/connection.js';

interface JobRow {
  id: string;
  document_seq: number;
  document_id: string;
  source_name: string;
  state: JobState;
  pages_total: number | null;
  pages_done: number;
  error_code: string | null;
  error_message: string | null;
  attempts: number;
  created_at: string;
  updated_at: string;
}

const SELECT = `SELECT j.*, d.id AS document_id FROM ingest_jobs j JOIN documents d ON d.seq = j.document_seq`;

export function toJob(row: JobRow): IngestJob {
  return {
    id: row.id,
    documentId: row.document_id,
    name: row.source_name,
    state: row.state,
    pagesTotal: row.pages_total,
    pagesDone: row.pages_done,
    error: row.error_code ? ({ code: row.error_code, message: row.error_message ?? '' } as ErrorData) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertJob(tx: WriteDb, documentSeq: number, name: string): Promise<string> {
  const id = randomUUID();
  const now = new Date().toISOString();
  await tx.run(
    'INSERT INTO ingest_jobs (id, document_seq, source_name, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    [id, documentSeq, name, 'queued', now, now],
  );
  return id;
}

export async function getJob(db: ReadDb, id: string): Promise<(IngestJob & { documentSeq: number }) | undefined> {
  const row = await db.get<JobRow>(`${SELECT} WHERE j.id = ?`, [id]);
  return row && { ...toJob(row), documentSeq: row.document_seq };
}

export async function nextQueued(
  db: ReadDb,
  skip: readonly string[] = [],
): Promise<(IngestJob & { documentSeq: number }) | undefined> {
  const not = skip.length ? `AND j.id NOT IN (${skip.map(() => '?').join(', ')})` : '';
  const row = await db.get<JobRow>(`${SELECT} WHERE j.state = 'queued' ${not} ORDER BY j.created_at, j.rowid LIMIT 1`, [
    ...skip,
  ]);
  return row && { ...toJob(row), documentSeq: row.document_seq };
}

export async function listJobs(db: ReadDb, limit = 200): Promise<IngestJob[]> {
  return (await db.all<JobRow>(`${SELECT} ORDER BY j.created_at DESC, j.rowid DESC LIMIT ?`, [limit])).map(toJob);
}

const FINAL = "('done', 'failed', 'cancelled')";
const RUNNING = "('reading', 'ocr', 'indexing')";

/** A file that cut reading short this many times (a worker's death or the app's) fails instead of being tried again. */
export const MAX_ATTEMPTS = 3;

/**
 * Moves a job on, unless it has already ended: done, failed and cancelled are final (only
 * `reopenJob` leaves them), so a page that finishes after its job was cancelled cannot bring
 * it back. Returns whether the job changed.
 */
export async function setJobState(
  tx: WriteDb,
  id: string,
  state: JobState,
  fields: { pagesTotal?: number; pagesDone?: number; error?: ErrorData | null } = {},
): Promise<boolean> {
  const sets = ['state = ?', 'updated_at = ?'];
  const params: (string | number | null)[] = [state, new Date().toISOString()];
  if (fields.pagesTotal !== undefined) {
    sets.push('pages_total = ?');
    params.push(fields.pagesTotal);
  }
  if (fields.pagesDone !== undefined) {
    sets.push('pages_done = ?');
    params.push(fields.pagesDone);
  }
  if (fields.error !== undefined) {
    sets.push('error_code = ?', 'error_message = ?');
    params.push(fields.error?.code ?? null, fields.error?.message ?? null);
  }
  const { changes } = await tx.run(`UPDATE ingest_jobs SET ${sets.join(', ')} WHERE id = ? AND state NOT IN ${FINAL}`, [
    ...params,
    id,
  ]);
  return changes > 0;
}

/** Retry: a failed or cancelled job is queued again from its first page, with its attempts forgotten. */
export async function reopenJob(tx: WriteDb, id: string): Promise<boolean> {
  const { changes } = await tx.run(
    `UPDATE ingest_jobs SET state = 'queued', pages_done = 0, error_code = NULL, error_message = NULL, attempts = 0, updated_at = ? WHERE id = ? AND state IN ('failed', 'cancelled')`,
    [new Date().toISOString(), id],
  );
  return changes > 0;
}

/**
 * Reading was cut short by a worker's death: the job goes back to the queue (keeping its
 * pages), or, the MAX_ATTEMPTS-th time, fails with the reason. Returns the state it is left in.
 */
export async function recordInterruption(tx: WriteDb, id: string, error: ErrorData): Promise<'queued' | 'failed'> {
  await tx.run(`UPDATE ingest_jobs SET attempts = attempts + 1 WHERE id = ? AND state NOT IN ${FINAL}`, [id]);
  const row = await tx.get<{ attempts: number }>('SELECT attempts FROM ingest_jobs WHERE id = ?', [id]);
  if ((row?.attempts ?? 0) < MAX_ATTEMPTS) {
    await setJobState(tx, id, 'queued');
    return 'queued';
  }
  const message = `${error.message} This happened ${MAX_ATTEMPTS} times, so Lockleaf stopped trying; the original is kept, and Retry reads it again.`;
  await setJobState(tx, id, 'failed', { error: { code: error.code, message } });
  return 'failed';
}

/**
 * After a crash or quit: every job that was under way goes back to the queue, keeping the pages
 * it finished (a quit puts its jobs back itself, so these are the ones the app died under).
 * That counts as an attempt; a job at MAX_ATTEMPTS fails. Returns the ids of the jobs failed.
 */
/** Jobs a lock or quit cut off go back to the queue as they are: that is no attempt of theirs. */
export async function requeueRunning(tx: WriteDb): Promise<void> {
  await tx.run(`UPDATE ingest_jobs SET state = 'queued', updated_at = ? WHERE state IN ${RUNNING}`, [
    new Date().toISOString(),
  ]);
}

export async function requeueUnfinished(tx: WriteDb): Promise<string[]> {
  const now = new Date().toISOString();
  await tx.run(`UPDATE ingest_jobs SET attempts = attempts + 1 WHERE state IN ${RUNNING}`);
  const failed = await tx.all<{ id: string }>(
    `SELECT id FROM ingest_jobs WHERE state IN ${RUNNING} AND attempts >= ?`,
    [MAX_ATTEMPTS],
  );
  const message = `Lockleaf stopped while reading this file ${MAX_ATTEMPTS} times, so it is not read again on its own; the original is kept, and Retry reads it again.`;
  await tx.run(
    `UPDATE ingest_jobs SET state = 'failed', error_code = 'DOCUMENT_DAMAGED', error_message = ?, updated_at = ? WHERE state IN ${RUNNING} AND attempts >= ?`,
    [message, now, MAX_ATTEMPTS],
  );
  await tx.run(`UPDATE ingest_jobs SET state = 'queued', updated_at = ? WHERE state IN ${RUNNING}`, [now]);
  return failed.map((r) => r.id);
}
