/** Preferences kept inside the vault (so they travel with it and need no file of their own). */
import { z } from 'zod';

export const ocrLanguages = ['eng', 'deu', 'fra'] as const;
export type OcrLanguageCode = (typeof ocrLanguages)[number];

/** The most OCR workers Preferences offers (the environment variable may ask for more). */
export const MAX_OCR_WORKERS = 16;

export const appSettingsSchema = z
  .object({
    /** Lock after this long without keyboard or mouse input. */
    autoLockMinutes: z.number().int().min(1).max(240),
    /** Languages OCR reads; fewer is faster and avoids false matches. */
    ocrLanguages: z.array(z.enum(ocrLanguages)).min(1).max(ocrLanguages.length),
    /** Trashed documents are purged everywhere after this many days. */
    trashRetentionDays: z.number().int().min(1).max(3650),
    /** Document titles in the tray menu, which the OS (and apps that read menus) can see while the vault is open. */
    trayShowTitles: z.boolean(),
    /**
     * OCR workers (each holds ~190 MB); null: automatic, one per core as far as free memory
     * allows. LOCKLEAF_OCR_WORKERS overrides it.
     */
    ocrWorkers: z.number().int().min(1).max(MAX_OCR_WORKERS).nullable(),
    /** Due and expiry dates are notified (and listed as "due soon") this many days ahead. */
    reminderDays: z.number().int().min(0).max(365),
  })
  .strict();
export type AppSettings = z.infer<typeof appSettingsSchema>;

const LANGUAGE_OF: Record<string, OcrLanguageCode> = { en: 'eng', de: 'deu', fr: 'fra' };

/**
 * OCR languages until the user picks them: their own languages among the bundled
 * ones, and English. Every extra language makes tesseract read doubtful words
 * again with another model (slower, and more false matches) and costs each OCR
 * worker ~20 MB; the others are a tick away in Preferences.
 */
export function defaultOcrLanguages(locales: readonly string[]): OcrLanguageCode[] {
  const own = locales
    .map((locale) => LANGUAGE_OF[locale.toLowerCase().split(/[-_.]/)[0] ?? ''])
    .filter((l): l is OcrLanguageCode => Boolean(l));
  return [...new Set<OcrLanguageCode>([...own, 'eng'])];
}

export const DEFAULT_SETTINGS: AppSettings = {
  autoLockMinutes: 10,
  // Intl is part of the language (no DOM, no Node): in Electron and Node it follows the system's locale.
  ocrLanguages: defaultOcrLanguages([Intl.DateTimeFormat().resolvedOptions().locale]),
  trashRetentionDays: 30,
  trayShowTitles: true,
  ocrWorkers: null,
  reminderDays: 14,
};
