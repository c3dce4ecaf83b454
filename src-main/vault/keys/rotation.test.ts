import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openVault } from '../open-vault.js';
import { TEST_PASSPHRASE, tempVault } from '../test-support.js';

let t: Awaited<ReturnType<typeof tempVault>>;
beforeEach(async () => {
  t = await tempVault();
});
afterEach(() => t.cleanup());

async function blobNames(): Promise<string[]> {
  return (await t.vault.context.db.read.all<{ blob_name: string }>('SELECT blob_name FROM documents ORDER BY seq')).map(
    (r) => r.blob_name,
  );
}

describe('key rotation', () => {
  it('re-encrypts every document under a new key version, resumably, then retires the old key', async () => {
    const contents = Array.from({ length: 7 }, (_, i) =>
      Buffer.concat([Buffer.from(`doc ${i} `), randomBytes(1000 + i * 40_000)]),
    );
    const ids = [];
    for (const [i, bytes] of contents.entries()) ids.push((await t.vault.add({ bytes, name: `d${i}.bin` })).id);
    const before = await blobNames();

    // Stop part way (as a kill or quit would), reopen, and run again.
    const first = await t.vault.rotateKeys({ batchSize: 2, maxDocuments: 3 });
    expect(first).toMatchObject({ version: 2, reencrypted: 3, remaining: 4, finished: false });
    expect(t.vault.context.keyring.versions).toEqual([1, 2]);
    await t.vault.close();
    t.vault = await openVault(t.dir, { passphrase: TEST_PASSPHRASE });
    for (const [i, id] of ids.entries()) expect((await t.vault.readContent(id)).equals(contents[i]!)).toBe(true);

    const progress: number[] = [];
    const second = await t.vault.rotateKeys({ batchSize: 2, onProgress: (p) => progress.push(p.done) });
    expect(second).toMatchObject({ version: 2, reencrypted: 4, remaining: 0, finished: true });
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(t.vault.context.keyring.versions).toEqual([2]);

    const after = await blobNames();
    expect(after.filter((n) => before.includes(n))).toEqual([]);
    const { names } = await t.vault.context.blobs.scan();
    expect(names.sort()).toEqual([...after].sort());

    await t.vault.close();
    t.vault = await openVault(t.dir, { passphrase: TEST_PASSPHRASE });
    for (const [i, id] of ids.entries()) expect((await t.vault.readContent(id)).equals(contents[i]!)).toBe(true);
    const actions = (await t.vault.context.db.read.all<{ action: string }>('SELECT action FROM audit_log')).map(
      (r) => r.action,
    );
    expect(actions).toContain('keys.rotation_started');
    expect(actions).toContain('keys.rotated');
    expect((await t.vault.verifyAudit()).ok).toBe(true);
  });

  it('starts a fresh rotation once the previous one finished', async () => {
    await t.vault.add({ bytes: Buffer.from('one'), name: 'one.txt' });
    expect((await t.vault.rotateKeys()).version).toBe(2);
    expect((await t.vault.rotateKeys()).version).toBe(3);
    expect(t.vault.context.keyring.versions).toEqual([3]);
  });
});
