/**
 * The encrypted database: one writer connection (write transactions are
 * serialised through a queue) and one reader connection (WAL lets it read
 * while a write is in progress). Both are keyed with a raw 256-bit key, so no
 * PBKDF2 runs on open; the passphrase work happened once, in Argon2id.
 */
import { LockleafError } from '../../errors.js';
import { Connection, type ReadDb, type WriteDb } from './connection.js';
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
  'PRAGMA cache_size = -65536',
];

async function keyed(path: string, key: Buffer): Promise<Connection> {
  const conn = await Connection.open(path);
  try {
    await conn.exec(`PRAGMA key = "x'${key.toString('hex')}'"`);
    // The first read fails with "file is not a database" for a wrong key or a foreign file.
    await conn.get('SELECT count(*) AS n FROM sqlite_master');
    for (const pragma of PRAGMAS) await conn.get(pragma);
    return conn;
  } catch (cause) {
    await conn.close().catch(() => undefined);
    throw new LockleafError('VAULT_CORRUPT', 'The vault database cannot be opened (damaged, or not this vault\'s). Nothing was changed.', undefined, { cause });
  }
}

export class VaultDb {
  private queue: Promise<unknown> = Promise.resolve();
  /** Set when locking begins: the transaction under way finishes, nothing new starts. */
  private closing = false;

  private constructor(
    private readonly writer: Connection,
    private readonly reader: Connection,
  ) {}

  static async open(path: string, key: Buffer): Promise<VaultDb> {
    const writer = await keyed(path, key);
    try {
      await migrate(writer, migrations);
      const reader = await keyed(path, key);
      return new VaultDb(writer, reader);
    } catch (error) {
      await writer.close().catch(() => undefined);
      throw error;
    }
  }

  get read(): ReadDb {
    return this.reader;
  }

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

  async integrityCheck(): Promise<string[]> {
    const rows = await this.reader.all<{ integrity_check: string }>('PRAGMA integrity_check');
    return rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
  }

  /** Lets the transaction under way commit, refuses the ones still waiting, then closes both connections. */
  async close(): Promise<void> {
    this.closing = true;
    await this.queue;
    await this.writer.exec('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined);
    await this.reader.close();
    await this.writer.close();
  }
}
