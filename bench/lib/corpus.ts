/** The shared real-world corpus (../shared/corpus), used only by benchmarks; absent is fine. */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Beside the project (npm scripts run from its root), or wherever LOCKLEAF_CORPUS says. */
export const CORPUS = process.env.LOCKLEAF_CORPUS ?? resolve(process.cwd(), '..', 'shared', 'corpus');

export function corpusDir(sub: string): string | undefined {
  const dir = join(CORPUS, sub);
  return existsSync(dir) ? dir : undefined;
}

export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath, entry.name));
  }
  return out.sort();
}

/** Word error rate, order-insensitive: unmatched words on either side, paired as substitutions. */
export function bagWer(reference: string, hypothesis: string): { errors: number; words: number } {
  const words = (s: string) =>
    s
      .toLowerCase()
      .normalize('NFKC')
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  const ref = words(reference);
  const counts = new Map<string, number>();
  for (const w of ref) counts.set(w, (counts.get(w) ?? 0) + 1);
  let matched = 0;
  const hyp = words(hypothesis);
  for (const w of hyp) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      matched++;
      counts.set(w, n - 1);
    }
  }
  return { errors: Math.max(ref.length - matched, hyp.length - matched), words: ref.length };
}
