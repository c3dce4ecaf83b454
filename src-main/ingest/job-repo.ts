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
  await tx.run('INSERT INTO ingest_jobs (id, document_seq, source_name, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', [id, documentSeq, name, 'queued', now, now]);
  return id;
}

export async function getJob(db: ReadDb, id: string): Promise<(IngestJob & { documentSeq: number }) | undefined> {
  const row = await db.get<JobRow>(`${SELECT} WHERE j.id = ?`, [id]);
  return row && { ...toJob(row), documentSeq: row.document_seq };
}

export async function nextQueued(db: ReadDb, skip: readonly string[] = []): Promise<(IngestJob & { documentSeq: number }) | undefined> {
  const not = skip.length ? `AND j.id NOT IN (${skip.map(() => '?').join(', ')})` : '';
  const row = await db.get<JobRow>(`${SELECT} WHERE j.state = 'queued' ${not} ORDER BY j.created_at, j.rowid LIMIT 1`, [...skip]);
  return row && { ...toJob(row), documentSeq: row.document_seq };
}

export async function listJobs(db: ReadDb, limit = 200): Promise<IngestJob[]> {
  return (await db.all<JobRow>(`${SELECT} ORDER BY j.created_at DESC, j.rowid DESC LIMIT ?`, [limit])).map(toJob);
}

export async function setJobState(tx: WriteDb, id: string, state: JobState, fields: { pagesTotal?: number; pagesDone?: number; error?: ErrorData | null } = {}): Promise<void> {
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
  await tx.run(`UPDATE ingest_jobs SET ${sets.join(', ')} WHERE id = ?`, [...params, id]);
}

/** After a crash or quit: every job that was under way goes back to the queue, keeping the pages it finished. */
export async function requeueUnfinished(tx: WriteDb): Promise<number> {
  const { changes } = await tx.run("UPDATE ingest_jobs SET state = 'queued' WHERE state IN ('reading', 'ocr', 'indexing')");
  return changes;
}
