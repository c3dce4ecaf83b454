/**
 * Export: every document, decrypted, into a folder the user chose, with a
 * manifest.json of metadata, tags, page texts, pins, the searchable PDFs and
 * thumbnails made at ingest, saved views and preferences — everything a user
 * would miss after importing it elsewhere, except mailboxes (their secrets
 * never leave the vault), the outbox, ingest jobs and the audit log. Import
 * reads such a folder back (version 1 exports too); each file must match its
 * manifest entry, and nothing the vault already has is overwritten.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { customFieldKinds, searchSorts } from '../../src-shared/documents.js';
import { appSettingsSchema, DEFAULT_SETTINGS, type AppSettings } from '../../src-shared/settings.js';
import { LockleafError } from '../errors.js';
import { readSettings, writeSettings } from './app-settings.js';
import { importEntry } from './import-entry.js';
import { ExportFolder, type FileRef } from './export-folder.js';
import { listViews, saveView } from './saved-views.js';
import type { Vault } from './vault.js';
import type { VaultContext } from './vault-context.js';

/** Largest original imported (ingest takes 20 MB; the rest is headroom), held in memory one at a time. */
export const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;
/** Searchable PDFs are streamed into the vault, never held whole. */
export const MAX_ARCHIVE_BYTES = 4 * 1024 * 1024 * 1024;
export const MAX_THUMBNAIL_BYTES = 4 * 1024 * 1024;

const pageSchema = z.object({
  pageNo: z.number().int().positive(),
  text: z.string(),
  confidence: z.number().nullable(),
});
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const fileRefSchema = z.object({ file: z.string(), size: z.number().int().nonnegative(), sha256 });
const entrySchema = z.object({
  id: z.string(),
  file: z.string(),
  title: z.string(),
  originalName: z.string(),
  mime: z.string(),
  size: z.number().int().nonnegative(),
  sha256,
  createdAt: z.string(),
  addedAt: z.string(),
  deletedAt: z.string().nullable(),
  notes: z.string(),
  type: z.string().nullable(),
  correspondent: z.string().nullable(),
  tags: z.array(z.string()),
  pages: z.array(pageSchema),
  customFields: z.array(z.object({ name: z.string(), kind: z.enum(customFieldKinds), value: z.string() })).default([]),
  // Since version 2.
  pinned: z.boolean().default(false),
  /** The searchable PDF made for an image document. */
  archive: fileRefSchema.nullable().default(null),
  thumbnail: fileRefSchema.extend({ mime: z.string() }).nullable().default(null),
});
export const manifestSchema = z.object({
  format: z.literal('lockleaf-export'),
  version: z.union([z.literal(1), z.literal(2)]),
  exportedAt: z.string(),
  documents: z.array(entrySchema),
  savedViews: z
    .array(
      z.object({ name: z.string().trim().min(1).max(100), query: z.string().max(1000), sort: z.enum(searchSorts) }),
    )
    .default([]),
  // A preferences block this version does not understand is left out rather than refusing the documents.
  settings: appSettingsSchema.partial().optional().catch(undefined),
});
export type ExportManifest = z.infer<typeof manifestSchema>;
export type Entry = ExportManifest['documents'][number];

export interface ExportOptions {
  /** Only these documents (in the vault's order), without the saved views and preferences, which are not theirs. */
  ids?: readonly string[];
}

export interface ExportSummary {
  documents: number;
  manifest: string;
}
export interface ImportSummary {
  added: number;
  duplicates: number;
  /** Saved views added (one whose name the vault already uses is kept as it is). */
  views: number;
  /** Preferences taken from the export (only those still at their default here). */
  settings: number;
}

/** A file name that is safe on every platform and cannot climb out of its folder. */
export function safeFileName(name: string): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
    .replace(/[\u0000-\u001f<>:"/\\|?*]/g, '_')
    .replace(/^\.+/, '_')
    .trim()
    .slice(0, 120);
  return cleaned || 'document';
}

const hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Streams the searchable PDF to `path`, hashing on the way. */
async function exportArchive(vault: Vault, id: string, dir: string, file: string): Promise<FileRef | null> {
  const source = await vault.openArchive(id);
  if (!source) return null;
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(source, tap, createWriteStream(join(dir, file), { flags: 'wx', mode: 0o600 }));
  return { file: file.split(sep).join('/'), size, sha256: hash.digest('hex') };
}

export async function exportVault(
  vault: Vault,
  ctx: VaultContext,
  dir: string,
  onProgress?: (done: number, total: number) => void,
  options: ExportOptions = {},
): Promise<ExportSummary> {
  const wanted = options.ids && new Set(options.ids);
  const all = (await ctx.db.read.all<{ id: string }>('SELECT id FROM documents ORDER BY seq')).map((r) => r.id);
  const ids = wanted ? all.filter((id) => wanted.has(id)) : all;
  if (wanted && ids.length < wanted.size)
    throw new LockleafError('DOCUMENT_NOT_FOUND', 'Some of those documents no longer exist.');
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0) {
    throw new LockleafError('EXPORT_TARGET_NOT_EMPTY', `${dir} is not empty; export into an empty or new folder.`);
  }
  const manifest: ExportManifest = {
    format: 'lockleaf-export',
    version: 2,
    exportedAt: new Date().toISOString(),
    documents: [],
    savedViews: wanted ? [] : await listViews(ctx.db.read),
    ...(wanted ? {} : { settings: await readSettings(ctx.db.read) }),
  };
  await mkdir(join(dir, 'searchable'));
  await mkdir(join(dir, 'thumbnails'));
  let done = 0;
  for (const id of ids) {
    const doc = await vault.get(id);
    const folder = join('documents', id);
    const file = join(folder, safeFileName(doc.originalName));
    await mkdir(join(dir, folder), { recursive: true });
    await vault.saveContent(id, join(dir, file));
    // Beside, not inside, the document's folder: no original's name can clash with them.
    const archive = await exportArchive(vault, id, dir, join('searchable', `${id}.pdf`));
    const thumb = await vault.thumbnail(id);
    let thumbnail: Entry['thumbnail'] = null;
    if (thumb) {
      const thumbFile = join('thumbnails', thumb.mime === 'image/webp' ? `${id}.webp` : id);
      await writeFile(join(dir, thumbFile), thumb.data, { flag: 'wx', mode: 0o600 });
      thumbnail = {
        file: thumbFile.split(sep).join('/'),
        size: thumb.data.length,
        sha256: hex(thumb.data),
        mime: thumb.mime,
      };
    }
    manifest.documents.push({ ...doc, file: file.split(sep).join('/'), archive, thumbnail });
    onProgress?.(++done, ids.length);
  }
  const manifestPath = join(dir, 'manifest.json');
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  await ctx.audit('vault.exported', { documents: ids.length, ...(wanted ? { selected: true } : {}) });
  return { documents: ids.length, manifest: manifestPath };
}

/** Streams an exported searchable PDF into a new blob and attaches it to the document; its hash is checked on the way. */
/**
 * Preferences an export may carry over. Never the ones that guard the vault
 * (auto-lock, how long the trash keeps things, titles in the tray): an export
 * folder is plain files anyone could have written, and must not be able to
 * weaken them.
 */
const IMPORTED_SETTINGS: readonly (keyof AppSettings)[] = ['ocrLanguages', 'ocrWorkers'];

/** Views whose names are free here, and preferences this vault still has at their defaults. */
async function importPreferences(
  ctx: VaultContext,
  manifest: ExportManifest,
): Promise<{ views: number; settings: number }> {
  const taken = new Set((await listViews(ctx.db.read)).map((v) => v.name.toLowerCase()));
  const current = await readSettings(ctx.db.read);
  const patch: Partial<AppSettings> = {};
  for (const [name, value] of Object.entries(manifest.settings ?? {}) as [
    keyof AppSettings,
    AppSettings[keyof AppSettings],
  ][]) {
    if (!IMPORTED_SETTINGS.includes(name)) continue;
    if (isDeepStrictEqual(current[name], DEFAULT_SETTINGS[name]) && !isDeepStrictEqual(value, current[name]))
      Object.assign(patch, { [name]: value });
  }
  let views = 0;
  await ctx.db.write(async (tx) => {
    for (const view of manifest.savedViews) {
      if (taken.has(view.name.toLowerCase())) continue;
      // A view whose query this version no longer reads is left out, not the import.
      if (
        await saveView(tx, view).then(
          () => true,
          () => false,
        )
      ) {
        taken.add(view.name.toLowerCase());
        views++;
      }
    }
    await writeSettings(tx, patch);
  });
  return { views, settings: Object.keys(patch).length };
}

export async function importVault(
  vault: Vault,
  ctx: VaultContext,
  dir: string,
  onProgress?: (done: number, total: number) => void,
): Promise<ImportSummary> {
  const folder = await ExportFolder.open(dir);
  let manifest: ExportManifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(await folder.manifestText()));
  } catch (cause) {
    throw new LockleafError(
      'IMPORT_INVALID',
      `${dir} does not hold a Lockleaf export (manifest.json missing or invalid).`,
      undefined,
      { cause },
    );
  }
  // Check every file before storing any, so a damaged export imports nothing; streamed, so memory stays flat.
  for (const entry of manifest.documents) {
    await folder.verify({ file: entry.file, size: entry.size, sha256: entry.sha256 }, MAX_DOCUMENT_BYTES);
    if (entry.archive) await folder.verify(entry.archive, MAX_ARCHIVE_BYTES);
    if (entry.thumbnail) await folder.verify(entry.thumbnail, MAX_THUMBNAIL_BYTES);
  }
  const summary: ImportSummary = { added: 0, duplicates: 0, views: 0, settings: 0 };
  for (const [i, entry] of manifest.documents.entries()) {
    if (await importEntry(vault, ctx, folder, entry)) summary.added++;
    else summary.duplicates++;
    onProgress?.(i + 1, manifest.documents.length);
  }
  Object.assign(summary, await importPreferences(ctx, manifest));
  await ctx.audit('vault.imported', { added: summary.added, duplicates: summary.duplicates });
  return summary;
}
