/**
 * The keyring as the bucket holds it, so a new device can get the keys: the
 * content key of every epoch, the name key and the document-id key, sealed with AES-256-GCM under
 * the two-secret KEK (remote-kek.ts). The public header (remote-keyring-format.ts)
 * is the associated data, so lowering the KDF cost, changing the salt, the
 * vault or the generation makes the keyring fail to open.
 *
 * Every failure a person can cause or a bucket can show is named and comes
 * before anything is written: not a Lockleaf bucket, a newer format, another
 * vault, a damaged object, a KDF cost above the cap, a keyring older than one
 * this device has seen (`minGeneration`: a bucket can keep and serve an old
 * copy, with an old passphrase and fewer epochs), and a wrong passphrase or
 * Secret Key (one error for both: the AEAD cannot tell which, and saying so
 * would help a guesser).
 */
import { timingSafeEqual } from 'node:crypto';
import { AuthenticationError, open, seal } from '../../crypto/aead.js';
import { newKdfParams, type KdfCost, type KdfParams } from '../../crypto/kdf.js';
import { LockleafError } from '../../errors.js';
import { deriveRemoteKek, secretKeyCheck } from './remote-kek.js';
import {
  decodeBody,
  decodeEnvelope,
  destroyPayload,
  encodeBody,
  encodeHeader,
  REMOTE_KEYRING_FORMAT,
  type RemoteKeyringHeader,
  type RemoteKeyringPayload,
} from './remote-keyring-format.js';

export {
  destroyPayload as destroyRemoteKeyringPayload,
  REMOTE_KEYRING_FORMAT,
  type RemoteKeyringHeader,
  type RemoteKeyringPayload,
};

export interface SealRemoteKeyringInput {
  vaultId: string;
  /** From deriveRemoteKek with exactly `kdf` (its salt too): the header tells a new device how to derive it again. */
  kek: Buffer;
  kdf: KdfParams;
  /** The Secret Key behind `kek`; only a check value derived from it is sealed (see secretKeyCheck). */
  secretKey: Uint8Array;
  payload: RemoteKeyringPayload;
  /** 1 at set-up; rewrapRemoteKeyring adds one. */
  generation?: number;
}

export function sealRemoteKeyring(input: SealRemoteKeyringInput): Buffer {
  const headerBytes = encodeHeader({
    formatVersion: REMOTE_KEYRING_FORMAT,
    vaultId: input.vaultId.toLowerCase(),
    generation: input.generation ?? 1,
    kdf: input.kdf,
  });
  const check = secretKeyCheck(input.secretKey, input.vaultId);
  const body = encodeBody(input.payload, check);
  try {
    return Buffer.concat([headerBytes, seal(input.kek, body, aad(headerBytes))]);
  } finally {
    body.fill(0);
    check.fill(0);
  }
}

/** Set-up: a fresh salt at `cost`, the KEK, the sealed keyring. The caller zeroes `kek` (or seals it in the vault). */
export async function createRemoteKeyring(input: {
  vaultId: string;
  passphrase: string;
  secretKey: Uint8Array;
  payload: RemoteKeyringPayload;
  cost?: KdfCost;
}): Promise<{ bytes: Buffer; kek: Buffer }> {
  const kdf = newKdfParams(input.cost);
  const kek = await deriveRemoteKek({ ...input, kdf });
  try {
    return { bytes: sealRemoteKeyring({ ...input, kek, kdf }), kek };
  } catch (error) {
    kek.fill(0);
    throw error;
  }
}

/** The highest keyring generation this device has seen (kept in its vault); 0 or absent before the first. */
export interface GenerationFloor {
  minGeneration?: number;
}

export interface OpenedRemoteKeyring {
  /** Authenticated once this returns; its `generation` is ≥ the `minGeneration` given: the caller keeps the higher. */
  header: RemoteKeyringHeader;
  /** The caller zeroes it (destroyRemoteKeyringPayload). */
  payload: RemoteKeyringPayload;
}

/**
 * A new device (clone), or any device that knows the passphrase. Returns the
 * KEK too, so a device can keep it sealed in its vault and open later
 * versions without running Argon2 again; the caller zeroes it.
 */
export async function openRemoteKeyring(
  bytes: Uint8Array,
  secrets: { passphrase: string; secretKey: Uint8Array; expectedVaultId?: string } & GenerationFloor,
): Promise<OpenedRemoteKeyring & { kek: Buffer }> {
  const envelope = checkedEnvelope(bytes, secrets);
  const kek = await deriveRemoteKek({ ...secrets, kdf: envelope.header.kdf, vaultId: envelope.header.vaultId });
  try {
    // The AEAD already proved the Secret Key here; the check is verified anyway, as the writer's self-test.
    return {
      ...verified(openWith(envelope, kek, 'The passphrase or the Secret Key is wrong.'), secrets.secretKey),
      kek,
    };
  } catch (error) {
    kek.fill(0);
    throw error;
  }
}

/**
 * With a KEK kept from an earlier open: fails (WRONG_PASSPHRASE_OR_SECRET_KEY)
 * once another device changed the passphrase, and equally for an altered or
 * swapped object, which the AEAD cannot tell apart from it.
 */
export function openRemoteKeyringWithKek(
  bytes: Uint8Array,
  kek: Buffer,
  options: { expectedVaultId?: string } & GenerationFloor = {},
): OpenedRemoteKeyring {
  const { header, payload, check } = openWith(checkedEnvelope(bytes, options), kek, KEPT_KEK_FAILED);
  check.fill(0);
  return { header, payload };
}

/**
 * A passphrase change: the same keys under a KEK from the new passphrase, a
 * fresh salt and the next generation. The caller writes the result with a
 * conditional replace (If-Match the etag it read), so a concurrent change is
 * not overwritten. With `currentKek` the old passphrase is not needed, but the
 * Secret Key is checked against the one sealed inside, since a wrong one
 * would lock every device out. The caller zeroes the returned `kek`.
 *
 * `minGeneration` is required here: rewrapping a rolled-back keyring would
 * seal its old epoch set as old+1, above the real one, and every device would
 * accept the loss of the newer epochs.
 */
export async function rewrapRemoteKeyring(
  bytes: Uint8Array,
  auth: { oldPassphrase: string } | { currentKek: Buffer },
  newPassphrase: string,
  secretKey: Uint8Array,
  options: { cost?: KdfCost; expectedVaultId?: string; minGeneration: number },
): Promise<{ bytes: Buffer; kek: Buffer; header: RemoteKeyringHeader }> {
  let opened: OpenedRemoteKeyring;
  if ('currentKek' in auth) {
    opened = verified(openWith(checkedEnvelope(bytes, options), auth.currentKek, KEPT_KEK_FAILED), secretKey);
  } else {
    const withKek = await openRemoteKeyring(bytes, {
      passphrase: auth.oldPassphrase,
      secretKey,
      expectedVaultId: options.expectedVaultId,
      minGeneration: options.minGeneration,
    });
    withKek.kek.fill(0);
    opened = { header: withKek.header, payload: withKek.payload };
  }
  const { header, payload } = opened;
  try {
    const { memoryKiB, iterations, parallelism } = header.kdf;
    const kdf = newKdfParams(options.cost ?? { memoryKiB, iterations, parallelism });
    const kek = await deriveRemoteKek({ passphrase: newPassphrase, secretKey, kdf, vaultId: header.vaultId });
    const next = { ...header, formatVersion: REMOTE_KEYRING_FORMAT, kdf, generation: header.generation + 1 };
    try {
      const sealed = sealRemoteKeyring({ ...next, kek, secretKey, payload });
      return { bytes: sealed, kek, header: next };
    } catch (error) {
      kek.fill(0);
      throw error;
    }
  } finally {
    destroyPayload(payload);
  }
}

const KEPT_KEK_FAILED =
  'The keys in the bucket do not open with the ones this device keeps: the passphrase may have been changed on another device. Enter the current one.';

type Envelope = ReturnType<typeof decodeEnvelope>;

/**
 * The generation is checked before any KDF or AEAD: the header is not yet
 * authenticated, but a low one is refused either way (if it was altered, the
 * AEAD would refuse it next), and refusing first spares the Argon2 run.
 */
function checkedEnvelope(
  bytes: Uint8Array,
  { expectedVaultId, minGeneration = 0 }: { expectedVaultId?: string } & GenerationFloor,
): Envelope {
  if (!Number.isSafeInteger(minGeneration) || minGeneration < 0) throw new Error(`bad minGeneration ${minGeneration}`);
  const envelope = decodeEnvelope(bytes);
  if (expectedVaultId !== undefined && expectedVaultId.toLowerCase() !== envelope.header.vaultId) {
    throw new LockleafError(
      'SYNC_VAULT_MISMATCH',
      'This bucket holds another Lockleaf vault than this one. Check the bucket name; nothing was written.',
    );
  }
  const { generation } = envelope.header;
  if (generation < minGeneration) {
    throw new LockleafError(
      'SYNC_ROLLBACK',
      `The bucket holds an older copy of the vault's keys (version ${generation}; this device has seen version ${minGeneration}). It may have been rolled back; nothing was written.`,
      { generation, minGeneration },
    );
  }
  return envelope;
}

type Unchecked = OpenedRemoteKeyring & { check: Buffer };

function openWith(envelope: Envelope, kek: Buffer, wrongMessage: string): Unchecked {
  let body: Buffer;
  try {
    body = open(kek, envelope.sealed, aad(envelope.headerBytes));
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    // Also what an altered header (lowered cost, other salt) or body gives: the AEAD cannot tell them apart.
    throw new LockleafError('WRONG_PASSPHRASE_OR_SECRET_KEY', `${wrongMessage} Nothing was written.`);
  }
  try {
    return { header: envelope.header, ...decodeBody(body) };
  } finally {
    body.fill(0);
  }
}

/** Compares the check sealed inside with `secretKey`'s, in constant time. */
function verified(opened: Unchecked, secretKey: Uint8Array): OpenedRemoteKeyring {
  const { header, payload, check } = opened;
  const expected = secretKeyCheck(secretKey, header.vaultId);
  const same = timingSafeEqual(check, expected);
  check.fill(0);
  expected.fill(0);
  if (!same) {
    destroyPayload(payload);
    throw new LockleafError(
      'WRONG_PASSPHRASE_OR_SECRET_KEY',
      'This Secret Key is not the one sync was set up with for this vault. Nothing was written.',
    );
  }
  return { header, payload };
}

/** The whole public header, hex-encoded (aead.ts takes text): any change to it makes the body fail to open. */
function aad(headerBytes: Buffer): string {
  return `lockleaf/remote-keyring:${headerBytes.toString('hex')}`;
}
