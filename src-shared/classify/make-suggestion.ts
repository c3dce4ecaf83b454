/**
 * The on-device suggestion for one document: the classifier's labels, what
 * extraction reads from the text, and the user's existing correspondents matched
 * by name, so "Coolblue B.V." on the page files under the user's "Coolblue".
 */
import type { Scored, Suggestion } from '../classify.js';
import type { Extraction } from './extract/extract.js';
import type { suggestLabels } from './model/index.js';

type Labels = ReturnType<typeof suggestLabels>;

/** Legal forms and noise that do not tell two companies apart. */
const LEGAL =
  /\b(sdn|bhd|berhad|gmbh|ag|kg|ohg|ug|ltd|limited|llc|inc|corp|co|plc|sa|sas|sarl|bv|nv|srl|spa|enterprise)\b/g;

export function companyKey(name: string): string {
  return name
    .toLocaleLowerCase('en-US')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(LEGAL, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** An existing correspondent named in the document (its first lines weigh most), or undefined. */
export function matchCorrespondent(text: string, company: string | null, known: readonly string[]): string | undefined {
  const companyK = company ? companyKey(company) : '';
  const head = ` ${companyKey(text.slice(0, 3000))} `;
  let best: { name: string; len: number } | undefined;
  for (const name of known) {
    const k = companyKey(name);
    if (k.length < 3) continue;
    const hit =
      k === companyK ||
      (companyK && (companyK.startsWith(`${k} `) || k.startsWith(`${companyK} `))) ||
      head.includes(` ${k} `);
    if (hit && (!best || k.length > best.len)) best = { name, len: k.length };
  }
  return best?.name;
}

/** Below this the classifier's guess is not shown: a wrong suggestion costs more than none. */
const MIN_CONFIDENCE = 0.35;

/** "Harbour Telecom · Invoice · May 2026": the month in the user's language, never an ISO date in a title. */
export function titleFor(
  type: string | null,
  correspondent: string | null,
  date: string | null,
  locale?: string,
): string | null {
  if (!type && !correspondent) return null;
  const month = date
    ? new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
        new Date(`${date}T00:00:00Z`),
      )
    : null;
  return [correspondent, type, month].filter(Boolean).join(' · ');
}

export function makeSuggestion(
  labels: Labels | undefined,
  extraction: Extraction,
  text: string,
  knownCorrespondents: readonly string[],
): Suggestion {
  const type = labels?.type && labels.type.confidence >= MIN_CONFIDENCE ? labels.type : null;
  const named = matchCorrespondent(text, extraction.company, knownCorrespondents);
  let correspondent: Scored | null = null;
  if (named) correspondent = { name: named, confidence: 0.9 };
  else if (labels?.correspondent && labels.correspondent.confidence >= MIN_CONFIDENCE)
    correspondent = labels.correspondent;
  // A new name from the first lines only for bills and receipts (a total was read): on a contract or a court
  // paper the first lines are a heading ("CONSULTING AGREEMENT"), not who sent it.
  else if (extraction.company && extraction.total) correspondent = { name: extraction.company, confidence: 0.3 };
  return {
    source: 'device',
    title: titleFor(type?.name ?? null, correspondent?.name ?? null, extraction.documentDate),
    type,
    correspondent,
    tags: (labels?.tags ?? []).filter((t) => t.confidence >= MIN_CONFIDENCE),
    documentDate: extraction.documentDate,
    total: extraction.total,
    dueDate: extraction.dueDate,
    expiryDate: extraction.expiryDate,
    summary: null,
  };
}
