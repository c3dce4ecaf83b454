import type { Migration } from '../migrate.js';

/**
 * Marks a record dirty unless it already is. Not INSERT OR IGNORE: inside a
 * trigger, the outer statement's conflict policy wins (an upsert's is ABORT),
 * so a second mark would fail the user's write.
 */
const mark = (entity: string, ridExpr: string) =>
  `INSERT INTO sync_dirty (entity, rid) SELECT '${entity}', rid FROM (SELECT ${ridExpr} AS rid) AS m
   WHERE m.rid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sync_dirty d WHERE d.entity = '${entity}' AND d.rid = m.rid);`;

/** Which local tables feed which synced record: a trigger marks the record dirty; the engine diffs it (sync/engine/capture.ts). */
const DIRTY_DOC = (table: string, row: 'NEW' | 'OLD', idExpr: string) => `
  CREATE TRIGGER sync_dirty_${table}_${row === 'NEW' ? 'ins' : 'del'} AFTER ${row === 'NEW' ? 'INSERT' : 'DELETE'} ON ${table}
  WHEN EXISTS (SELECT 1 FROM sync_config) BEGIN
    ${mark('doc', idExpr)}
  END;`;

const SETTING_KEYS = "('auto_lock_minutes', 'ocr_languages', 'trash_retention_days', 'tray_show_titles')";

/**
 * Sync (issue 13). Everything here stays on this device: the bucket's
 * configuration and the sealed secrets it needs, the merged state (the
 * winning change per field, the LWW model of sync/merge/lww.ts), changes
 * not yet uploaded, what has been seen of every device's chain, transfers
 * waiting, and values that lost a conflict. Triggers mark the records a
 * local write touched, so no write path has to know about sync.
 */
export const migration010: Migration = {
  version: 10,
  name: 'sync',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE sync_config (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        remote TEXT NOT NULL,
        device_id TEXT NOT NULL,
        device_name TEXT NOT NULL,
        keyring_generation INTEGER NOT NULL,
        next_seq INTEGER NOT NULL DEFAULT 1,
        own_hash TEXT NOT NULL,
        chain TEXT NOT NULL DEFAULT '{}',
        hlc_last TEXT,
        snap_seq INTEGER NOT NULL DEFAULT 0,
        snap_own_seq INTEGER NOT NULL DEFAULT 0,
        last_sync_at TEXT,
        last_error TEXT
      ) STRICT;
      CREATE TABLE sync_secrets (name TEXT PRIMARY KEY, sealed BLOB NOT NULL, key_version INTEGER NOT NULL) STRICT;
      CREATE INDEX sync_secrets_key_version ON sync_secrets(key_version);
      CREATE TABLE sync_state (
        entity TEXT NOT NULL,
        rid TEXT NOT NULL,
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        hlc TEXT NOT NULL,
        prev TEXT,
        PRIMARY KEY (entity, rid, field)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE sync_dirty (entity TEXT NOT NULL, rid TEXT NOT NULL, PRIMARY KEY (entity, rid)) STRICT, WITHOUT ROWID;
      CREATE TABLE sync_pending (seq INTEGER PRIMARY KEY, change TEXT NOT NULL) STRICT;
      CREATE TABLE sync_outgoing (seq INTEGER PRIMARY KEY, bytes BLOB NOT NULL, hash TEXT NOT NULL) STRICT;
      CREATE TABLE sync_devices (
        device_id TEXT PRIMARY KEY,
        public_key TEXT NOT NULL,
        name TEXT NOT NULL,
        added_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE sync_blobs (
        blob_name TEXT PRIMARY KEY,
        direction TEXT NOT NULL CHECK (direction IN ('up', 'down', 'delete')),
        doc_id TEXT NOT NULL,
        size INTEGER NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        error TEXT
      ) STRICT;
      CREATE TABLE sync_multipart (key TEXT PRIMARY KEY, state TEXT NOT NULL) STRICT;
      CREATE TABLE sync_conflicts (
        seq INTEGER PRIMARY KEY,
        entity TEXT NOT NULL,
        rid TEXT NOT NULL,
        field TEXT NOT NULL,
        kept TEXT NOT NULL,
        lost TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX sync_conflicts_record ON sync_conflicts(entity, rid);
      -- Other devices' audit entries, as their signed segments carried them (each device's own log stays in audit_log).
      CREATE TABLE sync_audit (
        device_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        details TEXT NOT NULL,
        PRIMARY KEY (device_id, seq)
      ) STRICT, WITHOUT ROWID;
      ${DIRTY_DOC('documents', 'NEW', 'NEW.id')}
      ${DIRTY_DOC('documents', 'OLD', 'OLD.id')}
      CREATE TRIGGER sync_dirty_documents_upd AFTER UPDATE ON documents WHEN EXISTS (SELECT 1 FROM sync_config) BEGIN
        ${mark('doc', 'NEW.id')}
      END;
      ${['pages', 'document_tags', 'document_custom_fields', 'thumbnails']
        .flatMap((t) => [
          DIRTY_DOC(t, 'NEW', `(SELECT id FROM documents WHERE seq = NEW.document_seq)`),
          DIRTY_DOC(t, 'OLD', `(SELECT id FROM documents WHERE seq = OLD.document_seq)`),
        ])
        .join('\n')}
      CREATE TRIGGER sync_dirty_pages_upd AFTER UPDATE ON pages WHEN EXISTS (SELECT 1 FROM sync_config) BEGIN
        ${mark('doc', '(SELECT id FROM documents WHERE seq = NEW.document_seq)')}
      END;
      CREATE TRIGGER sync_dirty_fields_upd AFTER UPDATE ON document_custom_fields WHEN EXISTS (SELECT 1 FROM sync_config) BEGIN
        ${mark('doc', '(SELECT id FROM documents WHERE seq = NEW.document_seq)')}
      END;
      CREATE TRIGGER sync_dirty_thumbnails_upd AFTER UPDATE ON thumbnails WHEN EXISTS (SELECT 1 FROM sync_config) BEGIN
        ${mark('doc', '(SELECT id FROM documents WHERE seq = NEW.document_seq)')}
      END;
      CREATE TRIGGER sync_dirty_views_ins AFTER INSERT ON saved_views WHEN EXISTS (SELECT 1 FROM sync_config) BEGIN
        ${mark('view', "'all'")}
      END;
      CREATE TRIGGER sync_dirty_views_upd AFTER UPDATE ON saved_views WHEN EXISTS (SELECT 1 FROM sync_config) BEGIN
        ${mark('view', "'all'")}
      END;
      CREATE TRIGGER sync_dirty_views_del AFTER DELETE ON saved_views WHEN EXISTS (SELECT 1 FROM sync_config) BEGIN
        ${mark('view', "'all'")}
      END;
      CREATE TRIGGER sync_dirty_audit_ins AFTER INSERT ON audit_log
      WHEN NEW.action != 'audit.checkpoint' AND EXISTS (SELECT 1 FROM sync_config) BEGIN
        ${mark('audit', "(SELECT device_id FROM sync_config) || '.' || NEW.seq")}
      END;
      CREATE TRIGGER sync_dirty_settings_ins AFTER INSERT ON meta
      WHEN NEW.key IN ${SETTING_KEYS} AND EXISTS (SELECT 1 FROM sync_config) BEGIN
        ${mark('setting', "'app'")}
      END;
      CREATE TRIGGER sync_dirty_settings_upd AFTER UPDATE ON meta
      WHEN NEW.key IN ${SETTING_KEYS} AND EXISTS (SELECT 1 FROM sync_config) BEGIN
        ${mark('setting', "'app'")}
      END;
    `);
  },
};
