/** How the window words sync: sizes, a round's overall percentage, and the header's one-line state. */
import type { SyncProgressInfo, SyncView } from '../../src-shared/sync.js';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Files done plus the share of the one under way, as a whole percentage; undefined when there is nothing to count. */
export function percentOf(p: SyncProgressInfo | null | undefined): number | undefined {
  if (!p || p.total <= 0) return undefined;
  const current = p.bytes && p.bytes.total > 0 ? Math.min(1, p.bytes.loaded / p.bytes.total) : 0;
  return Math.min(100, Math.floor(((p.done + (p.done < p.total ? current : 0)) * 100) / p.total));
}

const PHASES: Record<SyncProgressInfo['phase'], string> = {
  capture: 'Collecting changes',
  pull: 'Fetching changes',
  upload: 'Uploading files',
  download: 'Downloading files',
  snapshot: 'Writing a snapshot',
};

export const phaseLabel = (p: SyncProgressInfo) => PHASES[p.phase];

/** The header's words for the state, short. */
export function stateLabel(view: SyncView | undefined, progress?: SyncProgressInfo | null): string {
  if (!view || view.state === 'off') return 'Sync off';
  if (view.state === 'syncing') {
    const pct = percentOf(progress ?? view.progress);
    return pct === undefined ? 'Syncing…' : `Syncing ${pct}%`;
  }
  if (view.state === 'paused') return 'Sync stopped';
  if (view.state === 'error') return 'Sync error';
  return 'Synced';
}

/** What to do about the last error, beyond its own message. */
export function errorAdvice(view: SyncView): string | undefined {
  if (view.state === 'paused')
    return 'Automatic sync has stopped because the bucket did not look as this device expects (altered, rolled back or written by an unknown device). Nothing was changed here. Check who can write to the bucket, then choose Sync now to try again.';
  if (view.lastError?.code === 'SYNC_PASSPHRASE_CHANGED') return undefined;
  if (view.state === 'error') return 'Lockleaf tries again every minute. Sync now tries at once.';
  return undefined;
}
