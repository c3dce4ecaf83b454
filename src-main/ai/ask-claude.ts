/**
 * Asking Claude about a document, when the user asks: the request is built (prepare.ts), written to the
 * audit log (document id, model, characters and SHA-256 of exactly what is sent; never the text), sent,
 * and the answer stored in the Inbox as `inbox.ai_suggestion`, beside the on-device suggestion, which is
 * never touched. Nothing is applied to the document.
 *
 * Offline, rate-limited or overloaded once the SDK's retries are spent: the request waits in `ai_queue`
 * (with the server's retry-after as `not_before`) and the caller hears "queued"; `drainAiQueue` sends it
 * later. A refused key is an error at once, never queued.
 */
import type { Suggestion } from '../../src-shared/classify.js';
import { isLockleafError, LockleafError } from '../errors.js';
import { aiHostOf } from '../vault/ai-host.js';
import type { WriteDb } from '../vault/db/connection.js';
import type { Vault } from '../vault/vault.js';
import { callClaude, type ClaudeOptions } from './claude-client.js';
import { parseSuggestion } from './parse-suggestion.js';
import { buildAiRequest } from './prepare.js';

export type AskResult =
  { status: 'suggested'; suggestion: Suggestion } | { status: 'queued'; reason: string; notBefore: string | null };

export type AskOptions = ClaudeOptions & {
  /** The SHA-256 of the preview the user approved: refused (AI_PREVIEW_CHANGED) when the request differs. */
  expectSha256?: string;
};

async function storeAiSuggestion(tx: WriteDb, seq: number, suggestion: Suggestion): Promise<void> {
  const now = new Date().toISOString();
  // A document not yet in the Inbox enters it (pending); one already there keeps its state and device suggestion.
  await tx.run(
    `INSERT INTO inbox (document_seq, state, ai_suggestion, entered_at, updated_at) VALUES (?, 'pending', ?, ?, ?)
     ON CONFLICT (document_seq) DO UPDATE SET ai_suggestion = excluded.ai_suggestion, updated_at = excluded.updated_at`,
    [seq, JSON.stringify(suggestion), now, now],
  );
  await tx.run('DELETE FROM ai_queue WHERE document_seq = ?', [seq]);
}

async function enqueue(vault: Vault, seq: number, reason: string, notBefore: Date | null): Promise<void> {
  const now = new Date().toISOString();
  await vault.store.db.write((tx) =>
    tx.run(
      `INSERT INTO ai_queue (document_seq, requested_at, attempts, not_before, last_error) VALUES (?, ?, 1, ?, ?)
       ON CONFLICT (document_seq) DO UPDATE SET attempts = attempts + 1, not_before = excluded.not_before,
         last_error = excluded.last_error`,
      [seq, now, notBefore?.toISOString() ?? null, reason],
    ),
  );
}

/**
 * Suggestions from Claude for `docId`: stored in the Inbox and returned, or queued when Anthropic cannot
 * be reached or asks to wait. Refusals: AI_DISABLED, AI_EXCLUDED, DOCUMENT_NOT_FOUND, AI_KEY_REJECTED,
 * AI_FAILED, INVALID_INPUT (a redaction pattern).
 */
export async function askClaude(vault: Vault, docId: string, options: AskOptions = {}): Promise<AskResult> {
  const request = await buildAiRequest(vault, docId);
  if (options.expectSha256 && options.expectSha256 !== request.sha256)
    throw new LockleafError(
      'AI_PREVIEW_CHANGED',
      'What would be sent changed since the preview (the text, the lists or the settings); preview again. Nothing was sent.',
    );
  const apiKey = await aiHostOf(vault).openAiKey();
  if (!apiKey) throw new LockleafError('AI_DISABLED', 'Claude is off for this vault (lockleaf ai enable --key-stdin).');
  // Logged before it leaves, so a request cut short by a crash is on record too.
  await vault.store.audit('ai.request', {
    document: docId,
    model: request.model,
    chars: request.chars,
    sha256: request.sha256,
  });
  const outcome = await callClaude(request, apiKey, options);
  if (outcome.kind === 'later') {
    await enqueue(vault, request.docSeq, outcome.reason, outcome.notBefore);
    return { status: 'queued', reason: outcome.reason, notBefore: outcome.notBefore?.toISOString() ?? null };
  }
  const suggestion = parseSuggestion(outcome.input, request.lists);
  await vault.store.db.write((tx) => storeAiSuggestion(tx, request.docSeq, suggestion));
  return { status: 'suggested', suggestion };
}

export interface DrainReport {
  sent: number;
  /** Still waiting (not yet due, or failed again for a passing reason). */
  waiting: number;
  /** Dropped from the queue: no longer allowed (excluded, deleted) or refused for good. */
  dropped: { id: string; code: string; message: string }[];
}

/**
 * Sends the queued requests that are due (oldest first), stopping at the first that has to wait again
 * (offline stays offline). A refused key stops the drain with AI_KEY_REJECTED and keeps the queue.
 */
export async function drainAiQueue(
  vault: Vault,
  options: AskOptions & { now?: Date; onProgress?: (done: number, total: number) => void } = {},
): Promise<DrainReport> {
  const now = (options.now ?? new Date()).toISOString();
  const due = await vault.store.db.read.all<{ seq: number; id: string }>(
    `SELECT q.document_seq AS seq, d.id FROM ai_queue q JOIN documents d ON d.seq = q.document_seq
     WHERE q.not_before IS NULL OR q.not_before <= ? ORDER BY q.requested_at, q.document_seq`,
    [now],
  );
  const report: DrainReport = { sent: 0, waiting: 0, dropped: [] };
  for (const [i, item] of due.entries()) {
    try {
      const result = await askClaude(vault, item.id, options);
      if (result.status === 'queued') break;
      report.sent++;
    } catch (error) {
      if (isLockleafError(error, 'AI_KEY_REJECTED') || !isLockleafError(error)) throw error;
      await vault.store.db.write((tx) => tx.run('DELETE FROM ai_queue WHERE document_seq = ?', [item.seq]));
      report.dropped.push({ id: item.id, code: error.code, message: error.message });
    }
    options.onProgress?.(i + 1, due.length);
  }
  report.waiting = (await vault.store.db.read.get<{ n: number }>('SELECT count(*) AS n FROM ai_queue'))?.n ?? 0;
  return report;
}
