/**
 * Exporting from the window, everything or the checked documents: main asks
 * the shell's folder dialog where (the page never names a path) and writes a
 * new, dated folder inside the one the user picked.
 */
import { join } from 'node:path';
import type { ChannelResult } from '../../src-shared/bridge/results.js';
import { LockleafError } from '../errors.js';
import type { Vault } from '../vault/vault.js';

export type ExportResult = ChannelResult<'vault:export'>;

export async function exportChosen(
  chooseDirectory: ((title: string) => Promise<string | undefined>) | undefined,
  vault: Vault,
  onProgress: (done: number, total: number) => void,
  ids?: readonly string[],
): Promise<ExportResult> {
  if (!chooseDirectory)
    throw new LockleafError('NOT_AVAILABLE', 'Exporting is not available here; use `lockleaf export DIR`.');
  const parent = await chooseDirectory(
    ids ? `Export ${ids.length} documents (decrypted) into…` : 'Export all documents (decrypted) into…',
  );
  if (!parent) return { exported: false };
  const folder = join(parent, `Lockleaf export ${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}`);
  const summary = await vault.exportTo(folder, onProgress, ids ? { ids } : undefined);
  return { exported: true, documents: summary.documents, folder };
}
