import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncProgressInfo, SyncView } from '../../src-shared/sync.js';
import { bridge, unwrap } from './bridge.js';
import { useLocale } from './i18n/index.js';
import { errorAdvice, formatBytes, percentOf, phaseLabel } from './sync-format.js';
import { useSyncView } from './sync-indicator.js';
import { KitDialog, ShowKitForm } from './sync-kit.js';
import { RemoveSync } from './sync-remove.js';
import { NewPassphraseForm, SetUpForm } from './sync-setup.js';

function SyncProgress({ progress }: { progress: SyncProgressInfo | null }) {
  const { t } = useTranslation();
  const pct = percentOf(progress);
  return (
    <p role="status">
      <progress max={100} value={pct} aria-label={t('sync.progress')} />{' '}
      {progress ? phaseLabel(progress) : t('sync.syncingPlain')}
      {progress && progress.total > 1 && t('sync.ofFiles', { done: progress.done, total: progress.total })}
      {progress?.bytes &&
        progress.bytes.total > 0 &&
        t('sync.ofBytes', { loaded: formatBytes(progress.bytes.loaded), total: formatBytes(progress.bytes.total) })}
    </p>
  );
}

function Facts({ view }: { view: SyncView }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const up = view.pendingUploads ?? { changes: 0, files: 0, bytes: 0 };
  const down = view.pendingDownloads ?? { files: 0, bytes: 0 };
  return (
    <dl className="sync-facts">
      <dt>{t('sync.storage')}</dt>
      <dd>
        {view.kind === 'r2' ? 'Cloudflare R2' : t('sync.s3')} · {view.bucket}
      </dd>
      <dt>{t('sync.endpoint')}</dt>
      <dd>{view.endpoint}</dd>
      <dt>{t('sync.thisDevice')}</dt>
      <dd>
        {view.deviceName} ({view.devices === 1 ? t('sync.onlyDevice') : t('sync.oneOf', { count: view.devices })})
      </dd>
      <dt>{t('sync.lastSync')}</dt>
      <dd>
        {view.lastSyncAt
          ? new Date(view.lastSyncAt).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' })
          : t('sync.never')}
      </dd>
      <dt>{t('sync.waitingUp')}</dt>
      <dd>
        {t('sync.upCounts', {
          changes: t('sync.changes', { count: up.changes }),
          files: t('sync.files', { count: up.files }),
          bytes: formatBytes(up.bytes),
        })}
      </dd>
      <dt>{t('sync.waitingDown')}</dt>
      <dd>{t('sync.downCounts', { files: t('sync.files', { count: down.files }), bytes: formatBytes(down.bytes) })}</dd>
      {(view.conflicts ?? 0) > 0 && (
        <>
          <dt>{t('sync.conflicts')}</dt>
          <dd>{t('sync.conflictsText', { count: view.conflicts ?? 0 })}</dd>
        </>
      )}
    </dl>
  );
}

/**
 * Settings → Sync: set up (R2 or any S3 endpoint), then status, pending transfers, errors with what to do, Sync now,
 * the emergency kit again, remove.
 */
export function SyncSection({ focus }: { focus?: number }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { view, progress, error } = useSyncView();
  const heading = useRef<HTMLHeadingElement>(null);
  const [kit, setKit] = useState<{ text: string; again: boolean } | undefined>();
  const show = (v: SyncView) => client.setQueryData(['sync'], v);
  const now = useMutation({ mutationFn: () => unwrap(bridge().syncNow()), onSuccess: show });
  // The header's indicator opens Settings here.
  useEffect(() => {
    if (!focus) return;
    heading.current?.scrollIntoView({ block: 'start' });
    heading.current?.focus();
  }, [focus]);
  const syncing = view?.state === 'syncing';
  return (
    <section aria-labelledby="sync-title">
      <h3 id="sync-title" ref={heading} tabIndex={-1}>
        {t('sync.title')}
      </h3>
      {kit && <KitDialog kitText={kit.text} again={kit.again} onClose={() => setKit(undefined)} />}
      {error && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
      {view && !view.configured && <SetUpForm onKit={(text) => setKit({ text, again: false })} />}
      {view?.configured && (
        <>
          <Facts view={view} />
          {syncing && <SyncProgress progress={progress} />}
          {view.lastError && !syncing && (
            <div className="error" role="alert">
              <p>{view.lastError.message}</p>
              {errorAdvice(view) && <p className="hint">{errorAdvice(view)}</p>}
            </div>
          )}
          {view.lastError?.code === 'SYNC_PASSPHRASE_CHANGED' && <NewPassphraseForm />}
          {now.error && (
            <p className="error" role="alert">
              {now.error.message}
            </p>
          )}
          <div className="inline">
            <button onClick={() => now.mutate()} disabled={syncing || now.isPending}>
              {t('sync.now')}
            </button>
          </div>
          <ShowKitForm onKit={(text) => setKit({ text, again: true })} />
          <RemoveSync syncing={syncing} onView={show} />
        </>
      )}
    </section>
  );
}
