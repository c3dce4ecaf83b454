import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLockleafError } from '../errors.js';
import { scrub } from '../log/redact.js';
import { TEST_PASSPHRASE, tempVault } from '../vault/test-support.js';
import type { Vault } from '../vault/vault.js';
import { aiHostOf } from '../vault/ai-host.js';
import { DEFAULT_AI_MODEL, disableAi, enableAi, readAiConfig, setAiExcluded, updateAiSettings } from './ai-config.js';

const KEY = 'sk-ant-test-0123456789abcdef';

let vault: Vault;
let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ vault, dir, cleanup } = await tempVault());
});
afterEach(() => cleanup());

async function auditRows(): Promise<{ action: string; details: string }[]> {
  return vault.context.db.read.all("SELECT action, details FROM audit_log WHERE action LIKE 'ai.%' ORDER BY seq");
}

describe('AI settings and key', () => {
  it('is off by default, with a fast current model and a ~6,000-character budget', async () => {
    const status = await readAiConfig(vault);
    expect(status).toMatchObject({ enabled: false, hasKey: false, queued: 0 });
    expect(status.settings).toEqual({ model: DEFAULT_AI_MODEL, budgetChars: 6000, excludedTags: [], patterns: [] });
    expect(await aiHostOf(vault).openAiKey()).toBeUndefined();
  });

  it('seals the key, audits enable and disable without it, and forgets it when disabled', async () => {
    await enableAi(vault, `  ${KEY}\n`);
    expect(await readAiConfig(vault)).toMatchObject({ enabled: true, hasKey: true });
    expect(await aiHostOf(vault).openAiKey()).toBe(KEY);
    // Registered with the log scrubber: it never reaches a log line.
    expect(scrub(`x-api-key: ${KEY}`)).not.toContain(KEY);

    await disableAi(vault);
    expect(await readAiConfig(vault)).toMatchObject({ enabled: false, hasKey: false });
    expect(await aiHostOf(vault).openAiKey()).toBeUndefined();
    const rows = await auditRows();
    expect(rows.map((r) => r.action)).toEqual(['ai.enabled', 'ai.disabled']);
    expect(JSON.stringify(rows)).not.toContain(KEY);
    expect(JSON.parse(rows[0]!.details)).toEqual({ model: DEFAULT_AI_MODEL });
  });

  it('never writes the key to disk unsealed', async () => {
    await enableAi(vault, KEY);
    await vault.close();
    for (const name of await readdir(dir, { recursive: true })) {
      const bytes = await readFile(join(dir, name)).catch(() => Buffer.alloc(0));
      expect(bytes.includes(Buffer.from(KEY)), name).toBe(false);
    }
  });

  it('refuses a key with spaces, and settings out of range or with a broken pattern, changing nothing', async () => {
    await expect(enableAi(vault, 'two words')).rejects.toSatisfy((e) => isLockleafError(e, 'INVALID_INPUT'));
    await expect(updateAiSettings(vault, { budgetChars: 10 })).rejects.toSatisfy((e) =>
      isLockleafError(e, 'INVALID_INPUT'),
    );
    await expect(updateAiSettings(vault, { patterns: ['(oops'] })).rejects.toThrow(/not a valid regular expression/);
    expect((await readAiConfig(vault)).settings.patterns).toEqual([]);
  });

  it('adds and removes excluded tags (case-insensitively) and replaces patterns', async () => {
    await updateAiSettings(vault, { excludeTags: ['Medical', 'tax'], patterns: ['KD-\\d+'] });
    await updateAiSettings(vault, { excludeTags: ['medical', 'Family'], includeTags: ['TAX'] });
    const { settings } = await readAiConfig(vault);
    expect(settings.excludedTags).toEqual(['medical', 'Family']);
    expect(settings.patterns).toEqual(['KD-\\d+']);
  });

  it('marks documents never-send, refusing unknown ids', async () => {
    const { id } = await vault.add({ bytes: Buffer.from('a letter'), name: 'a.txt' });
    await setAiExcluded(vault, [id], true);
    const flag = () => vault.context.db.read.get<{ f: number }>('SELECT ai_excluded AS f FROM documents');
    expect(await flag()).toEqual({ f: 1 });
    await expect(setAiExcluded(vault, [id, 'nope'], false)).rejects.toSatisfy((e) =>
      isLockleafError(e, 'DOCUMENT_NOT_FOUND'),
    );
    expect(await flag()).toEqual({ f: 1 });
    await setAiExcluded(vault, [id], false);
    expect(await flag()).toEqual({ f: 0 });
  });

  it('re-seals the key on key rotation, and a full rotation, so it still opens after the old keys retire', async () => {
    await enableAi(vault, KEY);
    const version = () => vault.context.db.read.get<{ v: number }>('SELECT key_version AS v FROM ai_config');
    const before = (await version())!.v;
    const report = await vault.rotateKeys();
    expect(report.finished).toBe(true);
    expect((await version())!.v).not.toBe(before);
    expect((await version())!.v).toBe(vault.context.keyring.current);
    expect(vault.context.keyring.versions).toEqual([vault.context.keyring.current]);
    expect(await aiHostOf(vault).openAiKey()).toBe(KEY);

    const full = await vault.rotateAllKeys(TEST_PASSPHRASE);
    expect(full.finished).toBe(true);
    expect((await version())!.v).toBe(vault.context.keyring.current);
    expect(await aiHostOf(vault).openAiKey()).toBe(KEY);
  });
});
