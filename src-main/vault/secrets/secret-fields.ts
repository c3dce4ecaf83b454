/**
 * Sealed secret fields (mailbox passwords, OAuth tokens). Each field is its
 * own AES-256-GCM record under the keyring's current data key, with the
 * owner's id and the field name as associated data: a value copied to another
 * mailbox or field fails to open. The key version is kept beside it so key
 * rotation can re-seal fields in small batches, like document keys.
 */
import type { Keyring } from '../../crypto/keyring.js';
import type { ReadDb, WriteDb } from '../db/connection.js';
import { registerSecret } from '../../log/redact.js';

export const secretFields = ['password', 'refresh_token', 'access_token'] as const;
export type SecretField = (typeof secretFields)[number];

const aad = (ownerId: string, field: string) => `mailbox-secret:${ownerId}:${field}`;

export async function putSecret(
  tx: WriteDb,
  keyring: Keyring,
  ownerId: string,
  field: SecretField,
  value: string,
): Promise<void> {
  registerSecret(value);
  const { version, sealed } = keyring.wrap(Buffer.from(value, 'utf8'), aad(ownerId, field));
  await tx.run(
    `INSERT INTO mailbox_secrets (mailbox_id, field, sealed, key_version) VALUES (?, ?, ?, ?)
     ON CONFLICT (mailbox_id, field) DO UPDATE SET sealed = excluded.sealed, key_version = excluded.key_version`,
    [ownerId, field, sealed, version],
  );
}

export async function getSecret(
  db: ReadDb,
  keyring: Keyring,
  ownerId: string,
  field: SecretField,
): Promise<string | undefined> {
  const row = await db.get<{ sealed: Buffer; key_version: number }>(
    'SELECT sealed, key_version FROM mailbox_secrets WHERE mailbox_id = ? AND field = ?',
    [ownerId, field],
  );
  if (!row) return undefined;
  const value = keyring.unwrap(row.key_version, row.sealed, aad(ownerId, field)).toString('utf8');
  registerSecret(value);
  return value;
}

export async function deleteSecrets(tx: WriteDb, ownerId: string): Promise<void> {
  await tx.run('DELETE FROM mailbox_secrets WHERE mailbox_id = ?', [ownerId]);
}

export async function pendingSecrets(db: ReadDb, version: number): Promise<number> {
  return (
    (await db.get<{ n: number }>('SELECT count(*) AS n FROM mailbox_secrets WHERE key_version != ?', [version]))?.n ?? 0
  );
}

/** Re-seals up to `limit` fields that are not under `keyring.current`, in one transaction; returns how many. */
export async function resealSecrets(
  write: <T>(fn: (tx: WriteDb) => Promise<T>) => Promise<T>,
  keyring: Keyring,
  limit: number,
): Promise<number> {
  return write(async (tx) => {
    const rows = await tx.all<{ mailbox_id: string; field: string; sealed: Buffer; key_version: number }>(
      'SELECT mailbox_id, field, sealed, key_version FROM mailbox_secrets WHERE key_version != ? LIMIT ?',
      [keyring.current, limit],
    );
    for (const row of rows) {
      const plain = keyring.unwrap(row.key_version, row.sealed, aad(row.mailbox_id, row.field));
      const { version, sealed } = keyring.wrap(plain, aad(row.mailbox_id, row.field));
      plain.fill(0);
      await tx.run('UPDATE mailbox_secrets SET sealed = ?, key_version = ? WHERE mailbox_id = ? AND field = ?', [
        sealed,
        version,
        row.mailbox_id,
        row.field,
      ]);
    }
    return rows.length;
  });
}
