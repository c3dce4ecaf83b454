/**
 * bench/robustness: every file in ../shared/corpus/pdf and ../shared/corpus/images
 * through ingest (many are deliberately malformed), then generated 200-page
 * scanned PDFs (at 150 and at 300 DPI), each in a process of its own.
 *
 *   npm run bench:robustness [-- --skip-big | --skip-corpus] [--trace-rss]
 *
 * --trace-rss reads the files one at a time and names each file during which
 * the process's peak RSS rose by more than 50 MB (to find what drives it).
 *
 * Prints ingested / refused-with-reason / crashed / timed out, every refusal's
 * reason, and peak RSS (targets: no crash, no hang, every refusal explained,
 * peak RSS < 500 MB for both runs).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { TEST_KDF } from '../src-main/crypto/kdf.js';
import { isLockleafError } from '../src-main/errors.js';
import { DEFAULT_LIMITS } from '../src-main/ingest/intake.js';
import { createIngest } from '../src-main/ingest/ingest-service.js';
import { scannedPdf } from '../src-main/ingest/test-fixtures.js';
import { createVault } from '../src-main/vault/open-vault.js';
import { peakRssMb, readStdin, runChild, treeRssSampler } from './lib/child.js';
import { CORPUS, corpusDir, filesUnder } from './lib/corpus.js';

const limits = { ...DEFAULT_LIMITS, timeoutMs: 120_000 };

/** The app and its reader process (each file's reading is bounded at 1 GB in the reader). */
const rssLine = (tree: { childMb: number; totalMb: number }) =>
  `peak RSS app ${peakRssMb().toFixed(0)} MB, reader ${tree.childMb.toFixed(0)} MB, together ${tree.totalMb.toFixed(0)} MB (sampled every 50 ms)`;

async function withVault<T>(
  fn: (ingest: ReturnType<typeof createIngest>, vault: Awaited<ReturnType<typeof createVault>>) => Promise<T>,
): Promise<T> {
  const root = await mkdtemp(join(tmpdir(), 'lockleaf-bench-robust-'));
  const vault = await createVault(join(root, 'vault'), 'bench passphrase', { kdfCost: TEST_KDF });
  const ingest = createIngest(vault, { dataDir: join(root, 'ocr'), limits });
  try {
    return await fn(ingest, vault);
  } finally {
    await ingest.close();
    await vault.close();
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv.includes('--big')) {
  // Child mode: the 200-page scan alone, so its peak RSS is its own.
  const pdf = await readStdin();
  const tree = treeRssSampler();
  const t0 = performance.now();
  const state = await withVault(async (ingest) => {
    ingest.queue.start();
    await ingest.queue.enqueue({ bytes: pdf, name: 'scan-200.pdf' });
    await ingest.queue.idle();
    return (await ingest.queue.list())[0];
  });
  console.log(
    `200-page scanned PDF at ${process.argv[process.argv.indexOf('--big') + 1]} DPI (${(pdf.length / 1e6).toFixed(1)} MB): ${state?.state} ${state?.pagesDone}/${state?.pagesTotal} pages in ${((performance.now() - t0) / 1000).toFixed(0)} s; ${rssLine(tree.stop())}`,
  );
  process.exit(0);
}

const dirs = process.argv.includes('--skip-corpus')
  ? []
  : ['pdf', 'images'].map((d) => corpusDir(d)).filter((d): d is string => Boolean(d));
if (dirs.length === 0) {
  console.log(
    `bench/robustness: corpus part skipped — ${process.argv.includes('--skip-corpus') ? '--skip-corpus' : '../shared/corpus is not present'}`,
  );
} else {
  const files = (await Promise.all(dirs.map(filesUnder))).flat().filter((f) => !/\.(tsv|txt|md)$|LICENSE/i.test(f));
  const tally = { ingested: 0, refused: 0, crashed: 0, timedOut: 0 };
  const reasons: string[] = [];
  const tree = treeRssSampler();
  await withVault(async (ingest) => {
    ingest.queue.start();
    const jobs = new Map<string, string>();
    const trace = process.argv.includes('--trace-rss');
    for (const file of files) {
      const before = peakRssMb();
      try {
        const r = await ingest.queue.enqueue({ path: file });
        if (trace) {
          await ingest.queue.idle();
          const rise = peakRssMb() - before;
          if (rise > 50)
            console.log(`rss +${rise.toFixed(0)} MB to ${peakRssMb().toFixed(0)} MB  ${relative(CORPUS, file)}`);
        }
        if (r.status === 'queued') jobs.set(r.jobId, file);
        else tally.ingested++; // same bytes as an earlier corpus file
      } catch (error) {
        if (isLockleafError(error)) {
          tally.refused++;
          reasons.push(`${relative(CORPUS, file)}: ${error.code}: ${error.message}`);
        } else {
          tally.crashed++;
          reasons.push(`${relative(CORPUS, file)}: CRASH ${(error as Error).stack}`);
        }
      }
    }
    await ingest.queue.idle();
    for (const job of await ingest.queue.list(100_000)) {
      const file = jobs.get(job.id);
      if (!file) continue;
      if (job.state === 'done') tally.ingested++;
      else if (job.error?.code === 'PROCESSING_TIMEOUT') tally.timedOut++;
      else if (job.error && !/crashed|stopped unexpectedly|Reading failed/.test(job.error.message)) {
        tally.refused++;
        reasons.push(`${relative(CORPUS, file)}: ${job.error.code}: ${job.error.message} (original kept)`);
      } else {
        tally.crashed++;
        reasons.push(`${relative(CORPUS, file)}: CRASH ${job.error?.message ?? job.state}`);
      }
    }
  });
  console.log(`bench/robustness: ${files.length} files from ${dirs.map((d) => basename(d)).join(', ')}`);
  console.log('ingested  refused-with-reason  crashed  timed-out');
  console.log(
    `${String(tally.ingested).padStart(8)}  ${String(tally.refused).padStart(19)}  ${String(tally.crashed).padStart(7)}  ${String(tally.timedOut).padStart(9)}`,
  );
  console.log(rssLine(tree.stop()));
  console.log('refusals and failures:');
  for (const r of reasons) console.log(`  ${r.split('\n')[0]}`);
}

if (!process.argv.includes('--skip-big')) {
  const pages = Array.from({ length: 200 }, (_, i) => [
    `Scanned statement page ${i + 1}`,
    `Balance carried forward ${1000 + i}`,
  ]);
  // 150 DPI pages are drawn at 300 DPI by pdf.js; 300 DPI pages go to OCR as they are (scanned-page.ts).
  for (const dpi of [150, 300])
    runChild(import.meta.filename, ['--big', String(dpi)], await scannedPdf(pages, { dpi }), true);
}
