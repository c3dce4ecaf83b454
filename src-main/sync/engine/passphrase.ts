/**
 * The passphrase across devices. The bucket's keyring is wrapped with the
 * passphrase and the Secret Key, so a change on one device rewraps it there
 * (a conditional replace: two devices changing at once cannot overwrite each
 * other), and the others notice at their next round that the key they kept
 * no longer opens it: they stop with SYNC_PASSPHRASE_CHANGED and ask for the
 * new passphrase, which then becomes theirs too.
 *
 * With sync set up, a change needs the bucket: the keyring is rewrapped
 * first and the local passphrase changed only once that succeeded, so no
 * device is left with a passphrase the bucket does not know.
 */
import type { KdfCost } from '../../crypto/kdf.js';
import { isLockleafError, LockleafError } from '../../errors.js';
import type { WriteDb } from '../../vault/db/connection.js';
import type { SyncHost } from '../../vault/sync-host.js';
import {
  destroyRemoteKeyringPayload,
  openRemoteKeyring,
  openRemoteKeyringWithKek,
  rewrapRemoteKeyring,
  type RemoteKeyringPayload,
} from '../keys/remote-keyring.js';
import { decodeEnvelope } from '../keys/remote-keyring-format.js';
import { encodeKeyringPayload, SyncSession } from './session.js';
import { KEYRING_OBJECT } from './setup.js';

async function generation(host: SyncHost): Promise<number> {
  return (await host.read.get<{ g: number }>('SELECT keyring_generation AS g FROM sync_config'))?.g ?? 0;
}

async function storeKeys(tx: WriteDb, host: SyncHost, kek: Buffer, gen: number, payload?: RemoteKeyringPayload) {
  await host.putSyncSecret(tx, 'kek', kek);
  if (payload) {
    const encoded = encodeKeyringPayload(payload);
    await host.putSyncSecret(tx, 'keyring', encoded);
    encoded.fill(0);
  }
  await tx.run('UPDATE sync_config SET keyring_generation = ?', [gen]);
}

function keyringMissing(): LockleafError {
  return new LockleafError(
    'SYNC_NOT_LOCKLEAF',
    'The bucket no longer holds this vault\u2019s keys. Nothing was changed.',
  );
}

/** Settings → passphrase and `lockleaf passwd` when sync is set up (otherwise the vault's own change). */
export async function changePassphraseEverywhere(host: SyncHost, current: string, next: string, cost?: KdfCost) {
  const session = await SyncSession.open(host);
  if (!session) return host.changePassphrase(current, next, cost);
  try {
    await host.checkPassphrase(current);
    const object = await session.remote.get(KEYRING_OBJECT);
    if (!object) throw keyringMissing();
    const rewrapped = await rewrapRemoteKeyring(object.bytes, { currentKek: session.kek }, next, session.secretKey, {
      expectedVaultId: host.vaultId,
      minGeneration: await generation(host),
      cost,
    });
    try {
      if ((await session.remote.replace(KEYRING_OBJECT, rewrapped.bytes, object.etag)) === 'conflict')
        throw new LockleafError(
          'REMOTE_CONFLICT',
          'The vault\u2019s keys in the bucket changed while this was running (another device?). Nothing was changed; try again.',
        );
      await host.changePassphrase(current, next, cost);
      await host.write((tx) => storeKeys(tx, host, rewrapped.kek, rewrapped.header.generation));
    } finally {
      rewrapped.kek.fill(0);
    }
  } finally {
    session.close();
  }
}

/** Each round: the keyring still opens with the kept key (the generation is noted), or the passphrase changed elsewhere. */
export async function checkKeyring(session: SyncSession, host: SyncHost): Promise<void> {
  const object = await session.remote.get(KEYRING_OBJECT);
  if (!object) throw keyringMissing();
  const floor = await generation(host);
  let opened;
  try {
    opened = openRemoteKeyringWithKek(object.bytes, session.kek, {
      expectedVaultId: host.vaultId,
      minGeneration: floor,
    });
  } catch (error) {
    if (!isLockleafError(error, 'WRONG_PASSPHRASE_OR_SECRET_KEY')) throw error;
    // A real passphrase change raises the generation; the same or a lower one that no longer opens was altered.
    if (decodeEnvelope(object.bytes).header.generation <= floor)
      throw new LockleafError(
        'SYNC_TAMPERED',
        "The vault's keys in the bucket were altered (they no longer open, yet claim no passphrase change). Nothing was changed.",
        { object: KEYRING_OBJECT },
      );
    throw new LockleafError(
      'SYNC_PASSPHRASE_CHANGED',
      'The passphrase was changed on another device. Enter the new passphrase to go on syncing (it becomes this device\u2019s passphrase too).',
    );
  }
  destroyRemoteKeyringPayload(opened.payload);
  if (opened.header.generation > floor)
    await host.write((tx) => tx.run('UPDATE sync_config SET keyring_generation = ?', [opened.header.generation]));
}

/** After SYNC_PASSPHRASE_CHANGED: the new passphrase must open the bucket's keyring; then it is this device's too. */
export async function adoptNewPassphrase(host: SyncHost, next: string, cost?: KdfCost): Promise<void> {
  const session = await SyncSession.open(host);
  if (!session) throw new LockleafError('SYNC_NOT_SET_UP', 'Sync is not set up on this vault.');
  try {
    const object = await session.remote.get(KEYRING_OBJECT);
    if (!object) throw keyringMissing();
    const opened = await openRemoteKeyring(object.bytes, {
      passphrase: next,
      secretKey: session.secretKey,
      expectedVaultId: host.vaultId,
      minGeneration: await generation(host),
    });
    try {
      await host.adoptPassphrase(next, cost);
      await host.write((tx) => storeKeys(tx, host, opened.kek, opened.header.generation, opened.payload));
    } finally {
      opened.kek.fill(0);
      destroyRemoteKeyringPayload(opened.payload);
    }
  } finally {
    session.close();
  }
}
