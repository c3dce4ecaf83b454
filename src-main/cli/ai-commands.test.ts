import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KDF } from '../crypto/kdf.js';
import { MessagesPeer } from '../ai/test-peers/messages-peer.js';
import { createVault, openVault } from '../vault/open-vault.js';
import { TEST_PASSPHRASE, tempDir } from '../vault/test-support.js';
import { main } from './main.js';

const KEY = 'sk-ant-cli-key-0123456789';
let cleanup: (() => Promise<void>) | undefined;
let peer: MessagesPeer | undefined;
afterEach(async () => {
  await peer?.stop();
  await cleanup?.();
});

async function setup() {
  const t = await tempDir();
  cleanup = t.cleanup;
  const vaultDir = join(t.dir, 'vault');
  const vault = await createVault(vaultDir, TEST_PASSPHRASE, { kdfCost: TEST_KDF });
  const added = await vault.add({
    bytes: Buffer.from('Rechnung vom 15.03.2024\nanna@example.org\nIBAN DE89 3704 0044 0532 0130 00'),
    name: 'r.txt',
  });
  await vault.close();
  peer = await MessagesPeer.start({ apiKey: KEY });
  const env = { LOCKLEAF_PASSPHRASE: TEST_PASSPHRASE, LOCKLEAF_ANTHROPIC_BASE_URL: peer.url };
  const run = async (stdin: string, ...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['node', 'lockleaf', '--vault', vaultDir, ...args], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env,
      stdin: async () => stdin,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  return { vaultDir, id: added.id, run };
}

describe('lockleaf ai', () => {
  it('enables with the key on stdin only, never prints it, previews, excludes and disables', async () => {
    const { id, run } = await setup();
    const noFlag = await run(KEY, 'ai', 'enable');
    expect(noFlag).toMatchObject({ code: 1, err: expect.stringContaining('--key-stdin') });
    expect(await run('', 'ai', 'enable', '--key-stdin')).toMatchObject({
      code: 1,
      err: expect.stringContaining('No API key arrived'),
    });

    const enabled = await run(`${KEY}\n`, 'ai', 'enable', '--key-stdin');
    expect(enabled.code).toBe(0);
    expect(enabled.out).toContain('Claude: on (API key set)');
    const status = await run('', 'ai', 'status', '--json');
    expect(JSON.parse(status.out)).toMatchObject({ enabled: true, hasKey: true, queued: 0 });

    const settings = await run(
      '',
      'ai',
      'settings',
      '--budget',
      '800',
      '--exclude-tag',
      'medical',
      '--pattern',
      'Rechnung',
    );
    expect(settings.out).toContain('text budget: 800 characters');
    expect(settings.out).toContain('"medical"');
    const bad = await run('', 'ai', 'settings', '--pattern', '(x');
    expect(bad).toMatchObject({ code: 1, err: expect.stringContaining('not a valid regular expression') });

    const preview = await run('', 'ai', 'preview', id);
    expect(preview.code).toBe(0);
    expect(preview.out).toContain('[REDACTED] vom 15.03.2024');
    expect(preview.out).not.toContain('anna@example.org');
    expect(preview.err).toMatch(/characters, SHA-256 [0-9a-f]{64}; redacted: .*email 1/);
    expect(peer!.requests).toHaveLength(0);

    expect(await run('', 'ai', 'exclude', id)).toMatchObject({ code: 0 });
    expect(await run('', 'ai', 'preview', id)).toMatchObject({
      code: 1,
      err: expect.stringContaining('[AI_EXCLUDED]'),
    });
    expect(await run('', 'ai', 'exclude', id, '--undo')).toMatchObject({ code: 0 });

    expect(await run('', 'ai', 'disable')).toMatchObject({ code: 0, out: expect.stringContaining('deleted') });
    expect(await run('', 'ai', 'preview', id)).toMatchObject({
      code: 1,
      err: expect.stringContaining('[AI_DISABLED]'),
    });
    for (const r of [enabled, status, settings, preview]) expect(r.out + r.err).not.toContain(KEY);
  });

  it('drain sends what waited', async () => {
    const { vaultDir, id, run } = await setup();
    await run(KEY, 'ai', 'enable', '--key-stdin');
    const vault = await openVault(vaultDir, { passphrase: TEST_PASSPHRASE });
    await vault.context.db.write((tx) =>
      tx.run(
        `INSERT INTO ai_queue (document_seq, requested_at) SELECT seq, '2024-01-01T00:00:00Z' FROM documents WHERE id = ?`,
        [id],
      ),
    );
    await vault.close();
    const drained = await run('', 'ai', 'drain');
    expect(drained).toMatchObject({ code: 0, out: '1 sent to Claude; 0 still waiting.' });
    expect(peer!.accepted).toHaveLength(1);
  });
});
