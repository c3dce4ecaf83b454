/** better-sqlite3 (plain SQLite, no encryption) behind the vault's WriteDb interface: the baseline. */
import Database from 'better-sqlite3';
import type { Params, WriteDb } from '../../src-main/vault/db/connection.js';

export function plainDb(path: string): WriteDb & { raw: Database.Database; close(): void } {
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('temp_store = MEMORY');
  raw.pragma('cache_size = -65536');
  const args = (params?: Params) => (params === undefined ? [] : Array.isArray(params) ? params : [params]);
  return {
    raw,
    async get<T>(sql: string, params?: Params) {
      return raw.prepare(sql).get(...args(params)) as T | undefined;
    },
    async all<T>(sql: string, params?: Params) {
      return raw.prepare(sql).all(...args(params)) as T[];
    },
    async run(sql: string, params?: Params) {
      const r = raw.prepare(sql).run(...args(params));
      return { changes: r.changes, lastID: Number(r.lastInsertRowid) };
    },
    async exec(sql: string) {
      if (/^\s*PRAGMA/i.test(sql)) raw.pragma(sql.replace(/^\s*PRAGMA\s*/i, ''));
      else raw.exec(sql);
    },
    close: () => raw.close(),
  };
}
