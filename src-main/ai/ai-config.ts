/**
 * Claude's settings on this vault (the one `ai_config` row of migration 011): off until the user enables it
 * with an API key. The key is sealed under the keyring like every other secret (AAD 'ai-key', re-sealed by
 * key rotation), registered with the log scrubber whenever it is opened, and never leaves main except in the
 * request's `x-api-key` header. The row stays on this device (sync does not carry it).
 */
import { z } from 'zod';
import { patternProblem } from '../../src-shared/classify/redact.js';
import { LockleafError } from '../errors.js';
import { aiHostOf } from '../vault/ai-host.js';
import type { Vault } from '../vault/vault.js';

/**
 * The fastest current Claude model: classification is a short, closed-list task, so latency and price
 * matter more than depth. A dated id, not an alias, so the same request means the same model until the
 * user picks another (`lockleaf ai settings --model`).
 */
export const DEFAULT_AI_MODEL = 'claude-haiku-4-5-20251001';
/** About a page and a half of text: paperless-ai users found the first page gives the best answers. */
export const DEFAULT_BUDGET_CHARS = 6000;

const patternSchema = z.string().superRefine((p, ctx) => {
  const problem = patternProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: `pattern ${JSON.stringify(p)}: ${problem}` });
});

export const aiSettingsSchema = z
  .object({
    model: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9.:@_-]{0,99}$/i, 'a model id such as claude-haiku-4-5')
      .default(DEFAULT_AI_MODEL),
    budgetChars: z.number().int().min(500).max(100_000).default(DEFAULT_BUDGET_CHARS),
    excludedTags: z.array(z.string().trim().min(1).max(200)).max(500).default([]),
    patterns: z.array(patternSchema).max(100).default([]),
  })
  .strict();
export type AiSettings = z.infer<typeof aiSettingsSchema>;

export interface AiStatus {
  enabled: boolean;
  hasKey: boolean;
  settings: AiSettings;
  /** Requests waiting to be sent (offline, rate-limited). */
  queued: number;
}

/** Settings as stored; a row this version cannot read (hand-edited, newer) falls back to the defaults. */
function parseSettings(json: string | undefined): AiSettings {
  let raw: unknown = {};
  try {
    raw = JSON.parse(json ?? '{}');
  } catch {
    raw = {};
  }
  const parsed = aiSettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : aiSettingsSchema.parse({});
}

function invalid(error: z.ZodError): LockleafError {
  return new LockleafError('INVALID_INPUT', `AI settings: ${error.issues.map((i) => i.message).join('; ')}.`);
}

export async function readAiConfig(vault: Vault): Promise<AiStatus> {
  const db = vault.store.db.read;
  const row = await db.get<{ enabled: number; settings: string; has_key: number }>(
    'SELECT enabled, settings, key_sealed IS NOT NULL AS has_key FROM ai_config WHERE id = 1',
  );
  const queued = (await db.get<{ n: number }>('SELECT count(*) AS n FROM ai_queue'))?.n ?? 0;
  return {
    enabled: row?.enabled === 1 && row.has_key === 1,
    hasKey: row?.has_key === 1,
    settings: parseSettings(row?.settings),
    queued,
  };
}

function checkKey(key: string): string {
  const trimmed = key.trim();
  if (!trimmed || trimmed.length > 500 || /\s/.test(trimmed)) {
    throw new LockleafError('INVALID_INPUT', 'That is not an API key (one line, no spaces). Nothing was changed.');
  }
  return trimmed;
}

/** Switches Claude on with `key` (sealed), optionally with other settings; audited without the key. */
export async function enableAi(vault: Vault, key: string, patch: Partial<AiSettings> = {}): Promise<AiStatus> {
  const host = aiHostOf(vault);
  const apiKey = checkKey(key);
  const current = await readAiConfig(vault);
  const merged = aiSettingsSchema.safeParse({ ...current.settings, ...patch });
  if (!merged.success) throw invalid(merged.error);
  const { version, sealed } = host.sealAiKey(apiKey);
  const head = await host.db.write(async (tx) => {
    await tx.run(
      `INSERT INTO ai_config (id, enabled, settings, key_sealed, key_version) VALUES (1, 1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET enabled = 1, settings = excluded.settings, key_sealed = excluded.key_sealed,
         key_version = excluded.key_version`,
      [JSON.stringify(merged.data), sealed, version],
    );
    return host.auditIn(tx, 'ai.enabled', { model: merged.data.model });
  });
  await host.anchorAfter(head);
  return readAiConfig(vault);
}

/** Switches Claude off and forgets the key (a disabled vault holds no key to leak); queued requests are dropped. */
export async function disableAi(vault: Vault): Promise<AiStatus> {
  const store = vault.store;
  const head = await store.db.write(async (tx) => {
    await tx.run('UPDATE ai_config SET enabled = 0, key_sealed = NULL, key_version = NULL WHERE id = 1');
    await tx.run('DELETE FROM ai_queue');
    return store.auditIn(tx, 'ai.disabled');
  });
  await store.anchorAfter(head);
  return readAiConfig(vault);
}

export interface AiSettingsChange {
  model?: string;
  budgetChars?: number;
  /** Tags whose documents are never sent. */
  excludeTags?: string[];
  /** Tags taken off that list. */
  includeTags?: string[];
  /** Replaces the user's redaction patterns. */
  patterns?: string[];
}

export async function updateAiSettings(vault: Vault, change: AiSettingsChange): Promise<AiStatus> {
  const { settings } = await readAiConfig(vault);
  const lower = (s: string) => s.trim().toLocaleLowerCase();
  const dropped = new Set((change.includeTags ?? []).map(lower));
  const tags = [...settings.excludedTags, ...(change.excludeTags ?? [])].filter((t) => !dropped.has(lower(t)));
  const next = aiSettingsSchema.safeParse({
    ...settings,
    ...(change.model !== undefined ? { model: change.model } : {}),
    ...(change.budgetChars !== undefined ? { budgetChars: change.budgetChars } : {}),
    ...(change.patterns !== undefined ? { patterns: change.patterns } : {}),
    excludedTags: [...new Map(tags.map((t) => [lower(t), t.trim()])).values()],
  });
  if (!next.success) throw invalid(next.error);
  await vault.store.db.write((tx) =>
    tx.run(
      `INSERT INTO ai_config (id, settings) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET settings = excluded.settings`,
      [JSON.stringify(next.data)],
    ),
  );
  return readAiConfig(vault);
}

/** "Never send to AI" on documents (by id); unknown ids are DOCUMENT_NOT_FOUND and nothing changes. */
export async function setAiExcluded(vault: Vault, ids: readonly string[], excluded: boolean): Promise<void> {
  await vault.store.db.write(async (tx) => {
    for (const id of ids) {
      const { changes } = await tx.run('UPDATE documents SET ai_excluded = ? WHERE id = ?', [excluded ? 1 : 0, id]);
      if (changes === 0) throw new LockleafError('DOCUMENT_NOT_FOUND', `No document ${id}. Nothing was changed.`);
    }
    if (excluded) {
      await tx.run(`DELETE FROM ai_queue WHERE document_seq IN (SELECT seq FROM documents WHERE ai_excluded = 1)`);
    }
  });
}
