import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { SyncProgressInfo, SyncView } from '../../src-shared/sync.js';
import { bridge, unwrap } from './bridge.js';
import { errorAdvice, formatBytes, percentOf, phaseLabel } from './sync-format.js';
import { useSyncView } from './sync-indicator.js';
import { KitDialog, ShowKitForm } from './sync-kit.js';
import { RemoveSync } from './sync-remove.js';
import { NewPassphraseForm, SetUpForm } from './sync-setup.js';

function SyncProgress({ progress }: { progress: SyncProgressInfo | null }) {
  const pct = percentOf(progress);
  return (
    <p role="status">
      <progress max={100} value={pct} aria-label="Sync progress" /> {progress ? phaseLabel(progress) : 'Syncing'}
      {progress && progress.total > 1 && ` · ${progress.done} of ${progress.total}`}
      {progress?.bytes &&
        progress.bytes.total > 0 &&
        ` · ${formatBytes(progress.bytes.loaded)} of ${formatBytes(progress.bytes.total)}`}
    </p>
  );
}

function Facts({ view }: { view: SyncView }) {
  const up = view.pendingUploads ?? { changes: 0, files: 0, bytes: 0 };
  const down = view.pendingDownloads ?? { files: 0, bytes: 0 };
  return (
    <dl className="sync-facts">
      <dt>Storage</dt>
      <dd>
        {view.kind === 'r2' ? 'Cloudflare R2' : 'S3-compatible'} · {view.bucket}
      </dd>
      <dt>Endpoint</dt>
      <dd>{view.endpoint}</dd>
      <dt>This device</dt>
      <dd>
        {view.deviceName} ({view.devices === 1 ? 'the only device' : `one of ${view.devices} devices`})
      </dd>
      <dt>Last sync</dt>
      <dd>{view.lastSyncAt ? new Date(view.lastSyncAt).toLocaleString() : 'never'}</dd>
      <dt>Waiting to upload</dt>
      <dd>
        {up.changes} changes, {up.files} files ({formatBytes(up.bytes)})
      </dd>
      <dt>Waiting to download</dt>
      <dd>
        {down.files} files ({formatBytes(down.bytes)})
      </dd>
      {(view.conflicts ?? 0) > 0 && (
        <>
          <dt>Conflicts</dt>
          <dd>{view.conflicts} edits made on two devices at once; the later one was kept</dd>
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
        Sync
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
              Sync now
            </button>
          </div>
          <ShowKitForm onKit={(text) => setKit({ text, again: true })} />
          <RemoveSync syncing={syncing} onView={show} />
        </>
      )}
    </section>
  );
}
