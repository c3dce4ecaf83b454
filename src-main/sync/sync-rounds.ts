/**
 * The pieces of the app's sync rounds that are plain data: which refusals
 * stop automatic rounds, the timers (injectable), and progress as the window
 * gets it (sent when something visible changed, not per chunk).
 */
import type { SyncProgressInfo } from '../../src-shared/sync.js';
import type { SyncProgress } from './engine/engine.js';

/** The bucket misbehaved: automatic rounds stop until the user asks again. */
export const STOPS_AUTOMATIC = new Set([
  'SYNC_TAMPERED',
  'SYNC_ROLLBACK',
  'SYNC_FORK',
  'SYNC_GAP',
  'SYNC_REPLAY',
  'SYNC_SWAPPED',
  'SYNC_CHANGE_INVALID',
]);

export interface SyncTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: SyncTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export function progressInfo(p: SyncProgress): SyncProgressInfo {
  const info: SyncProgressInfo = { phase: p.phase, done: p.done, total: p.total };
  if (p.blobs) info.bytes = { loaded: p.blobs.bytes.loaded, total: p.blobs.bytes.total };
  return info;
}

/** Whole percents of the file under way: progress events are sent when something visible changed, not per chunk. */
const percent = (p: SyncProgressInfo | null) =>
  p?.bytes && p.bytes.total > 0 ? Math.floor((p.bytes.loaded * 100) / p.bytes.total) : -1;

/** A progress event worth sending: another phase or file, or another whole percent of the file under way. */
export function changed(last: SyncProgressInfo | null, next: SyncProgressInfo): boolean {
  const same = last && last.phase === next.phase && last.done === next.done && last.total === next.total;
  return !same || percent(last) !== percent(next);
}
