/**
 * The records that are not documents: saved views (one record, a field per
 * view, so two devices saving different views keep both) and the preferences
 * that follow the person rather than the machine (a field per preference;
 * OCR workers stay per device, since machines differ).
 */
import { appSettingsSchema, type AppSettings } from '../../../src-shared/settings.js';
import { readSettings, writeSettings } from '../../vault/app-settings.js';
import type { ReadDb, WriteDb } from '../../vault/db/connection.js';
import { nameField } from './doc-record.js';

export const VIEW = 'view';
export const VIEWS_ID = 'all';
export const SETTING = 'setting';
export const SETTINGS_ID = 'app';

const SYNCED_SETTINGS = ['autoLockMinutes', 'ocrLanguages', 'trashRetentionDays', 'trayShowTitles'] as const;

export interface ViewValue {
  name: string;
  query: string;
  sort: string;
}

export async function readViewFields(db: ReadDb): Promise<Map<string, unknown>> {
  const rows = await db.all<ViewValue>('SELECT name, query, sort FROM saved_views');
  return new Map(rows.map((v) => [nameField('v', v.name), { ...v }]));
}

export async function readSettingFields(db: ReadDb): Promise<Map<string, unknown>> {
  const settings = await readSettings(db);
  return new Map(SYNCED_SETTINGS.map((k) => [k, settings[k]]));
}

/** Writes the views whose fields changed: a view's value, or null once it was removed. */
export async function applyViewFields(tx: WriteDb, values: Map<string, unknown>, changed: Set<string>): Promise<void> {
  for (const field of changed) {
    const value = values.get(field) as ViewValue | null | undefined;
    if (value) {
      await tx.run(
        `INSERT INTO saved_views (name, query, sort, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET query = excluded.query, sort = excluded.sort`,
        [value.name, value.query, value.sort, new Date().toISOString()],
      );
    }
  }
  // Removals by field: the name is only known from the local row, so match it by the same hash.
  const removed = [...changed].filter((f) => values.get(f) === null);
  if (removed.length === 0) return;
  const local = await readViewFields(tx);
  for (const field of removed) {
    const view = local.get(field) as ViewValue | undefined;
    if (view) await tx.run('DELETE FROM saved_views WHERE name = ?', [view.name]);
  }
}

/** A value another device wrote is used only if this version's schema accepts it (a newer app may add choices). */
export async function applySettingFields(
  tx: WriteDb,
  values: Map<string, unknown>,
  changed: Set<string>,
): Promise<void> {
  const current = await readSettings(tx);
  const patch: Partial<AppSettings> = {};
  for (const field of changed) {
    if (!(SYNCED_SETTINGS as readonly string[]).includes(field)) continue;
    const candidate = { ...current, [field]: values.get(field) };
    if (appSettingsSchema.safeParse(candidate).success) Object.assign(patch, { [field]: values.get(field) });
  }
  if (Object.keys(patch).length > 0) await writeSettings(tx, patch);
}
