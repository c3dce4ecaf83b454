/**
 * Export: every document, decrypted, into a folder the user chose, with a
 * manifest.json of metadata, tags and page texts. Import reads such a folder
 * back; each file's hash must match its manifest entry.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { customFieldKinds } from '../../src-shared/documents.js';
import { LockleafError } from '../errors.js';
import type { Vault } from './vault.js';
import type { VaultContext } from './vault-context.js';

const pageSchema = z.object({ pageNo: z.number().int().positive(), text: z.string(), confidence: z.number().nullable() });
const entrySchema = z.object({
  id: z.string(),
  file: z.string(),
  title: z.string(),
  originalName: z.string(),
  mime: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
  addedAt: z.string(),
  deletedAt: z.string().nullable(),
  notes: z.string(),
  type: z.string().nullable(),
  correspondent: z.string().nullable(),
  tags: z.array(z.string()),
  pages: z.array(pageSchema),
  customFields: z.array(z.object({ name: z.string(), kind: z.enum(customFieldKinds), value: z.string() })).default([]),
});
export const manifestSchema = z.object({
  format: z.literal('lockleaf-export'),
  version: z.literal(1),
  exportedAt: z.string(),
  documents: z.array(entrySchema),
});
export type ExportManifest = z.infer<typeof manifestSchema>;

export interface ExportSummary {
  documents: number;
  manifest: string;
}
export interface ImportSummary {
  added: number;
  duplicates: number;
}

/** A file name that is safe on every platform and cannot climb out of its folder. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f<>:"/\\|?*]/g, '_').replace(/^\.+/, '_').trim().slice(0, 120);
  return cleaned || 'document';
}

export async function exportVault(vault: Vault, ctx: VaultContext, dir: string, onProgress?: (done: number, total: number) => void): Promise<ExportSummary> {
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0) {
    throw new LockleafError('EXPORT_TARGET_NOT_EMPTY', `${dir} is not empty; export into an empty or new folder.`);
  }
  const ids = (await ctx.db.read.all<{ id: string }>('SELECT id FROM documents ORDER BY seq')).map((r) => r.id);
  const manifest: ExportManifest = { format: 'lockleaf-export', version: 1, exportedAt: new Date().toISOString(), documents: [] };
  let done = 0;
  for (const id of ids) {
    const doc = await vault.get(id);
    const file = join('documents', id, safeFileName(doc.originalName));
    await mkdir(join(dir, 'documents', id), { recursive: true });
    await vault.saveContent(id, join(dir, file));
    manifest.documents.push({ ...doc, file: file.split(sep).join('/') });
    onProgress?.(++done, ids.length);
  }
  const manifestPath = join(dir, 'manifest.json');
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  await ctx.audit('vault.exported', { documents: ids.length });
  return { documents: ids.length, manifest: manifestPath };
}

export async function importVault(vault: Vault, ctx: VaultContext, dir: string, onProgress?: (done: number, total: number) => void): Promise<ImportSummary> {
  let manifest: ExportManifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')));
  } catch (cause) {
    throw new LockleafError('IMPORT_INVALID', `${dir} does not hold a Lockleaf export (manifest.json missing or invalid).`, undefined, { cause });
  }
  // Check every file before storing any, so a damaged export imports nothing.
  const root = resolve(dir);
  const files: Buffer[] = [];
  for (const entry of manifest.documents) {
    const path = resolve(root, entry.file);
    if (relative(root, path).startsWith('..')) throw new LockleafError('IMPORT_INVALID', `Manifest entry ${entry.id} points outside the export folder.`);
    const bytes = await readFile(path).catch(() => undefined);
    if (!bytes) throw new LockleafError('IMPORT_INVALID', `The export is missing ${entry.file}.`);
    if (createHash('sha256').update(bytes).digest('hex') !== entry.sha256) {
      throw new LockleafError('IMPORT_INVALID', `${entry.file} does not match its manifest entry (changed or damaged).`);
    }
    files.push(bytes);
  }
  const summary: ImportSummary = { added: 0, duplicates: 0 };
  for (const [i, entry] of manifest.documents.entries()) {
    const result = await vault.add({
      bytes: files[i]!,
      name: entry.originalName,
      title: entry.title,
      notes: entry.notes,
      createdAt: entry.createdAt,
      tags: entry.tags,
      type: entry.type,
      correspondent: entry.correspondent,
      pages: entry.pages,
    });
    if (result.status === 'added') {
      summary.added++;
      for (const field of entry.customFields) await vault.setField(result.id, field.name, field.kind, field.value);
      if (entry.deletedAt) await vault.trash(result.id);
    } else summary.duplicates++;
    onProgress?.(i + 1, manifest.documents.length);
  }
  await ctx.audit('vault.imported', { added: summary.added, duplicates: summary.duplicates });
  return summary;
}
