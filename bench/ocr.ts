/**
 * bench/ocr: Lockleaf's ingest pipeline (reader thread, orientation, tesseract.js
 * pool, storage in an encrypted vault) against the native `tesseract` CLI with
 * the same traineddata and the same parallelism (one single-threaded process
 * per core), over ../shared/corpus/ocr.
 *
 *   npm run bench:ocr
 *
 * Prints pages/minute and word error rate (order-insensitive) for both, and ratios;
 * also bare tesseract.js on the same files (no pipeline), to tell engine from pipeline.
 * Targets: speed ≥ 0.9× native; WER no worse than native.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { TEST_KDF } from '../src-main/crypto/kdf.js';
import { createIngest } from '../src-main/ingest/ingest-service.js';
import { textImage } from '../src-main/ingest/test-fixtures.js';
import { bundledFile, prepareTessdata, type OcrLanguage } from '../src-main/ocr/tessdata.js';
import { createVault } from '../src-main/vault/open-vault.js';
import { bagWer, corpusDir } from './lib/corpus.js';
import { engineRead, engineWorker } from './lib/engine-read.js';

const run = promisify(execFile);
const dir = corpusDir('ocr');
if (!dir) {
  console.log('bench/ocr: skipped — ../shared/corpus/ocr is not present');
  process.exit(0);
}
const cores = availableParallelism();
const BUNDLED = new Set(['eng', 'deu', 'fra']);

interface Page {
  image: string;
  truth: string;
  langs: OcrLanguage[];
}
const index = (await readFile(join(dir, 'index.tsv'), 'utf8')).trim().split('\n').slice(1);
const only = process.argv[2];
const pages: Page[] = index
  .filter((line) => !only || line.includes(only))
  .map((line) => {
    const [image, truth, language] = line.split('\t') as [string, string, string];
    const langs = language
      .split(' ')[0]!
      .split('+')
      .filter((l) => BUNDLED.has(l)) as OcrLanguage[];
    return { image: join(dir, '..', image), truth: join(dir, '..', truth), langs: langs.length ? langs : ['eng'] };
  });

const root = await mkdtemp(join(tmpdir(), 'lockleaf-bench-ocr-'));
try {
  // The same traineddata for both: the bundled best_int models, unpacked for the CLI.
  const tessdata = join(root, 'tessdata');
  await (await import('node:fs/promises')).mkdir(tessdata);
  for (const lang of BUNDLED)
    await writeFile(join(tessdata, `${lang}.traineddata`), gunzipSync(await readFile(bundledFile(lang))));
  await writeFile(join(tessdata, 'osd.traineddata'), gunzipSync(await readFile(bundledFile('osd', 'legacy'))));

  console.log(`bench/ocr: ${pages.length} page images from ${dir}; ${cores} cores`);

  // Native: one single-threaded tesseract per core.
  const nativeText = new Map<string, string>();
  // Pages an engine could not read (an image format it lacks): reported, counted as unread.
  const nativeFailed = new Map<string, string>();
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: cores }, async () => {
      while (next < pages.length) {
        const page = pages[next++]!;
        try {
          const { stdout } = await run(
            'tesseract',
            [page.image, 'stdout', '-l', page.langs.join('+'), '--tessdata-dir', tessdata, '--oem', '1', '--psm', '3'],
            {
              env: { ...process.env, OMP_THREAD_LIMIT: '1' },
              maxBuffer: 16 * 1024 * 1024,
            },
          );
          nativeText.set(page.image, stdout);
        } catch (error) {
          nativeFailed.set(
            page.image,
            ((error as { stderr?: string }).stderr || (error as Error).message).trim().split('\n')[0]!,
          );
        }
      }
    }),
  );
  const nativeMs = performance.now() - t0;

  // tesseract.js alone, one worker per core, on the same files: the engine's own speed
  // (WASM against native), so the pipeline's overhead can be told apart from it.
  const engineText = new Map<string, string>();
  const engineFailed = new Map<string, string>();
  let engineMs = 0;
  for (const langs of new Set(pages.map((p) => p.langs.join('+')))) {
    const group = pages.filter((p) => p.langs.join('+') === langs);
    const langPath = await prepareTessdata(join(root, 'engine-data'), langs.split('+'));
    const workers = await Promise.all(Array.from({ length: cores }, () => engineWorker(langs.split('+'), langPath)));
    const t2 = performance.now();
    const read = await engineRead(
      workers,
      group.map((p) => p.image),
    );
    engineMs += performance.now() - t2;
    for (const [image, text] of read.text) engineText.set(image, text);
    for (const [image, reason] of read.failed) engineFailed.set(image, reason);
    await Promise.all(workers.map((w) => w.terminate()));
  }

  // Lockleaf: every page through ingest, one OCR worker per core.
  const vault = await createVault(join(root, 'vault'), 'bench passphrase', { kdfCost: TEST_KDF });
  const byLang = new Map<string, Page[]>();
  for (const p of pages) byLang.set(p.langs.join('+'), [...(byLang.get(p.langs.join('+')) ?? []), p]);
  const ours = new Map<string, string>();
  let oursMs = 0;
  let oursPages = 0;
  for (const [langs, group] of byLang) {
    const ingest = createIngest(vault, {
      dataDir: join(root, 'ocr-data'),
      langs: langs.split('+') as OcrLanguage[],
      workers: cores,
    });
    // A made-up page, so no corpus page is stored (and skipped as a duplicate) before timing.
    const warm = await ingest.queue.enqueue({ bytes: await textImage([`warm-up ${langs}`]), name: 'warm-up' });
    ingest.queue.start();
    await ingest.queue.idle(); // worker start-up and language loading are not counted
    await vault.trash(warm.documentId);
    const t1 = performance.now();
    const ids = new Map<string, string>();
    for (const page of group) {
      const result = await ingest.queue.enqueue({ bytes: await readFile(page.image), name: page.image });
      ids.set(page.image, result.documentId);
    }
    await ingest.queue.idle();
    oursMs += performance.now() - t1;
    for (const job of await ingest.queue.list()) {
      if (job.state !== 'done') console.log(`  ${job.name}: ${job.state} ${job.error?.message ?? ''}`);
    }
    for (const [image, id] of ids) {
      const doc = await vault.get(id);
      oursPages += doc.pages.length;
      ours.set(image, doc.pages.map((p) => p.text).join('\n'));
      if (process.env.DUMP) console.log(image, JSON.stringify(doc.pages.map((p) => p.text.slice(0, 300))));
    }
    await ingest.close();
  }
  await vault.close();

  let nErr = 0;
  let oErr = 0;
  let eErr = 0;
  let words = 0;
  console.log('page                                         words  WER native  WER lockleaf  WER tesseract.js alone');
  for (const page of pages) {
    const truth = await readFile(page.truth, 'utf8');
    const n = bagWer(truth, nativeText.get(page.image) ?? '');
    const o = bagWer(truth, ours.get(page.image) ?? '');
    const e = bagWer(truth, engineText.get(page.image) ?? '');
    nErr += n.errors;
    oErr += o.errors;
    eErr += e.errors;
    words += n.words;
    const name = page.image.slice(dir.length + 1).padEnd(44);
    const unread = [
      nativeFailed.has(page.image) && 'native',
      engineFailed.has(page.image) && 'tesseract.js alone',
    ].filter(Boolean);
    const note = unread.length ? `  (${unread.join(' and ')} could not read it: counted as unread)` : '';
    console.log(
      `${name} ${String(n.words).padStart(5)}  ${(n.errors / n.words).toFixed(3).padStart(10)}  ${(o.errors / o.words).toFixed(3).padStart(12)}  ${(e.errors / e.words).toFixed(3).padStart(22)}${note}`,
    );
  }
  for (const [label, failed] of [
    ['native', nativeFailed],
    ['tesseract.js alone', engineFailed],
  ] as const) {
    for (const [image, reason] of failed)
      console.log(`${label} could not read ${image.slice(dir.length + 1)}: ${reason}`);
  }
  const ppmNative = pages.length / (nativeMs / 60000);
  const ppmOurs = oursPages / (oursMs / 60000);
  const ppmEngine = pages.length / (engineMs / 60000);
  console.log(
    `pages/min: native ${ppmNative.toFixed(1)}, lockleaf ${ppmOurs.toFixed(1)}, ratio ${(ppmOurs / ppmNative).toFixed(2)} (target ≥ 0.9)`,
  );
  console.log(
    `           tesseract.js alone ${ppmEngine.toFixed(1)} (${(ppmEngine / ppmNative).toFixed(2)}× native); lockleaf's pipeline runs at ${(ppmOurs / ppmEngine).toFixed(2)}× the bare engine`,
  );
  console.log(
    `WER (all words): native ${(nErr / words).toFixed(3)}, lockleaf ${(oErr / words).toFixed(3)}, ratio ${(oErr / words / (nErr / words)).toFixed(2)} (target ≤ 1.0); tesseract.js alone ${(eErr / words).toFixed(3)}`,
  );
} finally {
  await rm(root, { recursive: true, force: true });
}
