/**
 * The labelled corpus (../shared/corpus/labelled) as Lockleaf reads it: every document
 * goes through Lockleaf's own ingest (the reader, OCR pool and page texts) into a
 * throwaway vault, and its page texts are kept with its type and ground truth.
 *
 * Reading 116 documents takes minutes (receipts and article pages are OCR'd), so the
 * texts are cached in .bench/ (git-ignored) under the index's hash; `--fresh` reads again.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_KDF } from '../../src-main/crypto/kdf.js';
import { DEFAULT_LIMITS } from '../../src-main/ingest/intake.js';
import { createIngest } from '../../src-main/ingest/ingest-service.js';
import { createVault } from '../../src-main/vault/open-vault.js';
import { corpusDir } from './corpus.js';

export interface GroundTruth {
  company?: string | null;
  date_iso?: string | null;
  date_iso_day_first?: string | null;
  total_number?: number | null;
  currency?: string | null;
}

export interface LabelledDocument {
  file: string;
  type: string;
  realness: string;
  truth: GroundTruth | null;
  /** Page texts joined with form feeds; empty when the document could not be read. */
  text: string;
  /** Why the document has no text, when it has none. */
  failure?: string;
}

/** Bump when the reading changes in a way that should not reuse old texts. */
const CACHE_VERSION = 1;

export async function labelledCorpus(options: { fresh?: boolean; log?: (line: string) => void } = {}) {
  const dir = corpusDir('labelled');
  if (!dir) return undefined;
  const index = await readFile(join(dir, 'index.tsv'), 'utf8');
  const key = createHash('sha256').update(`${CACHE_VERSION}\n${index}`).digest('hex').slice(0, 16);
  const cache = join(process.cwd(), '.bench', `labelled-text-${key}.json`);
  if (!options.fresh && existsSync(cache)) return JSON.parse(await readFile(cache, 'utf8')) as LabelledDocument[];

  const [header, ...lines] = index.trim().split('\n');
  const cols = header!.split('\t');
  const rows = lines.map((line) => Object.fromEntries(line.split('\t').map((v, i) => [cols[i], v])));
  const root = await mkdtemp(join(tmpdir(), 'lockleaf-bench-labelled-'));
  const vault = await createVault(join(root, 'vault'), 'bench passphrase', { kdfCost: TEST_KDF });
  const ingest = createIngest(vault, { dataDir: join(root, 'ocr'), limits: { ...DEFAULT_LIMITS, timeoutMs: 300_000 } });
  const docs: LabelledDocument[] = [];
  try {
    ingest.queue.start();
    const ids = new Map<string, string>();
    const refused = new Map<string, string>();
    for (const row of rows) {
      try {
        ids.set(row.file!, (await ingest.queue.enqueue({ path: join(dir, row.file!) })).documentId);
      } catch (error) {
        refused.set(row.file!, error instanceof Error ? error.message : String(error));
      }
    }
    let done = 0;
    const t0 = performance.now();
    const timer = setInterval(async () => {
      const jobs = await ingest.queue.list(1000);
      done = jobs.filter((j) => j.state === 'done' || j.state === 'failed').length;
      options.log?.(
        `  reading the labelled corpus: ${done} of ${rows.length} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
      );
    }, 15_000);
    await ingest.queue.idle();
    clearInterval(timer);
    const jobs = new Map((await ingest.queue.list(1000)).map((j) => [j.documentId, j]));
    for (const row of rows) {
      const id = ids.get(row.file!);
      const truth = row.gt_json ? (JSON.parse(await readFile(join(dir, row.gt_json), 'utf8')) as GroundTruth) : null;
      const base = { file: row.file!, type: row.type!, realness: row.realness!, truth };
      if (!id) {
        docs.push({ ...base, text: '', failure: refused.get(row.file!) });
        continue;
      }
      const job = jobs.get(id);
      const text = (await vault.get(id)).pages.map((p) => p.text).join('\f');
      docs.push({ ...base, text, ...(job?.error ? { failure: `${job.error.code}: ${job.error.message}` } : {}) });
    }
  } finally {
    await ingest.close();
    await vault.close();
    await rm(root, { recursive: true, force: true });
  }
  await mkdir(join(process.cwd(), '.bench'), { recursive: true });
  await writeFile(cache, JSON.stringify(docs));
  return docs;
}
