import type { Migration } from '../migrate.js';

/**
 * Connected mailboxes and the outbox. Secrets (passwords, OAuth tokens) live
 * in their own table, one sealed field per row, so each is bound to its
 * mailbox and field name and names the key version that sealed it.
 */
export const migration004: Migration = {
  version: 4,
  name: 'mail',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE mailboxes (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        kind TEXT NOT NULL CHECK (kind IN ('smtp', 'gmail', 'microsoft')),
        address TEXT NOT NULL,
        settings TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'auth_revoked')),
        is_default INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE mailbox_secrets (
        mailbox_id TEXT NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
        field TEXT NOT NULL,
        sealed BLOB NOT NULL,
        key_version INTEGER NOT NULL,
        PRIMARY KEY (mailbox_id, field)
      ) STRICT;
      CREATE INDEX mailbox_secrets_key_version ON mailbox_secrets(key_version);

      -- id is the idempotency key: enqueueing the same id twice is one message.
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        mailbox_id TEXT NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
        message_id TEXT NOT NULL UNIQUE,
        recipients TEXT NOT NULL,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        document_ids TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        error_code TEXT,
        error_message TEXT,
        provider_id TEXT,
        size INTEGER,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE state IN ('queued', 'sending');

      CREATE TABLE mail_recipients (
        address TEXT PRIMARY KEY COLLATE NOCASE,
        last_used_at TEXT NOT NULL,
        uses INTEGER NOT NULL DEFAULT 1
      ) STRICT;

      ALTER TABLE documents ADD COLUMN pinned_at TEXT;
      CREATE INDEX documents_pinned ON documents(pinned_at) WHERE pinned_at IS NOT NULL;
    `);
  },
};
