import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempVault } from '../test-support.js';

let t: Awaited<ReturnType<typeof tempVault>>;
beforeEach(async () => {
  t = await tempVault();
  const { id } = await t.vault.add({ bytes: Buffer.from('a'), name: 'a.txt' });
  await t.vault.exportTo(`${t.root}/out`);
  await t.vault.trash(id);
  await t.vault.purge({ all: true });
});
afterEach(() => t.cleanup());

// Direct writes stand in for someone editing the (decrypted) database.
const raw = () => t.vault.context.db;

describe('audit log', () => {
  it('records security actions and verifies', async () => {
    const actions = (await raw().read.all<{ action: string }>('SELECT action FROM audit_log ORDER BY seq')).map((r) => r.action);
    expect(actions).toEqual(['vault.created', 'vault.exported', 'trash.purged']);
    expect(await t.vault.verifyAudit()).toEqual({ ok: true, entries: 3 });
  });

  it('detects an edited entry', async () => {
    await raw().write((tx) => tx.run(`UPDATE audit_log SET details = '{"documents":0}' WHERE seq = 2`));
    expect(await t.vault.verifyAudit()).toMatchObject({ ok: false, brokenAt: 2, reason: 'entry 2 was altered' });
  });

  it('detects a removed entry in the middle', async () => {
    await raw().write((tx) => tx.run('DELETE FROM audit_log WHERE seq = 2'));
    expect(await t.vault.verifyAudit()).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('detects entries removed from the end, via the anchor in the key file', async () => {
    await raw().write((tx) => tx.run('DELETE FROM audit_log WHERE seq = 3'));
    expect(await t.vault.verifyAudit()).toMatchObject({ ok: false, reason: expect.stringMatching(/removed/) });
  });

  it('detects a re-written tail', async () => {
    await raw().write((tx) => tx.run("UPDATE audit_log SET action = 'vault.unlocked' WHERE seq = 3"));
    expect((await t.vault.verifyAudit()).ok).toBe(false);
  });
});
