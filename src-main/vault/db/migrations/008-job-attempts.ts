import type { Migration } from '../migrate.js';

/**
 * How many times reading a file was cut short by a worker's death (a reader or
 * OCR worker that crashed or ran past its deadline) or the app's: a file that
 * did it three times fails instead of being read again at every unlock.
 */
export const migration008: Migration = {
  version: 8,
  name: 'job-attempts',
  async up(tx) {
    await tx.exec(`ALTER TABLE ingest_jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;`);
  },
};
