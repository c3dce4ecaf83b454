/**
 * bench/classify: the on-device classifier and extraction against the labelled corpus
 * (../shared/corpus/labelled, read through Lockleaf's own ingest and cached in .bench/).
 *
 *   npm run bench:classify -- [--seeds 10] [--fresh]
 *
 * Prints, with the issue's targets:
 *   - type accuracy with k = 1, 3, 5 labelled documents per type over seeded splits, and
 *     Paperless-ngx's recipe (CountVectorizer + MLPClassifier, python3-sklearn) on the same
 *     splits (target: at least the recipe at every k), and what Lockleaf files wrong at k=5;
 *   - extraction against the receipts' ground truth, with Paperless's date rule;
 *   - training on 10,000 generated documents (< 10 s) and one suggestion (< 20 ms).
 */
import { parseArgs } from 'node:util';
import { serializeModel, suggestLabels, trainClassifier } from '../src-shared/classify/model/index.js';
import { scoreExtraction } from './lib/classify-extraction.js';
import { accuracy, fewShotSplit, lockleafPredictions, meanSd, paperlessPredictions } from './lib/classify-splits.js';
import { labelledCorpus, type LabelledDocument } from './lib/labelled-corpus.js';
import { documents } from './lib/text-corpus.js';

const { values } = parseArgs({
  options: { seeds: { type: 'string', default: '10' }, fresh: { type: 'boolean', default: false } },
});
const SEEDS = Number(values.seeds);
const f2 = (n: number) => n.toFixed(2);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function typeAccuracy(docs: LabelledDocument[]): Promise<{ lockleaf: number; paperless: number }> {
  const empty = docs.filter((d) => !d.text.trim()).length;
  console.log(`\nlabelled corpus: ${docs.length} documents, ${empty} without text (wrong for both classifiers)`);
  console.log(`\ntype accuracy, ${SEEDS} seeded splits (mean ± sd over seeds)`);
  console.log('  k  tested/split  lockleaf      paperless recipe');
  let atFive = { lockleaf: 0, paperless: 0 };
  const confusion = new Map<string, number>();
  for (const k of [1, 3, 5]) {
    const splits = Array.from({ length: SEEDS }, (_, s) => fewShotSplit(docs, k, s + 1));
    const ours = splits.map((split) => {
      const predicted = lockleafPredictions(docs, split);
      if (k === 5) {
        split.test.forEach((i, j) => {
          if (predicted[j] === docs[i]!.type) return;
          const key = `${docs[i]!.type} → ${predicted[j] ?? '(none)'}`;
          confusion.set(key, (confusion.get(key) ?? 0) + 1);
        });
      }
      return accuracy(docs, split, predicted);
    });
    const theirs = paperlessPredictions(docs, splits).map((p, s) => accuracy(docs, splits[s]!, p));
    const a = meanSd(ours);
    const b = meanSd(theirs);
    const types = new Set(splits[0]!.train.map((i) => docs[i]!.type)).size;
    console.log(
      `  ${k}  ${String(splits[0]!.test.length).padStart(4)} (${types} types)  ${f2(a.mean)} ± ${f2(a.sd)}   ${f2(b.mean)} ± ${f2(b.sd)}`,
    );
    if (k === 5) atFive = { lockleaf: a.mean, paperless: b.mean };
  }
  console.log(`\nlockleaf at k=5, filed wrong (true type → suggested), summed over ${SEEDS} splits:`);
  for (const [key, n] of [...confusion].sort((x, y) => y[1] - x[1])) console.log(`  ${String(n).padStart(3)}  ${key}`);
  return atFive;
}

function speed(): void {
  const corpus = documents(11_000, 3);
  const examples: { text: string; type: string; correspondent: string; tags: string[] }[] = [];
  for (const d of corpus.docs()) {
    examples.push({ text: d.text, type: d.type, correspondent: d.text.slice(0, d.text.indexOf('\n')), tags: d.tags });
  }
  const train = examples.slice(0, 10_000);
  const held = examples.slice(10_000);
  const kb = train.reduce((n, e) => n + e.text.length, 0) / train.length / 1024;
  console.log(`\nspeed (generated documents, ${kb.toFixed(1)} KB of text each):`);
  const t0 = performance.now();
  const model = trainClassifier(train);
  const trainMs = performance.now() - t0;
  suggestLabels(model, held[0]!.text); // builds the inverted indexes once, as the app does after loading
  const times: number[] = [];
  for (const e of held) {
    const t = performance.now();
    suggestLabels(model, e.text);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`  training on 10,000 documents: ${(trainMs / 1000).toFixed(2)} s (target < 10 s)`);
  console.log(
    `  one suggestion over ${held.length}: median ${times[times.length >> 1]!.toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms (target < 20 ms)`,
  );
  console.log(`  model: ${(serializeModel(model).length / 1024 / 1024).toFixed(1)} MB of JSON`);
}

speed();
const docs = await labelledCorpus({ fresh: values.fresh, log: console.log });
if (!docs) {
  console.log(
    '\nlabelled corpus absent (../shared/corpus/labelled or LOCKLEAF_CORPUS): accuracy and extraction skipped',
  );
} else {
  const types = await typeAccuracy(docs);
  const x = await scoreExtraction(docs);
  console.log(`\nextraction over ${x.n} receipts; misses:`);
  for (const miss of x.misses) console.log(`  ${miss}`);
  console.log('');
  console.log(`type accuracy k=5: lockleaf ${f2(types.lockleaf)}, paperless recipe ${f2(types.paperless)}`);
  console.log(
    `extraction: date ${f2(x.date)} (paperless rule ${f2(x.paperlessDate)}), total ${f2(x.total)}, company ${f2(x.company)}`,
  );
}
