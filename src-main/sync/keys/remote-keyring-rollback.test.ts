import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { randomKey } from '../../crypto/aead.js';
import { TEST_KDF } from '../../crypto/kdf.js';
import { isLockleafError } from '../../errors.js';
import {
  createRemoteKeyring,
  openRemoteKeyring,
  openRemoteKeyringWithKek,
  rewrapRemoteKeyring,
  sealRemoteKeyring,
} from './remote-keyring.js';
import { decodeEnvelope } from './remote-keyring-format.js';
import { newSecretKey } from './secret-key.js';

const first = 'the first passphrase of this vault';
const second = 'the second passphrase, after a change';
const third = 'a third passphrase, from the rolled-back copy';

/** Generation 1 as set up, then generation 2 after a passphrase change that also added epoch 2. */
async function history() {
  const vaultId = randomUUID();
  const secretKey = newSecretKey();
  const v1 = await createRemoteKeyring({
    vaultId,
    passphrase: first,
    secretKey,
    payload: { epochs: { 1: randomKey() }, current: 1, nameKey: randomKey(), docIdKey: randomKey() },
    cost: TEST_KDF,
  });
  const opened = await openRemoteKeyring(v1.bytes, { passphrase: first, secretKey });
  const epochs = { ...opened.payload.epochs, 2: randomKey() };
  const { kdf } = decodeEnvelope(v1.bytes).header;
  const v2 = sealRemoteKeyring({
    vaultId,
    kek: opened.kek,
    kdf,
    secretKey,
    payload: { ...opened.payload, epochs, current: 2 },
    generation: 2,
  });
  return { vaultId, secretKey, old: v1.bytes, oldKek: v1.kek, current: v2 };
}

async function failure(run: () => unknown): Promise<string> {
  try {
    await run();
    return 'no error';
  } catch (error) {
    return isLockleafError(error) ? error.code : `unexpected: ${String(error)}`;
  }
}

describe('remote keyring rollback', () => {
  it('opens a keyring at or above the highest generation seen, and refuses an older one, with or without the KEK', async () => {
    const { secretKey, old, oldKek, current } = await history();
    const seen = { minGeneration: 2 };
    expect((await openRemoteKeyring(current, { passphrase: first, secretKey, ...seen })).header.generation).toBe(2);
    expect(await failure(() => openRemoteKeyring(old, { passphrase: first, secretKey, ...seen }))).toBe(
      'SYNC_ROLLBACK',
    );
    expect(openRemoteKeyringWithKek(current, oldKek, seen).payload.current).toBe(2);
    expect(await failure(() => openRemoteKeyringWithKek(old, oldKek, seen))).toBe('SYNC_ROLLBACK');
    // Before any generation is known (a clone), the first one opens.
    expect(openRemoteKeyringWithKek(old, oldKek, { minGeneration: 0 }).header.generation).toBe(1);
  });

  it('refuses to rewrap a rolled-back keyring, by old passphrase or kept KEK, so it cannot come back as old+1', async () => {
    const { secretKey, old, oldKek, current } = await history();
    const seen = { minGeneration: 2 };
    const byPassphrase = () => rewrapRemoteKeyring(old, { oldPassphrase: first }, third, secretKey, seen);
    const byKek = () => rewrapRemoteKeyring(old, { currentKek: oldKek }, third, secretKey, seen);
    expect(await failure(byPassphrase)).toBe('SYNC_ROLLBACK');
    expect(await failure(byKek)).toBe('SYNC_ROLLBACK');

    const rewrapped = await rewrapRemoteKeyring(current, { currentKek: oldKek }, second, secretKey, seen);
    expect(rewrapped.header.generation).toBe(3);
    const reopened = await openRemoteKeyring(rewrapped.bytes, { passphrase: second, secretKey, minGeneration: 3 });
    expect(Object.keys(reopened.payload.epochs)).toEqual(['1', '2']);
  });

  it('says a kept KEK that fails may mean a passphrase change, without claiming it', async () => {
    const { secretKey, oldKek, current } = await history();
    const changed = await rewrapRemoteKeyring(current, { currentKek: oldKek }, second, secretKey, { minGeneration: 2 });
    let message = '';
    try {
      openRemoteKeyringWithKek(changed.bytes, oldKek, { minGeneration: 2 });
    } catch (error) {
      message = isLockleafError(error) ? `${error.code}: ${error.message}` : String(error);
    }
    expect(message).toMatch(/^WRONG_PASSPHRASE_OR_SECRET_KEY: /);
    expect(message).toMatch(/may have been changed on another device/);
    expect(message).not.toMatch(/passphrase was changed/);
  });
});
