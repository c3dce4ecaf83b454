/** Reading and changing the preferences stored in the vault's `meta` table. */
import { appSettingsSchema, DEFAULT_SETTINGS, type AppSettings } from '../../src-shared/settings.js';
import type { ReadDb, WriteDb } from './db/connection.js';

const KEYS = {
  autoLockMinutes: 'auto_lock_minutes',
  ocrLanguages: 'ocr_languages',
  trashRetentionDays: 'trash_retention_days',
  trayShowTitles: 'tray_show_titles',
  ocrWorkers: 'ocr_workers',
  reminderDays: 'reminder_days',
} as const;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined; // refused by the schema below, like any other bad value
  }
}

export async function readSettings(db: ReadDb): Promise<AppSettings> {
  const rows = await db.all<{ key: string; value: string }>(
    `SELECT key, value FROM meta WHERE key IN (${Object.values(KEYS)
      .map(() => '?')
      .join(', ')})`,
    Object.values(KEYS),
  );
  const stored = new Map(rows.map((r) => [r.key, r.value]));
  const candidate = {
    autoLockMinutes: Number(stored.get(KEYS.autoLockMinutes) ?? DEFAULT_SETTINGS.autoLockMinutes),
    ocrLanguages: stored.has(KEYS.ocrLanguages)
      ? parseJson(stored.get(KEYS.ocrLanguages)!)
      : DEFAULT_SETTINGS.ocrLanguages,
    trashRetentionDays: Number(stored.get(KEYS.trashRetentionDays) ?? DEFAULT_SETTINGS.trashRetentionDays),
    trayShowTitles: stored.has(KEYS.trayShowTitles)
      ? parseJson(stored.get(KEYS.trayShowTitles)!)
      : DEFAULT_SETTINGS.trayShowTitles,
    ocrWorkers: stored.has(KEYS.ocrWorkers) ? parseJson(stored.get(KEYS.ocrWorkers)!) : DEFAULT_SETTINGS.ocrWorkers,
    reminderDays: Number(stored.get(KEYS.reminderDays) ?? DEFAULT_SETTINGS.reminderDays),
  };
  // A value from an older or damaged vault falls back to the default rather than breaking unlock.
  const parsed = appSettingsSchema.safeParse(candidate);
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

export async function writeSettings(tx: WriteDb, patch: Partial<AppSettings>): Promise<void> {
  for (const [name, key] of Object.entries(KEYS) as [keyof AppSettings, string][]) {
    const value = patch[name];
    if (value === undefined) continue;
    await tx.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [
      key,
      typeof value === 'number' ? String(value) : JSON.stringify(value),
    ]);
  }
}
