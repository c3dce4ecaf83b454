import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncView } from '../../src-shared/sync.js';
import { bridge, BridgeError, unwrap } from './bridge.js';

/**
 * Settings → Sync → Remove sync…: asked first, and refused by main
 * (SYNC_PENDING) while edits made here have not reached the bucket; then the
 * user syncs first or removes anyway (force), knowing those edits never reach
 * the other devices.
 */
export function RemoveSync({ syncing, onView }: { syncing: boolean; onView: (view: SyncView) => void }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: (force: boolean) => unwrap(bridge().syncRemove(force ? { force } : {})),
    onSuccess: (view) => {
      setConfirming(false);
      onView(view);
    },
  });
  const now = useMutation({
    mutationFn: () => unwrap(bridge().syncNow()),
    onSuccess: (view) => {
      // Asked again: whether the edits went up shows in the next answer, not guessed here.
      remove.reset();
      onView(view);
    },
  });
  const pending = remove.error instanceof BridgeError && remove.error.data.code === 'SYNC_PENDING';
  const busy = remove.isPending || now.isPending;
  const cancel = () => {
    setConfirming(false);
    remove.reset();
    now.reset();
  };
  if (!confirming)
    return (
      <button className="danger" onClick={() => setConfirming(true)}>
        {t('sync.remove')}
      </button>
    );
  return (
    <div className="metadata" role="group" aria-label={t('sync.removeGroup')}>
      <p>{t('sync.removeStay')}</p>
      <p>{t('sync.removeLoss')}</p>
      {remove.error && (
        <div className="error" role="alert">
          <p>{remove.error.message}</p>
        </div>
      )}
      {now.error && (
        <p className="error" role="alert">
          {now.error.message}
        </p>
      )}
      {now.isPending && (
        <p className="hint" role="status">
          <progress aria-label={t('sync.syncingBeforeRemoval')} /> {t('sync.syncing')}
        </p>
      )}
      <div className="inline">
        {pending ? (
          <>
            <button onClick={() => now.mutate()} disabled={busy || syncing}>
              {t('sync.now')}
            </button>
            <button className="danger" onClick={() => remove.mutate(true)} disabled={busy}>
              {t('sync.removeAnyway')}
            </button>
          </>
        ) : (
          <button className="danger" onClick={() => remove.mutate(false)} disabled={busy}>
            {t('sync.removeHere')}
          </button>
        )}
        <button onClick={cancel}>{t('common.cancel')}</button>
      </div>
    </div>
  );
}
