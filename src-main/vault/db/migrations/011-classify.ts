import type { Migration } from '../migrate.js';

/**
 * Classification: the Inbox (suggestions waiting for review), the trained model,
 * the opt-in AI's settings and queue, and which reminders were already shown.
 *
 * Suggestions live only here, never in the document's own fields, until the user
 * accepts them: the model trains on those fields, so it can never learn from its own
 * unreviewed guesses. `ai_excluded` ("never send to AI") is the document's own and
 * travels with sync; the rest stays on this device.
 */
export const migration011: Migration = {
  version: 11,
  name: 'classify',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE documents ADD COLUMN ai_excluded INTEGER NOT NULL DEFAULT 0;

      -- state: pending (waiting for review) or done (accepted, edited or dismissed).
      -- suggestion / ai_suggestion: JSON (src-shared/classify.ts Suggestion), null until made.
      CREATE TABLE inbox (
        document_seq INTEGER PRIMARY KEY REFERENCES documents(seq) ON DELETE CASCADE,
        state TEXT NOT NULL CHECK (state IN ('pending', 'done')),
        suggestion TEXT,
        ai_suggestion TEXT,
        entered_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX inbox_pending ON inbox(entered_at) WHERE state = 'pending';

      -- One row: the model (JSON, inside the encrypted database) and what it was trained on.
      CREATE TABLE classifier_model (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        model TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        examples INTEGER NOT NULL,
        trained_at TEXT NOT NULL
      ) STRICT;

      -- One row. The API key is sealed under the keyring (AAD 'ai-key'), like other secrets.
      CREATE TABLE ai_config (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        enabled INTEGER NOT NULL DEFAULT 0,
        settings TEXT NOT NULL DEFAULT '{}',
        key_sealed BLOB,
        key_version INTEGER
      ) STRICT;

      -- Documents the user asked Claude about that are still to be sent (offline, rate-limited).
      CREATE TABLE ai_queue (
        document_seq INTEGER PRIMARY KEY REFERENCES documents(seq) ON DELETE CASCADE,
        requested_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        not_before TEXT,
        last_error TEXT
      ) STRICT;

      -- A reminder notified once per document, kind and date.
      CREATE TABLE reminders_shown (
        document_seq INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        date TEXT NOT NULL,
        shown_at TEXT NOT NULL,
        PRIMARY KEY (document_seq, kind, date)
      ) STRICT;
    `);
  },
};
