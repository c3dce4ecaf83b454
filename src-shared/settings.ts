/** Preferences kept inside the vault (so they travel with it and need no file of their own). */
import { z } from 'zod';

export const ocrLanguages = ['eng', 'deu', 'fra'] as const;
export type OcrLanguageCode = (typeof ocrLanguages)[number];

export const appSettingsSchema = z
  .object({
    /** Lock after this long without keyboard or mouse input. */
    autoLockMinutes: z.number().int().min(1).max(240),
    /** Languages OCR reads; fewer is faster and avoids false matches. */
    ocrLanguages: z.array(z.enum(ocrLanguages)).min(1).max(ocrLanguages.length),
    /** Trashed documents are purged everywhere after this many days. */
    trashRetentionDays: z.number().int().min(1).max(3650),
  })
  .strict();
export type AppSettings = z.infer<typeof appSettingsSchema>;

export const DEFAULT_SETTINGS: AppSettings = { autoLockMinutes: 10, ocrLanguages: ['eng', 'deu', 'fra'], trashRetentionDays: 30 };
