/**
 * Promise layer over @journeyapps/sqlcipher (a node-sqlite3 fork). Reads and
 * writes are typed apart: repositories take a `ReadDb` for queries and get a
 * `WriteDb` only inside `VaultDb.write`, which serialises write transactions.
 */
import sqlcipher from '@journeyapps/sqlcipher';
import type { Database, RunResult } from '@journeyapps/sqlcipher';

export type Param = string | number | bigint | Buffer | null;
export type Params = readonly Param[] | Record<string, Param>;

export interface ReadDb {
  get<T>(sql: string, params?: Params): Promise<T | undefined>;
  all<T>(sql: string, params?: Params): Promise<T[]>;
}

export interface WriteDb extends ReadDb {
  run(sql: string, params?: Params): Promise<{ changes: number; lastID: number }>;
  exec(sql: string): Promise<void>;
}

export class Connection implements WriteDb {
  private constructor(private readonly db: Database) {}

  static open(path: string): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const db = new sqlcipher.Database(path, (error) => (error ? reject(error) : resolve(new Connection(db))));
    });
  }

  get<T>(sql: string, params: Params = []): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      this.db.get(sql, params, (error: Error | null, row: T | undefined) => (error ? reject(error) : resolve(row)));
    });
  }

  all<T>(sql: string, params: Params = []): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.db.all(sql, params, (error: Error | null, rows: T[]) => (error ? reject(error) : resolve(rows)));
    });
  }

  run(sql: string, params: Params = []): Promise<{ changes: number; lastID: number }> {
    return new Promise((resolve, reject) => {
      this.db.run(sql, params, function (this: RunResult, error: Error | null) {
        if (error) reject(error);
        else resolve({ changes: this.changes, lastID: this.lastID });
      });
    });
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.db.exec(sql, (error: Error | null) => (error ? reject(error) : resolve()));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.db.close((error: Error | null) => (error ? reject(error) : resolve()));
    });
  }
}
