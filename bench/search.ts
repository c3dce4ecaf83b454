/**
 * bench/search: full-text search in the encrypted vault against the same rows
 * in plain SQLite FTS5 (better-sqlite3), in one run, with the same SQL.
 *
 *   npm run bench:search -- [--docs 100000] [--queries 200]
 *
 * Prints p50/p95 per engine and their ratio (targets: ratio ≤ 1.2, p95 < 15 ms),
 * plus the time to unlock (Argon2id) and to open the vault after it (target < 200 ms).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_KDF, deriveKey } from '../src-main/crypto/kdf.js';
import type { WriteDb } from '../src-main/vault/db/connection.js';
import { migrate } from '../src-main/vault/db/migrate.js';
import { migrations } from '../src-main/vault/db/migrations/index.js';
import { addTags, insertDocument, updateDocument } from '../src-main/vault/documents/documents-repo.js';
import { createVault, openVault } from '../src-main/vault/open-vault.js';
import { parseQuery } from '../src-main/vault/search/query-parser.js';
import { searchStatement } from '../src-main/vault/search/search.js';
import { candidateCount } from '../src-main/vault/search/term-stats.js';
import { documents, queries } from './lib/text-corpus.js';
import { plainDb } from './lib/plain-sqlite.js';

const { values } = parseArgs({
  options: { docs: { type: 'string', default: '100000' }, queries: { type: 'string', default: '200' } },
});
const DOCS = Number(values.docs);
const QUERIES = Number(values.queries);
const PASSPHRASE = 'benchmark passphrase';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const ms = (n: number) => `${n.toFixed(2)} ms`;

async function fill(write: (fn: (tx: WriteDb) => Promise<void>) => Promise<void>, label: string): Promise<number> {
  const t0 = performance.now();
  const gen = documents(DOCS).docs();
  let i = 0;
  for (;;) {
    const batch: ReturnType<typeof gen.next>['value'][] = [];
    for (let k = 0; k < 1000; k++) {
      const next = gen.next();
      if (next.done) break;
      batch.push(next.value);
    }
    if (batch.length === 0) break;
    await write(async (tx) => {
      for (const doc of batch) {
        const seq = await insertDocument(
          tx,
          {
            id: `doc-${i}`,
            title: doc.title,
            originalName: `${doc.title}.pdf`,
            mime: 'application/pdf',
            size: doc.text.length,
            sha256: i.toString(16).padStart(64, '0'),
            createdAt: doc.createdAt,
            addedAt: doc.createdAt,
            notes: '',
            blobName: randomBytes(16).toString('hex'),
            blobKey: randomBytes(60),
            keyVersion: 1,
          },
          [{ pageNo: 1, text: doc.text, confidence: 0.9 }],
        );
        await updateDocument(tx, seq, { type: doc.type }, doc.createdAt);
        await addTags(tx, seq, doc.tags);
        i++;
      }
    });
    if (i % 10_000 === 0) process.stderr.write(`  ${label}: ${i}/${DOCS}\r`);
  }
  process.stderr.write('\n');
  return performance.now() - t0;
}

const root = await mkdtemp(join(tmpdir(), 'lockleaf-bench-search-'));
try {
  console.log(
    `bench/search: ${DOCS} documents (~3 KB of text each), ${QUERIES} queries; machine: ${(await import('node:os')).cpus().length} cores`,
  );
  const vaultDir = join(root, 'vault');
  let vault = await createVault(vaultDir, PASSPHRASE, { kdfCost: DEFAULT_KDF });
  const vaultFill = await fill((fn) => vault.context.db.write(fn), 'vault');
  await vault.close();

  const plain = plainDb(join(root, 'plain.db'));
  await migrate(plain, migrations);
  const plainFill = await fill(async (fn) => {
    plain.raw.exec('BEGIN');
    await fn(plain);
    plain.raw.exec('COMMIT');
  }, 'plain');
  console.log(`fill: vault ${(vaultFill / 1000).toFixed(1)} s, plain ${(plainFill / 1000).toFixed(1)} s`);

  // Unlock: Argon2id alone (second of two runs), then a whole open; the open's own cost is the difference.
  const keyFile = JSON.parse(await readFile(join(vaultDir, 'vault.key'), 'utf8'));
  let kdfMs = 0;
  for (let i = 0; i < 2; i++) {
    const k0 = performance.now();
    await deriveKey(PASSPHRASE, keyFile.kdf);
    kdfMs = performance.now() - k0;
  }
  const o0 = performance.now();
  vault = await openVault(vaultDir, { passphrase: PASSPHRASE });
  const openMs = Math.max(0, performance.now() - o0 - kdfMs);

  const list = queries(documents(DOCS).words, 7, QUERIES);
  // Both engines do the same work: the candidate estimate (see term-stats.ts), then the same statement.
  const plainSearch = async (text: string) => {
    const q = parseQuery(text);
    const { sql, params } = searchStatement(
      q,
      { limit: 20 },
      q.terms.length ? await candidateCount(plain, q.terms) : 0,
    );
    return plain.raw.prepare(sql).all(...params);
  };
  // Warm both page caches the same way before timing.
  for (const q of list) {
    await vault.search(q, { limit: 20 });
    await plainSearch(q);
  }
  const vaultTimes: number[] = [];
  const plainTimes: number[] = [];
  let hits = 0;
  for (let round = 0; round < 3; round++) {
    for (const q of list) {
      const a = performance.now();
      hits += (await vault.search(q, { limit: 20 })).length;
      vaultTimes.push(performance.now() - a);
      const b = performance.now();
      await plainSearch(q);
      plainTimes.push(performance.now() - b);
    }
  }
  vaultTimes.sort((x, y) => x - y);
  plainTimes.sort((x, y) => x - y);
  const [v50, v95, p50, p95] = [
    percentile(vaultTimes, 50),
    percentile(vaultTimes, 95),
    percentile(plainTimes, 50),
    percentile(plainTimes, 95),
  ];
  console.log(
    `queries timed: ${vaultTimes.length} per engine (3 rounds), mean hits/query ${(hits / vaultTimes.length).toFixed(1)}`,
  );
  console.log('engine                       p50        p95');
  console.log(`vault (SQLCipher, async)  ${ms(v50).padStart(10)} ${ms(v95).padStart(10)}`);
  console.log(`plain (better-sqlite3)    ${ms(p50).padStart(10)} ${ms(p95).padStart(10)}`);
  console.log(
    `ratio vault/plain         ${(v50 / p50).toFixed(2).padStart(10)} ${(v95 / p95).toFixed(2).padStart(10)}   (target ≤ 1.2)`,
  );
  console.log(`p95 target < 15 ms: ${v95 < 15 ? 'met' : 'NOT met'}`);
  console.log(
    `unlock: Argon2id ${ms(kdfMs)} (m=${keyFile.kdf.memoryKiB} KiB, t=${keyFile.kdf.iterations}, p=${keyFile.kdf.parallelism}); open after key derivation ${ms(openMs)} (target < 200 ms)`,
  );
  await vault.close();
  plain.close();
} finally {
  await rm(root, { recursive: true, force: true });
}
