/**
 * Schema migrations: one file each, numbered, listed explicitly in
 * migrations/index.ts. `user_version` records the last one applied; each runs
 * in its own transaction, so a crash leaves the database at a whole version.
 */
import { LockleafError } from '../../errors.js';
import type { WriteDb } from './connection.js';

export interface Migration {
  version: number;
  name: string;
  up(tx: WriteDb): Promise<void>;
}

export async function schemaVersion(conn: WriteDb): Promise<number> {
  const row = await conn.get<{ user_version: number }>('PRAGMA user_version');
  return row?.user_version ?? 0;
}

export async function migrate(conn: WriteDb, list: readonly Migration[], target = Infinity): Promise<number> {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} is numbered ${m.version}, expected ${i + 1}`);
  });
  let current = await schemaVersion(conn);
  if (current > list.length) {
    throw new LockleafError(
      'VAULT_CORRUPT',
      `This vault was written by a newer Lockleaf (schema ${current}, this app knows ${list.length}). Update the app; nothing was changed.`,
    );
  }
  for (const m of list) {
    if (m.version <= current || m.version > target) continue;
    await conn.exec('BEGIN IMMEDIATE');
    try {
      await m.up(conn);
      await conn.exec(`PRAGMA user_version = ${m.version}`);
      await conn.exec('COMMIT');
    } catch (error) {
      await conn.exec('ROLLBACK').catch(() => undefined);
      throw error;
    }
    current = m.version;
  }
  return current;
}
