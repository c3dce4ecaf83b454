import { afterEach, describe, expect, it } from 'vitest';
import { tempVault } from './test-support.js';
import { vaultStats } from './vault-stats.js';

let t: Awaited<ReturnType<typeof tempVault>> | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

describe('vaultStats', () => {
  it('counts at once, and walks the files on disk at most every 15 s (Home asks on every change of an import)', async () => {
    t = await tempVault();
    const { vault } = t;
    const first = await vaultStats(vault, 1_000_000);
    await vault.add({ bytes: Buffer.alloc(200_000, 7), name: 'big.bin.pdf' });
    const soon = await vaultStats(vault, 1_005_000);
    expect(soon.documents).toBe(first.documents + 1);
    expect(soon.bytes).toBe(first.bytes);
    const later = await vaultStats(vault, 1_016_000);
    expect(later.bytes).toBeGreaterThan(first.bytes + 200_000);
  });
});
