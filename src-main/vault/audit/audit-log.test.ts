import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
    const actions = (await raw().read.all<{ action: string }>('SELECT action FROM audit_log ORDER BY seq')).map(
      (r) => r.action,
    );
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

describe('audit retention', () => {
  const DAY = 24 * 60 * 60 * 1000;
  const start = new Date('2024-01-10T09:00:00.000Z');
  let r: Awaited<ReturnType<typeof tempVault>>;
  const log = () =>
    r.vault.context.db.read.all<{ seq: number; action: string; details: string }>(
      'SELECT seq, action, details FROM audit_log ORDER BY seq',
    );
  const edit = (sql: string, params: (string | number)[] = []) => r.vault.context.db.write((tx) => tx.run(sql, params));
  const later = (days: number) => new Date(start.getTime() + days * DAY);

  // Entries 1-3 (created, exported, purged) on day 0, entries 4-5 on day 200, entry 6 on day 400.
  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start);
    r = await tempVault();
    await r.vault.exportTo(`${r.root}/out`);
    await r.vault.context.audit('vault.unlocked', { method: 'passphrase' });
    vi.setSystemTime(later(200));
    await r.vault.context.audit('vault.unlocked', { method: 'passphrase' });
    await r.vault.context.audit('vault.passphrase_changed');
    vi.setSystemTime(later(400));
    await r.vault.context.audit('vault.unlocked', { method: 'passphrase' });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await r.cleanup();
  });

  it('prunes entries older than a year behind one checkpoint, and the rest still verifies', async () => {
    expect(await r.vault.pruneAudit({ now: later(400) })).toEqual({ pruned: 3 });
    const rows = await log();
    expect(rows.map((row) => row.seq)).toEqual([3, 4, 5, 6]);
    expect(rows[0]).toMatchObject({ action: 'audit.checkpoint' });
    expect(JSON.parse(rows[0]!.details)).toMatchObject({ pruned: 3, lastMac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await r.vault.verifyAudit()).toEqual({ ok: true, entries: 4, pruned: 3 });
    // Nothing more is old enough; a year on, the checkpoint and the day-200 entries go too, never the newest.
    expect(await r.vault.pruneAudit({ now: later(400) })).toEqual({ pruned: 0 });
    expect(await r.vault.pruneAudit({ now: later(900) })).toEqual({ pruned: 2 });
    expect((await log()).map((row) => [row.seq, row.action])).toEqual([
      [5, 'audit.checkpoint'],
      [6, 'vault.unlocked'],
    ]);
    await r.vault.context.audit('vault.unlocked', { method: 'passphrase' });
    expect(await r.vault.verifyAudit()).toEqual({ ok: true, entries: 3, pruned: 5 });
  });

  it('detects an altered entry after the checkpoint', async () => {
    await r.vault.pruneAudit({ now: later(400) });
    await edit(`UPDATE audit_log SET details = '{"method":"device"}' WHERE seq = 5`);
    expect(await r.vault.verifyAudit()).toMatchObject({ ok: false, brokenAt: 5, reason: 'entry 5 was altered' });
  });

  it('detects the checkpoint deleted', async () => {
    await r.vault.pruneAudit({ now: later(400) });
    await edit('DELETE FROM audit_log WHERE seq = 3');
    expect(await r.vault.verifyAudit()).toMatchObject({ ok: false, brokenAt: 1, reason: 'entry 1 is missing' });
  });

  it('detects a forged checkpoint hiding recent entries', async () => {
    await r.vault.pruneAudit({ now: later(400) });
    const [checkpoint] = await log();
    // Someone drops entries 3-4 and moves the checkpoint up to stand in for them, with entry 4's MAC as lastMac.
    const mac4 = (await r.vault.context.db.read.get<{ mac: string }>('SELECT mac FROM audit_log WHERE seq = 4'))!.mac;
    const forged = { ...JSON.parse(checkpoint!.details), pruned: 4, lastMac: mac4 };
    await edit('DELETE FROM audit_log WHERE seq <= 4');
    await edit(
      "INSERT INTO audit_log (seq, at, action, details, mac) VALUES (4, '2024-07-28T09:00:00.000Z', 'audit.checkpoint', ?, ?)",
      [JSON.stringify(forged), mac4],
    );
    expect(await r.vault.verifyAudit()).toMatchObject({
      ok: false,
      brokenAt: 4,
      reason: 'entry 4 is a checkpoint that was altered or forged',
    });
  });

  it('detects a checkpoint whose details were changed', async () => {
    await r.vault.pruneAudit({ now: later(400) });
    await edit(
      `UPDATE audit_log SET details = json_set(details, '$.prunedAt', '2030-01-01T00:00:00.000Z') WHERE seq = 3`,
    );
    expect(await r.vault.verifyAudit()).toMatchObject({
      ok: false,
      brokenAt: 3,
      reason: 'entry 3 is a checkpoint that was altered or forged',
    });
  });

  it('does not prune a broken chain: the checkpoint would hide the damage', async () => {
    await edit("UPDATE audit_log SET details = '{}' WHERE seq = 2");
    expect(await r.vault.pruneAudit({ now: later(400) })).toEqual({ pruned: 0, refused: 'entry 2 was altered' });
    expect((await log()).map((row) => row.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await r.vault.verifyAudit()).toMatchObject({ ok: false, brokenAt: 2 });
  });
});
