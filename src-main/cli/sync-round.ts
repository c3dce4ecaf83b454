/**
 * Sync rounds from the command line: one with progress and a summary, or one every interval until
 * Ctrl+C (`--watch`). A round cut short loses nothing (the engine resumes), so the watch loop lets a
 * failed round go and tries again; only a bucket that misbehaved (altered, rolled back, forked…) stops
 * it, because trying again cannot help and the person has to look.
 */
import { isLockleafError, LockleafError } from '../errors.js';
import { formatBytes } from '../mail/compose.js';
import { SyncEngine, type SyncProgress, type SyncReport } from '../sync/engine/engine.js';
import { SyncSession } from '../sync/engine/session.js';
import type { Vault } from '../vault/vault.js';
import type { CliContext } from './main.js';
import { progressBar } from './progress.js';

/** The same codes the engine audits as refusals. */
const STOPS_WATCH = new Set([
  'SYNC_TAMPERED',
  'SYNC_ROLLBACK',
  'SYNC_FORK',
  'SYNC_GAP',
  'SYNC_REPLAY',
  'SYNC_SWAPPED',
  'SYNC_CHANGE_INVALID',
  // Needs the new passphrase: `lockleaf sync` (without --watch) asks for it.
  'SYNC_PASSPHRASE_CHANGED',
]);

const LABELS: Partial<Record<SyncProgress['phase'], string>> = {
  pull: 'Receiving changes',
  upload: 'Uploading files',
  download: 'Downloading files',
};

export async function openSession(vault: Vault): Promise<SyncSession> {
  const session = await SyncSession.open(vault.syncHost);
  if (!session)
    throw new LockleafError(
      'SYNC_NOT_SET_UP',
      'Sync is not set up on this vault: lockleaf remote add r2|s3 … sets it up (or lockleaf clone … makes a new vault from a bucket).',
    );
  return session;
}

/** A bar per phase that has something to count (segments, files with their bytes), on stderr. */
export function syncProgress(): { onProgress: (p: SyncProgress) => void; end: () => void } {
  let phase: SyncProgress['phase'] | undefined;
  let bar: ReturnType<typeof progressBar> | undefined;
  return {
    onProgress(p) {
      const label = LABELS[p.phase];
      // The engine announces each phase with 0 of 1 before it knows the count; segments are counted after each batch.
      if (!label || p.total === 0 || (p.phase === 'pull' && p.done === 0)) return;
      if (p.phase !== phase) {
        bar?.end();
        bar = progressBar(label);
        phase = p.phase;
      }
      const bytes = p.blobs ? `${formatBytes(p.blobs.bytes.loaded)} of ${formatBytes(p.blobs.bytes.total)}` : '';
      bar!.update(p.done, p.total, bytes);
    },
    end: () => bar?.end(),
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function describeReport(report: SyncReport): string[] {
  const lines = [
    `Synced: ${plural(report.pulledSegments, 'segment')} in (${plural(report.applied, 'change')} applied, ` +
      `${plural(report.conflicts, 'conflict')}), ${plural(report.pushedSegments, 'segment')} out; ` +
      `files: ${report.uploadedFiles} up, ${report.downloadedFiles} down` +
      (report.deletedFiles ? `, ${report.deletedFiles} deleted from the bucket` : '') +
      '.',
  ];
  if (report.missingFiles)
    lines.push(
      `${plural(report.missingFiles, 'file')} not in the bucket yet (the device that has it is still sending it); the next round fetches it.`,
    );
  if (report.conflicts) lines.push('See what each conflict kept and lost: lockleaf sync conflicts');
  for (const issue of report.issues) lines.push(`Not shown here: document ${issue.docId}: ${issue.why}`);
  return lines;
}

/** One round with progress; prints its summary and returns it. */
export async function runRound(ctx: CliContext, vault: Vault, engine: SyncEngine): Promise<SyncReport> {
  const progress = syncProgress();
  try {
    const report = await engine.sync({ onProgress: progress.onProgress });
    progress.end();
    for (const line of describeReport(report)) ctx.out(line);
    return report;
  } catch (error) {
    progress.end();
    throw error;
  }
}

export function describeError(error: unknown): string {
  return isLockleafError(error) ? `${error.message} [${error.code}]` : (error as Error).message || String(error);
}

/** Rounds every `intervalMs` until SIGINT/SIGTERM; the round running then is finished first. */
export async function watchRounds(ctx: CliContext, vault: Vault, engine: SyncEngine, intervalMs: number) {
  let stopping = false;
  let wake: () => void = () => undefined;
  const stop = () => {
    stopping = true;
    ctx.err('Stopping after this round (Ctrl+C again stops at once; the next run resumes)…');
    wake();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  ctx.err(`Syncing every ${intervalMs / 1000} s (Ctrl+C to stop)…`);
  try {
    while (!stopping) {
      try {
        await runRound(ctx, vault, engine);
      } catch (error) {
        ctx.err(`Sync round failed: ${describeError(error)}`);
        if (isLockleafError(error) && STOPS_WATCH.has(error.code)) {
          ctx.err(
            error.code === 'SYNC_PASSPHRASE_CHANGED'
              ? 'Stopped: run lockleaf sync (without --watch) to enter the new passphrase, then watch again.'
              : 'Stopped: the bucket served something this device refuses, and trying again cannot fix that.',
          );
          ctx.fail();
          return;
        }
      }
      if (stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalMs);
        wake = () => (clearTimeout(timer), resolve());
      });
    }
    ctx.err('Stopped.');
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
