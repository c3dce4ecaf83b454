/**
 * The encrypted database: one writer connection (write transactions are
 * serialised through a queue) and one reader connection (WAL lets it read
 * while a write is in progress). Both are keyed with a raw 256-bit key, so no
 * PBKDF2 runs on open; the passphrase work happened once, in Argon2id.
 */
import { LockleafError } from '../../errors.js';
import { Connection, type Params, type ReadDb, type WriteDb } from './connection.js';
import { migrate } from './migrate.js';
import { migrations } from './migrations/index.js';

const PRAGMAS = [
  // Temp tables and sort spills stay in memory: SQLCipher would encrypt them,
  // but nothing needs to touch disk at all.
  'PRAGMA temp_store = MEMORY',
  'PRAGMA journal_mode = WAL',
  'PRAGMA synchronous = NORMAL',
  'PRAGMA foreign_keys = ON',
  // Freed pages are zeroed, so purged documents leave no residue in the file.
  'PRAGMA secure_delete = ON',
  'PRAGMA busy_timeout = 5000',
];

/**
 * Page cache per connection, in KiB: the reader's serves search (bench:search
 * was measured with it); the writer's needs only the pages one transaction
 * touches, and a bulk write (a clone applying 10,000 documents) would
 * otherwise fill another 64 MiB it never reads again (bench:sync-clone).
 */
const READER_CACHE_KIB = 65536;
const WRITER_CACHE_KIB = 16384;

/**
 * The key goes to SQLCipher as SQL text (`x'…'`): the driver has no binding
 * for sqlite3_key(), so a short-lived hex string of it cannot be avoided.
 * The caller's Buffer is zeroed by the caller.
 */
const keyLiteral = (key: Buffer) => `"x'${key.toString('hex')}'"`;

async function keyed(path: string, key: Buffer, cacheKiB: number): Promise<Connection> {
  const conn = await Connection.open(path);
  try {
    await conn.exec(`PRAGMA key = ${keyLiteral(key)}`);
    // The first read fails with "file is not a database" for a wrong key or a foreign file.
    await conn.get('SELECT count(*) AS n FROM sqlite_master');
    for (const pragma of PRAGMAS) await conn.get(pragma);
    await conn.get(`PRAGMA cache_size = -${cacheKiB}`);
    return conn;
  } catch (cause) {
    await conn.close().catch(() => undefined);
    throw new LockleafError(
      'VAULT_CORRUPT',
      "The vault database cannot be opened (damaged, or not this vault's). Nothing was changed.",
      undefined,
      { cause },
    );
  }
}

export class VaultDb {
  private queue: Promise<unknown> = Promise.resolve();
  /** Set when locking begins: the transaction under way finishes, nothing new starts. */
  private closing = false;

  /** Set while the database is being rekeyed: reads wait for the new reader connection. */
  private readGate: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly writer: Connection,
    private reader: Connection,
  ) {}

  static async open(path: string, key: Buffer): Promise<VaultDb> {
    const writer = await keyed(path, key, WRITER_CACHE_KIB);
    try {
      await migrate(writer, migrations);
      const reader = await keyed(path, key, READER_CACHE_KIB);
      return new VaultDb(path, writer, reader);
    } catch (error) {
      await writer.close().catch(() => undefined);
      throw error;
    }
  }

  /** Stable across a rekey (which replaces the reader connection). */
  readonly read: ReadDb = {
    get: async <T>(sql: string, params?: Params) => {
      await this.readGate;
      return this.reader.get<T>(sql, params);
    },
    all: async <T>(sql: string, params?: Params) => {
      await this.readGate;
      return this.reader.all<T>(sql, params);
    },
  };

  /** Runs `fn` in one IMMEDIATE transaction; writes never interleave. */
  write<T>(fn: (tx: WriteDb) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      if (this.closing) throw new LockleafError('VAULT_LOCKED', 'The vault was locked; nothing was changed.');
      await this.writer.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.writer);
        await this.writer.exec('COMMIT');
        return result;
      } catch (error) {
        await this.writer.exec('ROLLBACK').catch(() => undefined);
        throw error;
      }
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Re-encrypts every page under `key` (SQLCipher's `PRAGMA rekey`), queued
   * like a write. The reader is closed first (a connection keyed with the old
   * key cannot read the new pages) and the database leaves WAL mode for the
   * rekey: in rollback-journal mode the rekey is one ordinary transaction, so
   * a crash part way leaves a hot journal (its pages under the old key) that
   * the next open rolls back, and the file is wholly under one key or the
   * other. WAL mode is restored after; the caller zeroes both keys. If the
   * rekey fails, the reader is reopened under whichever key the file has.
   */
  rekey(oldKey: Buffer, key: Buffer): Promise<void> {
    const run = async (): Promise<void> => {
      if (this.closing) throw new LockleafError('VAULT_LOCKED', 'The vault was locked; nothing was changed.');
      let open!: () => void;
      this.readGate = new Promise<void>((resolve) => (open = resolve));
      try {
        await this.reader.close();
        await this.writer.get('PRAGMA wal_checkpoint(TRUNCATE)');
        await this.writer.get('PRAGMA journal_mode = DELETE');
        await this.writer.exec(`PRAGMA rekey = ${keyLiteral(key)}`);
        await this.writer.get('PRAGMA journal_mode = WAL');
        this.reader = await keyed(this.path, key, READER_CACHE_KIB);
      } catch (error) {
        this.reader = await keyed(this.path, oldKey, READER_CACHE_KIB)
          .catch(() => keyed(this.path, key, READER_CACHE_KIB))
          .catch(() => this.reader);
        throw error;
      } finally {
        open();
      }
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async integrityCheck(): Promise<string[]> {
    const rows = await this.read.all<{ integrity_check: string }>('PRAGMA integrity_check');
    return rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
  }

  /**
   * Lets the transaction under way commit, refuses the ones still waiting, runs
   * `last` (when given) as the very last transaction, then closes both connections.
   */
  async close(last?: (tx: WriteDb) => Promise<void>): Promise<void> {
    this.closing = true;
    let lastFailed: unknown;
    if (last) {
      const run = async () => {
        await this.writer.exec('BEGIN IMMEDIATE');
        try {
          await last(this.writer);
          await this.writer.exec('COMMIT');
        } catch (error) {
          await this.writer.exec('ROLLBACK').catch(() => undefined);
          throw error;
        }
      };
      // Its failure is reported, but the connections close all the same.
      this.queue = this.queue.then(run, run).catch((error: unknown) => (lastFailed = error));
    }
    await this.queue;
    await this.writer.exec('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined);
    await this.reader.close().catch(() => undefined); // already closed if a rekey failed past reopening it
    await this.writer.close();
    if (lastFailed) throw lastFailed;
  }
}
