import argon2 from 'argon2';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthenticationError, open, randomKey } from '../../crypto/aead.js';
import { deriveKey, TEST_KDF } from '../../crypto/kdf.js';
import { isLockleafError } from '../../errors.js';
import type { ErrorCode } from '../../../src-shared/errors.js';
import { deriveRemoteKek } from './remote-kek.js';
import {
  createRemoteKeyring,
  openRemoteKeyring,
  openRemoteKeyringWithKek,
  rewrapRemoteKeyring,
  sealRemoteKeyring,
  type RemoteKeyringPayload,
} from './remote-keyring.js';
import { decodeEnvelope, MAX_REMOTE_KDF } from './remote-keyring-format.js';
import { formatSecretKey, newSecretKey } from './secret-key.js';

const passphrase = 'a long and careful passphrase';

function payload(): RemoteKeyringPayload {
  return {
    epochs: { 1: randomKey(), 2: randomKey(), 7: randomKey() },
    current: 7,
    nameKey: randomKey(),
    docIdKey: randomKey(),
  };
}

async function setUp() {
  const vaultId = randomUUID();
  const secretKey = newSecretKey();
  const keys = payload();
  const copy = {
    epochs: Object.fromEntries(Object.entries(keys.epochs).map(([e, k]) => [e, Buffer.from(k)])),
    current: keys.current,
    nameKey: Buffer.from(keys.nameKey),
    docIdKey: Buffer.from(keys.docIdKey),
  };
  const { bytes, kek } = await createRemoteKeyring({ vaultId, passphrase, secretKey, payload: keys, cost: TEST_KDF });
  return { vaultId, secretKey, keys: copy, bytes, kek };
}

async function failure(promise: Promise<unknown> | (() => unknown)): Promise<ErrorCode | string> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
    return 'no error';
  } catch (error) {
    return isLockleafError(error) ? error.code : `unexpected: ${String(error)}`;
  }
}

function expectSameKeys(actual: RemoteKeyringPayload, expected: RemoteKeyringPayload): void {
  expect(actual.current).toBe(expected.current);
  expect(Object.keys(actual.epochs).sort()).toEqual(Object.keys(expected.epochs).sort());
  for (const [epoch, key] of Object.entries(expected.epochs))
    expect(actual.epochs[Number(epoch)]?.equals(key)).toBe(true);
  expect(actual.nameKey.equals(expected.nameKey)).toBe(true);
  expect(actual.docIdKey.equals(expected.docIdKey)).toBe(true);
  expect(actual.docIdKey.equals(actual.nameKey)).toBe(false);
}

/** Rewrites one header field in place, keeping everything else (the body stays as sealed). */
function patched(bytes: Buffer, at: number, write: (b: Buffer) => void): Buffer {
  const copy = Buffer.from(bytes);
  write(copy.subarray(at));
  return copy;
}

describe('remote keyring', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('opens with the passphrase and Secret Key and gives back every key, the header and the KEK', async () => {
    const { vaultId, secretKey, keys, bytes, kek } = await setUp();
    const opened = await openRemoteKeyring(bytes, { passphrase, secretKey, expectedVaultId: vaultId });
    expectSameKeys(opened.payload, keys);
    expect(opened.header).toMatchObject({ formatVersion: 1, vaultId, generation: 1 });
    expect(opened.header.kdf).toMatchObject({ alg: 'argon2id', ...TEST_KDF });
    expect(opened.kek.equals(kek)).toBe(true);
    expectSameKeys(openRemoteKeyringWithKek(bytes, kek).payload, keys);
  });

  it('answers a wrong passphrase and a wrong Secret Key with the same error', async () => {
    const { secretKey, bytes } = await setUp();
    expect(await failure(openRemoteKeyring(bytes, { passphrase: `${passphrase}.`, secretKey }))).toBe(
      'WRONG_PASSPHRASE_OR_SECRET_KEY',
    );
    expect(await failure(openRemoteKeyring(bytes, { passphrase, secretKey: newSecretKey() }))).toBe(
      'WRONG_PASSPHRASE_OR_SECRET_KEY',
    );
  });

  it('cannot be opened from the passphrase alone: the Secret Key is needed', async () => {
    const { bytes } = await setUp();
    const { header, headerBytes, sealed } = decodeEnvelope(bytes);
    const passphraseOnly = await deriveKey(passphrase, header.kdf);
    expect(() => open(passphraseOnly, sealed, `lockleaf/remote-keyring:${headerBytes.toString('hex')}`)).toThrow(
      AuthenticationError,
    );
    for (const guess of [Buffer.alloc(16), Buffer.alloc(16, 0xff)])
      expect(await failure(openRemoteKeyring(bytes, { passphrase, secretKey: guess }))).toBe(
        'WRONG_PASSPHRASE_OR_SECRET_KEY',
      );
  });

  it('refuses a header altered by the bucket: lower KDF cost, other salt, other vault, other generation', async () => {
    const { secretKey, bytes, kek } = await setUp();
    const saltAt = 34;
    const tampered = [
      patched(bytes, 27, (b) => b.writeUInt32BE(8 * 1024 + 1, 0)), // memoryKiB (raised: lowering is refused by the schema's minimum too)
      patched(bytes, 31, (b) => (b[0] = 2)), // iterations
      patched(bytes, saltAt, (b) => (b[0] = (b[0] ?? 0) ^ 1)), // salt
      patched(bytes, 6, (b) => (b[0] = (b[0] ?? 0) ^ 1)), // vault id
      patched(bytes, 22, (b) => b.writeUInt32BE(9, 0)), // generation
    ];
    for (const bad of tampered) {
      expect(await failure(openRemoteKeyring(bad, { passphrase, secretKey }))).toBe('WRONG_PASSPHRASE_OR_SECRET_KEY');
      // With the right KEK in hand, only the associated data can notice the change.
      expect(await failure(() => openRemoteKeyringWithKek(bad, kek))).toBe('WRONG_PASSPHRASE_OR_SECRET_KEY');
    }
  });

  it('refuses a KDF cost lowered below the floor, or a huge one, before running Argon2', async () => {
    const { secretKey, bytes } = await setUp();
    const low = patched(bytes, 27, (b) => b.writeUInt32BE(64, 0));
    const huge = patched(bytes, 27, (b) => b.writeUInt32BE(64 * 1024 * 1024, 0));
    expect(await failure(openRemoteKeyring(low, { passphrase, secretKey }))).toBe('SYNC_TAMPERED');
    expect(await failure(openRemoteKeyring(huge, { passphrase, secretKey }))).toBe('SYNC_KDF_TOO_COSTLY');
  });

  it('refuses a header asking for 4 GiB, 100 passes or 16 lanes without running Argon2', async () => {
    const { secretKey, bytes, kek } = await setUp();
    // Stands in for Argon2 so that, if the cap were missing, the test fails at once instead of running 4 GiB.
    const hash = vi.spyOn(argon2, 'hash').mockRejectedValue(new Error('Argon2 ran'));
    const costly = [
      patched(bytes, 27, (b) => b.writeUInt32BE(4 * 1024 * 1024, 0)), // 4 GiB: the old schema's maximum
      patched(bytes, 27, (b) => b.writeUInt32BE(MAX_REMOTE_KDF.memoryKiB + 1, 0)),
      patched(bytes, 31, (b) => (b[0] = 100)),
      patched(bytes, 32, (b) => (b[0] = 16)),
    ];
    for (const bad of costly) {
      expect(await failure(openRemoteKeyring(bad, { passphrase, secretKey }))).toBe('SYNC_KDF_TOO_COSTLY');
      expect(await failure(() => openRemoteKeyringWithKek(bad, kek))).toBe('SYNC_KDF_TOO_COSTLY');
      const rewrap = rewrapRemoteKeyring(bad, { oldPassphrase: passphrase }, 'new one', secretKey, {
        minGeneration: 1,
      });
      expect(await failure(rewrap)).toBe('SYNC_KDF_TOO_COSTLY');
    }
    expect(hash).not.toHaveBeenCalled();
    // The cap itself still opens (no Argon2 at that cost here: the spy answers first, then the AEAD refuses).
    const atCap = patched(bytes, 31, (b) => (b[0] = MAX_REMOTE_KDF.iterations));
    expect(await failure(openRemoteKeyring(atCap, { passphrase, secretKey }))).toBe('unexpected: Error: Argon2 ran');
    expect(MAX_REMOTE_KDF).toEqual({ memoryKiB: 1024 * 1024, iterations: 12, parallelism: 8 });
  });

  it('refuses a cut-short or altered body', async () => {
    const { secretKey, bytes } = await setUp();
    const flipped = patched(bytes, bytes.length - 20, (b) => (b[0] = (b[0] ?? 0) ^ 0x80));
    expect(await failure(openRemoteKeyring(flipped, { passphrase, secretKey }))).toBe('WRONG_PASSPHRASE_OR_SECRET_KEY');
    expect(await failure(openRemoteKeyring(bytes.subarray(0, 30), { passphrase, secretKey }))).toBe('SYNC_TAMPERED');
  });

  it('names a bucket object that is not Lockleaf, one from a newer format, and another vault', async () => {
    const { vaultId, secretKey, bytes } = await setUp();
    const secrets = { passphrase, secretKey };
    for (const notOurs of [Buffer.alloc(0), Buffer.from('{"format":"something else"}'), Buffer.from('LLKR\x00\x02')])
      expect(await failure(openRemoteKeyring(notOurs, secrets))).toBe('SYNC_NOT_LOCKLEAF');
    const newer = patched(bytes, 4, (b) => b.writeUInt16BE(2, 0));
    expect(await failure(openRemoteKeyring(newer, secrets))).toBe('SYNC_NEWER_FORMAT');
    expect(await failure(openRemoteKeyring(newer.subarray(0, 6), secrets))).toBe('SYNC_NEWER_FORMAT');
    expect(await failure(openRemoteKeyring(bytes, { ...secrets, expectedVaultId: randomUUID() }))).toBe(
      'SYNC_VAULT_MISMATCH',
    );
    expect(await failure(openRemoteKeyring(bytes, { ...secrets, expectedVaultId: vaultId.toUpperCase() }))).toBe(
      'no error',
    );
  });

  it('holds no key in any encoding: not the content keys, the name key, the document-id key, the KEK or the Secret Key', async () => {
    const { secretKey, keys, bytes, kek } = await setUp();
    const secrets = [...Object.values(keys.epochs), keys.nameKey, keys.docIdKey, kek, secretKey];
    const haystacks = [bytes.toString('latin1'), bytes.toString('hex'), bytes.toString('base64')];
    for (const secret of secrets) {
      for (const needle of [
        secret.toString('latin1'),
        secret.toString('hex'),
        secret.toString('hex').toUpperCase(),
        secret.toString('base64'),
        secret.toString('base64url'),
        // A base64 run from the middle, whatever the alignment in a longer encoding.
        secret.toString('base64').slice(4, 20),
      ]) {
        for (const haystack of haystacks) expect(haystack.includes(needle)).toBe(false);
      }
    }
    const formatted = formatSecretKey(secretKey);
    expect(bytes.toString('latin1')).not.toContain(formatted.slice(4, 20));
  });

  it('rewraps for a new passphrase: opens with the new one, not the old, with a fresh salt and the next generation', async () => {
    const { vaultId, secretKey, keys, bytes } = await setUp();
    const next = 'the new passphrase after a change';
    const {
      bytes: rewrapped,
      kek,
      header,
    } = await rewrapRemoteKeyring(bytes, { oldPassphrase: passphrase }, next, secretKey, { minGeneration: 1 });
    expect(header.generation).toBe(2);
    expect(header.kdf.salt).not.toBe(decodeEnvelope(bytes).header.kdf.salt);
    expect(header.kdf).toMatchObject(TEST_KDF); // the old cost is kept unless a new one is given
    const opened = await openRemoteKeyring(rewrapped, { passphrase: next, secretKey, expectedVaultId: vaultId });
    expectSameKeys(opened.payload, keys);
    expect(opened.header.generation).toBe(2);
    expect(opened.kek.equals(kek)).toBe(true);
    expect(await failure(openRemoteKeyring(rewrapped, { passphrase, secretKey }))).toBe(
      'WRONG_PASSPHRASE_OR_SECRET_KEY',
    );
    expect(await failure(openRemoteKeyring(rewrapped, { passphrase: next, secretKey: newSecretKey() }))).toBe(
      'WRONG_PASSPHRASE_OR_SECRET_KEY',
    );
  });

  it('rewraps with a kept KEK, refuses a wrong Secret Key there, and a stale KEK fails to open the new keyring', async () => {
    const { secretKey, keys, bytes, kek } = await setUp();
    const seen = { minGeneration: 1 };
    const wrongKey = rewrapRemoteKeyring(bytes, { currentKek: kek }, 'another passphrase', newSecretKey(), seen);
    expect(await failure(wrongKey)).toBe('WRONG_PASSPHRASE_OR_SECRET_KEY');
    const wrongOld = rewrapRemoteKeyring(
      bytes,
      { oldPassphrase: 'not it at all' },
      'another passphrase',
      secretKey,
      seen,
    );
    expect(await failure(wrongOld)).toBe('WRONG_PASSPHRASE_OR_SECRET_KEY');

    const { bytes: rewrapped } = await rewrapRemoteKeyring(
      bytes,
      { currentKek: kek },
      'another passphrase',
      secretKey,
      seen,
    );
    expectSameKeys((await openRemoteKeyring(rewrapped, { passphrase: 'another passphrase', secretKey })).payload, keys);
    expect(await failure(() => openRemoteKeyringWithKek(rewrapped, kek))).toBe('WRONG_PASSPHRASE_OR_SECRET_KEY');
  });

  it('seals with a KEK derived elsewhere, and refuses a payload whose current epoch has no key', async () => {
    const vaultId = randomUUID();
    const secretKey = newSecretKey();
    const { kdf } = decodeEnvelope((await setUp()).bytes).header;
    const kek = await deriveRemoteKek({ passphrase, secretKey, kdf, vaultId });
    const keys = payload();
    const bytes = sealRemoteKeyring({ vaultId, kek, kdf, secretKey, payload: keys, generation: 5 });
    const opened = await openRemoteKeyring(bytes, { passphrase, secretKey });
    expect(opened.header.generation).toBe(5);
    expectSameKeys(opened.payload, keys);
    expect(() => sealRemoteKeyring({ vaultId, kek, kdf, secretKey, payload: { ...keys, current: 3 } })).toThrow(
      /current epoch/,
    );
  });
});
