/**
 * Sync from the window, against the strict local S3 peer: set up in
 * Settings → Sync (the emergency kit shown once, saved through the save
 * dialog), the header says synced; then a second data folder opens the
 * synced vault from the first screen with the Secret Key, and the document
 * arrives. The window never sees the bucket's secret or the passphrase.
 * The kit's Done waits until it was saved, printed or ticked as written
 * down; Settings shows the kit again for the passphrase; removing sync with
 * unsent edits is refused, then synced first or forced.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { randomBytes } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startS3Peer, type S3Peer } from '../src-main/sync/test-peers/s3-peer.js';
import { closeBrowser, createVaultThroughUi, hasChromium, openApp, PASSPHRASE, type AppFixture } from './fixture.js';

let apps: AppFixture[] = [];
let peer: S3Peer | undefined;
const kitPath = join(tmpdir(), `lockleaf-kit-${randomBytes(6).toString('hex')}.txt`);

async function fillBucket(form: Locator, s3: S3Peer): Promise<void> {
  await form.getByLabel('Storage').selectOption({ label: 'Other S3-compatible storage' });
  await form.getByLabel('Endpoint').fill(s3.endpoint);
  await form.getByLabel('Region').fill(s3.region);
  await form.getByLabel(/Path-style/).check();
  await form.getByLabel('Bucket name').fill(s3.bucket);
  await form.getByLabel('Access key id').fill(s3.accessKeyId);
  await form.getByLabel('Secret access key').fill(s3.secretAccessKey);
}

async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
}

describe.skipIf(!hasChromium)('sync from the window', () => {
  afterEach(async () => {
    for (const app of apps) await app.close();
    apps = [];
    await peer?.close();
    await rm(kitPath, { force: true });
  });
  afterAll(() => closeBrowser());

  it('sets sync up in Settings, shows the kit once, and opens the synced vault on a second device', async () => {
    peer = await startS3Peer();
    const laptop = await openApp({ session: { chooseSavePath: async () => kitPath } });
    apps.push(laptop);
    const { page, host } = laptop;
    await createVaultThroughUi(page);
    const bytes = Buffer.from('%PDF-1.4 tenancy agreement, flat 3');
    const doc = await host.session.vault.add({ bytes, name: 'tenancy.pdf' });
    await host.session.vault.update(doc.id, { title: 'Tenancy agreement' });
    host.session.emit('documents:changed', { ids: [doc.id] });
    await page.getByRole('button', { name: /^Sync off/ }).waitFor();

    // The header's indicator opens Settings → Sync.
    await page.getByRole('button', { name: /^Sync off/ }).click();
    const settings = page.getByRole('main', { name: 'Settings' });
    const form = settings.getByRole('form', { name: 'Set up sync' });
    await expect
      .poll(() => settings.getByRole('heading', { name: 'Sync' }).evaluate((h) => h === document.activeElement))
      .toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await fillBucket(form, peer);
    await form.getByLabel('Your passphrase').fill('not the passphrase');
    await form.getByRole('button', { name: 'Set up sync' }).click();
    await form
      .getByRole('alert')
      .filter({ hasText: /passphrase/i })
      .waitFor();
    // Refused: what was typed is kept, to correct it.
    expect(await form.getByLabel('Bucket name').inputValue()).toBe(peer.bucket);
    await form.getByLabel('Your passphrase').fill(PASSPHRASE);
    await form.getByLabel('Name of this device (optional)').fill('laptop');
    await form.getByRole('button', { name: 'Set up sync' }).click();

    const kit = page.getByRole('dialog', { name: 'Your emergency kit' });
    const kitText = await kit.getByLabel('Emergency kit').textContent();
    const secretKey = /Secret Key: (\S+)/.exec(kitText ?? '')?.[1];
    expect(secretKey).toMatch(/^LL1-/);
    expect(await seriousViolations(page)).toEqual([]);
    await laptop.screenshot('14-sync-kit');
    // Not closed unkept: a lost kit is a vault no new device can open.
    expect(await kit.getByRole('button', { name: 'Done, I have kept it' }).isDisabled()).toBe(true);
    await kit.getByRole('button', { name: 'Save kit…' }).click();
    await kit
      .getByRole('status')
      .filter({ hasText: /Saved as lockleaf-kit-/ })
      .waitFor();
    expect(await readFile(kitPath, 'utf8')).toBe(kitText);
    expect((await stat(kitPath)).mode & 0o777).toBe(0o600);
    await kit.getByRole('button', { name: 'Done, I have kept it' }).click();
    await kit.waitFor({ state: 'detached' });
    // Shown once: gone from the page, and nothing main answers holds it or another secret.
    expect(await page.content()).not.toContain(secretKey);
    await page.getByRole('button', { name: /^Synced/ }).waitFor();
    await settings.getByText('Last sync').waitFor();
    const seen = await page.evaluate(async () => JSON.stringify(await window.lockleaf.syncStatus()));
    for (const secret of [secretKey!, peer.secretAccessKey, PASSPHRASE]) expect(seen).not.toContain(secret);
    expect(await seriousViolations(page)).toEqual([]);
    await settings.getByRole('heading', { name: 'Sync' }).scrollIntoViewIfNeeded();
    await laptop.screenshot('15-sync-settings');

    // A second device: a fresh data folder, "Open a synced vault" on the first screen.
    const desktop = await openApp();
    apps.push(desktop);
    const gate = desktop.page;
    await gate.getByRole('button', { name: 'Open a synced vault' }).click();
    const clone = gate.getByRole('form', { name: 'Open a synced vault' });
    await fillBucket(clone, peer);
    await clone.getByLabel('Passphrase').fill(PASSPHRASE);
    await clone.getByLabel('Secret Key').fill(secretKey!);
    await clone.getByLabel('Name of this device (optional)').fill('desktop');
    expect(await seriousViolations(gate)).toEqual([]);
    await desktop.screenshot('16-open-synced-vault');
    await clone.getByRole('button', { name: 'Open synced vault' }).click();

    await gate
      .getByRole('listbox', { name: 'Results' })
      .getByRole('option')
      .filter({ hasText: 'Tenancy agreement' })
      .waitFor();
    await gate.getByRole('button', { name: /^Synced/ }).waitFor();
    const [arrived] = await desktop.host.session.vault.list();
    expect(Buffer.compare(await desktop.host.session.vault.readContent(arrived!.id), bytes)).toBe(0);
    expect((await desktop.host.session.sync.status()).devices).toBe(2);
  });

  it('shows the kit again for the passphrase, and removes sync with unsent edits after syncing or when forced', async () => {
    peer = await startS3Peer();
    const app = await openApp();
    apps.push(app);
    const { page, host } = app;
    await createVaultThroughUi(page);
    const { kitText } = await host.session.sync.setUp({
      kind: 's3',
      endpoint: peer.endpoint,
      region: peer.region,
      pathStyle: true,
      bucket: peer.bucket,
      accessKeyId: peer.accessKeyId,
      secretAccessKey: peer.secretAccessKey,
      passphrase: PASSPHRASE,
    });
    const secretKey = /Secret Key: (\S+)/.exec(kitText)![1]!;
    await page.getByRole('button', { name: /^Synced/ }).click();
    const settings = page.getByRole('main', { name: 'Settings' });

    await settings.getByRole('button', { name: 'Show emergency kit…' }).click();
    const ask = settings.getByRole('form', { name: 'Show emergency kit' });
    await ask.getByLabel('Your passphrase').fill('not the passphrase');
    await ask.getByRole('button', { name: 'Show kit' }).click();
    await ask
      .getByRole('alert')
      .filter({ hasText: /passphrase/i })
      .waitFor();
    expect(await page.content()).not.toContain(secretKey);
    await ask.getByLabel('Your passphrase').fill(PASSPHRASE);
    await ask.getByRole('button', { name: 'Show kit' }).click();
    const kit = page.getByRole('dialog', { name: 'Your emergency kit' });
    expect(await kit.getByLabel('Emergency kit').textContent()).toContain(`Secret Key: ${secretKey}`);
    const done = kit.getByRole('button', { name: 'Done, I have kept it' });
    expect(await done.isDisabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    // The checkbox by keyboard alone.
    await kit.getByLabel('I have written down the Secret Key').focus();
    await page.keyboard.press('Space');
    await expect.poll(() => done.isEnabled()).toBe(true);
    await done.click();
    await kit.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secretKey);

    // An edit here that has not gone up (no round runs for it: no change event): removal is refused.
    await host.session.vault.add({ bytes: Buffer.from('%PDF-1.4 payslip, March'), name: 'payslip.pdf' });
    await settings.getByRole('button', { name: 'Remove sync…' }).click();
    const removal = settings.getByRole('group', { name: 'Remove sync' });
    expect(await removal.textContent()).toMatch(
      /would never reach your other devices.*new synced vault, in a new folder/,
    );
    await removal.getByRole('button', { name: 'Remove sync from this device' }).click();
    await removal
      .getByRole('alert')
      .filter({ hasText: /have not reached the bucket/ })
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await app.screenshot('17-sync-remove-pending');
    // Sync now sends it, and removal is asked again.
    await removal.getByRole('button', { name: 'Sync now' }).click();
    await removal.getByRole('button', { name: 'Remove sync from this device' }).waitFor();
    expect((await host.session.sync.status()).pendingUploads).toMatchObject({ changes: 0, files: 0 });
    expect((await host.session.sync.status()).configured).toBe(true);

    // Another unsent edit, removed anyway.
    await host.session.vault.add({ bytes: Buffer.from('%PDF-1.4 payslip, April'), name: 'payslip-2.pdf' });
    await removal.getByRole('button', { name: 'Remove sync from this device' }).click();
    await removal.getByRole('button', { name: 'Remove anyway' }).click();
    await settings.getByRole('form', { name: 'Set up sync' }).waitFor();
    expect((await host.session.sync.status()).configured).toBe(false);
    await page.getByRole('button', { name: /^Sync off/ }).waitFor();
  });
});
