/**
 * Extraction against the receipts' ground truth, with Paperless-ngx's date rule
 * (bench/lib/paperless-date.py, through Debian's python3-dateparser) on the same texts.
 *
 * - date: right when it equals `date_iso`, or `date_iso_day_first` where `date_iso` is
 *   null (the printed date was ambiguous and the corpus resolved it day-first).
 * - total: right when it equals `total_number` to the cent; receipts without a total
 *   in their ground truth sit out of the total's denominator.
 * - company: right when equal once case, spacing and punctuation are dropped (letters
 *   and digits only); receipts without a company in their ground truth sit out of its
 *   denominator. A receipt whose text is empty counts as a miss everywhere.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFields } from '../../src-shared/classify/extract/extract.js';
import type { LabelledDocument } from './labelled-corpus.js';

export interface ExtractionScore {
  n: number;
  date: number;
  paperlessDate: number;
  total: number;
  company: number;
  /** One line per wrong field: file, field, expected, got. */
  misses: string[];
}

/** Debian's interpreter carries python3-dateparser; a pyenv shim on PATH may not. */
const PYTHON = process.env.LOCKLEAF_BENCH_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

function script(): string {
  // Compiled benches run from out/bench/bench/lib; the script stays in the sources.
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'paperless-date.py');
  return existsSync(beside) ? beside : join(process.cwd(), 'bench', 'lib', 'paperless-date.py');
}

/** Paperless-ngx's first-date rule over each text, as ISO dates (null where it finds none). */
export function paperlessDates(texts: string[]): (string | null)[] {
  const out = execFileSync(PYTHON, [script()], {
    input: JSON.stringify(texts),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as (string | null)[];
}

export function normaliseCompany(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

export async function scoreExtraction(docs: LabelledDocument[]): Promise<ExtractionScore> {
  const receipts = docs.filter((d) => d.type === 'receipt' && d.truth);
  const theirs = paperlessDates(receipts.map((d) => d.text));
  const misses: string[] = [];
  let date = 0;
  let paperless = 0;
  let total = 0;
  let totalN = 0;
  let company = 0;
  let companyN = 0;
  receipts.forEach((doc, i) => {
    const truth = doc.truth!;
    const got = extractFields(doc.text);
    const wantDate = truth.date_iso ?? truth.date_iso_day_first ?? null;
    if (got.documentDate !== null && got.documentDate === wantDate) date++;
    else misses.push(`${doc.file}\tdate\t${wantDate}\t${got.documentDate}`);
    if (theirs[i] !== null && theirs[i] === wantDate) paperless++;
    if (typeof truth.total_number === 'number') {
      totalN++;
      const value = got.total?.value;
      if (value !== undefined && Math.abs(value - truth.total_number) < 0.005) total++;
      else misses.push(`${doc.file}\ttotal\t${truth.total_number}\t${value ?? null}`);
    }
    if (truth.company) {
      companyN++;
      if (got.company && normaliseCompany(got.company) === normaliseCompany(truth.company)) company++;
      else misses.push(`${doc.file}\tcompany\t${truth.company}\t${got.company}`);
    }
  });
  const n = receipts.length;
  const frac = (k: number, of: number) => (of === 0 ? 0 : k / of);
  return {
    n,
    date: frac(date, n),
    paperlessDate: frac(paperless, n),
    total: frac(total, totalN),
    company: frac(company, companyN),
    misses,
  };
}
