/**
 * Seeded few-shot splits of the labelled corpus for bench/classify, and both classifiers
 * scored on exactly the same splits: Lockleaf's model in-process, Paperless-ngx's recipe
 * through Debian's python3-sklearn (bench/lib/paperless-recipe.py).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { suggestLabels, trainClassifier } from '../../src-shared/classify/model/index.js';
import type { LabelledDocument } from './labelled-corpus.js';
import { rng } from './text-corpus.js';

export interface Split {
  train: number[];
  test: number[];
}

/** k documents of each type to train on, the rest to test; types with fewer than k + 1 documents sit out. */
export function fewShotSplit(docs: LabelledDocument[], k: number, seed: number): Split {
  const random = rng(seed * 1000 + k);
  const byType = new Map<string, number[]>();
  docs.forEach((d, i) => byType.set(d.type, [...(byType.get(d.type) ?? []), i]));
  const split: Split = { train: [], test: [] };
  for (const type of [...byType.keys()].sort()) {
    const members = byType.get(type)!;
    if (members.length < k + 1) continue;
    const shuffled = [...members];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    split.train.push(...shuffled.slice(0, k));
    split.test.push(...shuffled.slice(k));
  }
  return split;
}

/** Predicted type per test document (null: no credible suggestion, or no text). */
export function lockleafPredictions(docs: LabelledDocument[], split: Split): (string | null)[] {
  const model = trainClassifier(
    split.train.map((i) => ({ text: docs[i]!.text, type: docs[i]!.type, correspondent: null, tags: [] })),
  );
  return split.test.map((i) =>
    docs[i]!.text.trim() ? (suggestLabels(model, docs[i]!.text).type?.name ?? null) : null,
  );
}

/** One python3 run for all the splits of a k (scikit-learn's import costs a second or two). */
export function paperlessPredictions(docs: LabelledDocument[], splits: Split[]): (string | null)[][] {
  const input = JSON.stringify({ texts: docs.map((d) => d.text), labels: docs.map((d) => d.type), splits });
  const run = spawnSync('/usr/bin/python3', [join(import.meta.dirname, 'paperless-recipe.py')], {
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`paperless-recipe.py failed: ${run.stderr || run.error?.message}`);
  const { predictions } = JSON.parse(run.stdout) as { predictions: string[][] };
  // An empty text counts as wrong for both classifiers, whatever the network made of it.
  return predictions.map((p, s) => p.map((label, j) => (docs[splits[s]!.test[j]!]!.text.trim() ? label : null)));
}

export function accuracy(docs: LabelledDocument[], split: Split, predicted: (string | null)[]): number {
  let right = 0;
  split.test.forEach((i, j) => {
    if (predicted[j] === docs[i]!.type) right++;
  });
  return right / split.test.length;
}

export function meanSd(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length - 1);
  return { mean, sd: Math.sqrt(variance) };
}
