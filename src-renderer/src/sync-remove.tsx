import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { SyncView } from '../../src-shared/sync.js';
import { bridge, BridgeError, unwrap } from './bridge.js';

/**
 * Settings → Sync → Remove sync…: asked first, and refused by main
 * (SYNC_PENDING) while edits made here have not reached the bucket; then the
 * user syncs first or removes anyway (force), knowing those edits never reach
 * the other devices.
 */
export function RemoveSync({ syncing, onView }: { syncing: boolean; onView: (view: SyncView) => void }) {
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
        Remove sync…
      </button>
    );
  return (
    <div className="metadata" role="group" aria-label="Remove sync">
      <p>
        This device stops syncing and forgets the bucket&apos;s keys. Your documents stay here; the bucket and your
        other devices are not touched.
      </p>
      <p>
        Edits made here that have not synced yet would never reach your other devices. To join this bucket again later,
        you open it as a new synced vault, in a new folder; this vault does not rejoin it.
      </p>
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
          <progress aria-label="Syncing before removal" /> Syncing…
        </p>
      )}
      <div className="inline">
        {pending ? (
          <>
            <button onClick={() => now.mutate()} disabled={busy || syncing}>
              Sync now
            </button>
            <button className="danger" onClick={() => remove.mutate(true)} disabled={busy}>
              Remove anyway
            </button>
          </>
        ) : (
          <button className="danger" onClick={() => remove.mutate(false)} disabled={busy}>
            Remove sync from this device
          </button>
        )}
        <button onClick={cancel}>Cancel</button>
      </div>
    </div>
  );
}
