import type { Migration } from '../migrate.js';

/**
 * A draft a send attempt created at the provider (Graph, for messages over its
 * 4 MB sendMail request) and has not yet sent or deleted. If the app stops
 * mid-attempt, the next attempt deletes it first, so no copy of the documents
 * is left in the user's Drafts folder.
 */
export const migration007: Migration = {
  version: 7,
  name: 'outbox-draft',
  async up(tx) {
    await tx.exec(`ALTER TABLE outbox ADD COLUMN draft_id TEXT;`);
  },
};
