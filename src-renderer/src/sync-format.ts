/** How the window words sync: sizes, a round's overall percentage, and the header's one-line state. */
import type { SyncProgressInfo, SyncView } from '../../src-shared/sync.js';
import { locale, t } from './i18n/index.js';

/** Sizes in the chosen language's way (1.5 MB, 1,5 MB, 1,5 Mo). */
export function formatBytes(n: number): string {
  // Intl's own byte is 'byte' in English ("1,000 byte"): plain bytes come from the catalogue.
  if (n < 1024) return t('sync.bytes', { n: new Intl.NumberFormat(locale()).format(n) });
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit > 0 && value < 10 ? 1 : 0;
  return new Intl.NumberFormat(locale(), {
    style: 'unit',
    unit: units[unit],
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** Files done plus the share of the one under way, as a whole percentage; undefined when there is nothing to count. */
export function percentOf(p: SyncProgressInfo | null | undefined): number | undefined {
  if (!p || p.total <= 0) return undefined;
  const current = p.bytes && p.bytes.total > 0 ? Math.min(1, p.bytes.loaded / p.bytes.total) : 0;
  return Math.min(100, Math.floor(((p.done + (p.done < p.total ? current : 0)) * 100) / p.total));
}

export const phaseLabel = (p: SyncProgressInfo) => t(`sync.phase.${p.phase}`);

/** The header's words for the state, short. */
export function stateLabel(view: SyncView | undefined, progress?: SyncProgressInfo | null): string {
  if (!view || view.state === 'off') return t('sync.off');
  if (view.state === 'syncing') {
    const pct = percentOf(progress ?? view.progress);
    return pct === undefined ? t('sync.syncing') : t('sync.syncingPct', { pct });
  }
  if (view.state === 'paused') return t('sync.stopped');
  if (view.state === 'error') return t('sync.error');
  return t('sync.synced');
}

/** What to do about the last error, beyond its own message. */
export function errorAdvice(view: SyncView): string | undefined {
  if (view.state === 'paused') return t('sync.pausedAdvice');
  if (view.lastError?.code === 'SYNC_PASSPHRASE_CHANGED') return undefined;
  if (view.state === 'error') return t('sync.errorAdvice');
  return undefined;
}
