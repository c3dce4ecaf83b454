/**
 * What each synced field's value must look like before it is written into
 * the vault's tables. A value that does not fit — from a newer Lockleaf (a
 * sort order or field kind this version lacks) or a broken device — stays in
 * the merged state (so it still travels and still wins or loses) but is not
 * written here, and is reported as an issue: it never stops the round.
 */
import { z } from 'zod';

const text = (max: number) => z.string().max(max);
const time = text(64);
const blob = z.string().regex(/^[0-9a-f]{32}$/);
const name = z.string().min(1).max(200);

const DOC_FIELDS: Record<string, z.ZodType> = {
  content: z.object({
    name: text(1024),
    mime: text(255),
    size: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    addedAt: time,
    blob,
  }),
  archive: z.object({ blob }).nullable(),
  title: text(1000),
  notes: text(100_000),
  createdAt: time,
  type: name.nullable(),
  correspondent: name.nullable(),
  deletedAt: time.nullable(),
  pinnedAt: time.nullable(),
  aiExcluded: z.boolean(),
  purgedAt: time,
  pages: z.array(z.object({ n: z.number().int().min(1), t: z.string(), c: z.number().nullable() })).max(20_000),
  thumb: z
    .object({ mime: z.enum(['image/webp', 'image/jpeg', 'image/png']), data: z.string().max(4_000_000) })
    .nullable(),
};
const TAG = z.object({ name, on: z.boolean() });
const CUSTOM = z.object({ name, kind: z.enum(['text', 'number', 'date', 'money']), value: text(2000).nullable() });
const VIEW = z.object({ name, query: text(2000), sort: z.enum(['relevance', 'added', 'created', 'title']) }).nullable();

function schemaOf(entity: string, field: string): z.ZodType | undefined {
  if (entity === 'view') return field.startsWith('v.') ? VIEW : undefined;
  if (entity !== 'doc') return z.unknown();
  if (field.startsWith('tag.')) return TAG;
  if (field.startsWith('cf.')) return CUSTOM;
  return DOC_FIELDS[field];
}

/** Whether this version can write the field's value into its tables (an unknown field: no). */
export function writable(entity: string, field: string, value: unknown): boolean {
  return schemaOf(entity, field)?.safeParse(value).success ?? false;
}
