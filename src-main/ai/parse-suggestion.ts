/**
 * Claude's `classify_document` input, checked with zod and turned into a Suggestion (source 'ai').
 * Lenient field by field (an odd date becomes null rather than losing the whole answer), strict about
 * what reaches the Inbox: names are matched to the user's own labels (case and spacing aside) and keep
 * their spelling; anything else is flagged `proposed`, to be created only if the user accepts it.
 */
import { z } from 'zod';
import { suggestionSchema, type Amount, type Suggestion } from '../../src-shared/classify.js';
import { LockleafError } from '../errors.js';
import type { AiRequest } from './prepare.js';

/** Claude gives no score; a label it picked from the list is trusted more than one it made up. */
const EXISTING_CONFIDENCE = 0.8;
const PROPOSED_CONFIDENCE = 0.5;

const text = (max: number) =>
  z
    .string()
    .transform((s) => s.replace(/\s+/g, ' ').trim().slice(0, max))
    .nullable()
    .optional()
    .catch(null);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)))
  .nullable()
  .optional()
  .catch(null);
const names = z.array(z.unknown()).optional().catch([]);

const toolInputSchema = z.object({
  title: text(500),
  type: text(200),
  correspondent: text(200),
  tags: names,
  new_tags: names,
  document_date: isoDate,
  amounts: z
    .array(
      z.object({
        value: z.number().finite(),
        currency: z
          .string()
          .transform((c) => c.trim().toUpperCase())
          .pipe(z.string().regex(/^[A-Z]{3}$/))
          .nullable()
          .optional()
          .catch(null),
        label: text(80),
        is_total: z.boolean().optional().catch(false),
      }),
    )
    .optional()
    .catch([]),
  due_date: isoDate,
  expiry_date: isoDate,
  summary: text(500),
});

const key = (name: string) => name.replace(/\s+/g, ' ').trim().toLocaleLowerCase();

function labelled(name: string | null | undefined, existing: readonly string[]) {
  if (!name) return null;
  const match = existing.find((e) => key(e) === key(name));
  return match !== undefined
    ? { name: match, confidence: EXISTING_CONFIDENCE }
    : { name, confidence: PROPOSED_CONFIDENCE, proposed: true };
}

function total(amounts: z.infer<typeof toolInputSchema>['amounts']): Amount | null {
  const list = amounts ?? [];
  const chosen = list.find((a) => a.is_total) ?? (list.length === 1 ? list[0] : undefined);
  return chosen ? { value: chosen.value, currency: chosen.currency ?? null, label: chosen.label ?? null } : null;
}

export function parseSuggestion(input: unknown, lists: AiRequest['lists']): Suggestion {
  const parsed = toolInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new LockleafError('AI_FAILED', 'Claude answered in a shape Lockleaf cannot read; nothing was stored.');
  }
  const a = parsed.data;
  const tags = new Map<string, { name: string; confidence: number; proposed?: boolean }>();
  for (const raw of [...(a.tags ?? []), ...(a.new_tags ?? [])]) {
    if (typeof raw !== 'string' || !raw.trim()) continue;
    const tag = labelled(raw.replace(/\s+/g, ' ').trim().slice(0, 200), lists.tags);
    if (tag && !tags.has(key(tag.name))) tags.set(key(tag.name), tag);
  }
  return suggestionSchema.parse({
    source: 'ai',
    title: a.title || null,
    type: labelled(a.type, lists.types),
    correspondent: labelled(a.correspondent, lists.correspondents),
    tags: [...tags.values()].slice(0, 50),
    documentDate: a.document_date ?? null,
    total: total(a.amounts),
    dueDate: a.due_date ?? null,
    expiryDate: a.expiry_date ?? null,
    summary: a.summary || null,
  });
}
