import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncProgressInfo, SyncView } from '../../src-shared/sync.js';
import { bridge, unwrap } from './bridge.js';
import { useLocale } from './i18n/index.js';
import { percentOf, stateLabel } from './sync-format.js';

/** Sync's state, kept current by main's `sync:status` and `sync:progress` events. */
export function useSyncView(): {
  view: SyncView | undefined;
  progress: SyncProgressInfo | null;
  error: Error | null;
} {
  const client = useQueryClient();
  const query = useQuery({ queryKey: ['sync'], queryFn: () => unwrap(bridge().syncStatus()) });
  const [progress, setProgress] = useState<SyncProgressInfo | null>(null);
  useEffect(
    () =>
      bridge().on('sync:status', (view) => {
        client.setQueryData(['sync'], view);
        if (view.state !== 'syncing') setProgress(null);
      }),
    [client],
  );
  useEffect(() => bridge().on('sync:progress', setProgress), []);
  const view = query.data;
  return { view, progress: view?.state === 'syncing' ? (progress ?? view.progress ?? null) : null, error: query.error };
}

/** The header's sync state (off, syncing with its percentage, synced, error, stopped); opens Settings → Sync. */
export function SyncIndicator({ onOpen }: { onOpen: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { view, progress } = useSyncView();
  const label = stateLabel(view, progress);
  const pct = view?.state === 'syncing' ? percentOf(progress) : undefined;
  const last = view?.lastSyncAt
    ? t('sync.lastSyncAt', {
        when: new Date(view.lastSyncAt).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }),
      })
    : undefined;
  return (
    <button className={`sync-indicator sync-${view?.state ?? 'off'}`} onClick={onOpen} title={last}>
      {label}
      {view?.state === 'syncing' && <progress max={100} value={pct} aria-hidden="true" />}
      <span className="visually-hidden">{t('sync.showDetails')}</span>
    </button>
  );
}
