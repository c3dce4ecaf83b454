import { describe, expect, it } from 'vitest';
import { TEST_KDF } from '../crypto/kdf.js';
import { AppSession } from '../ipc/app-session.js';
import { tempDir, TEST_PASSPHRASE } from '../vault/test-support.js';
import { waitFor } from '../mail/test-mail.js';
import { quitAfterLock } from './quit-after-lock.js';

const event = () => {
  const e = { prevented: false, preventDefault: () => (e.prevented = true) };
  return e;
};

describe('quit after lock', () => {
  it('holds the first quit until the vault is locked, then quits once', async () => {
    const t = await tempDir();
    const session = new AppSession({ dataDir: t.dir, kdfCost: TEST_KDF });
    await session.create(TEST_PASSPHRASE);
    const root = session.vault.context;
    let quits = 0;
    let unlockedAtQuit: boolean | undefined;
    const onBeforeQuit = quitAfterLock(
      () => session.lock('user'),
      () => {
        quits++;
        unlockedAtQuit = session.status().unlocked;
      },
      () => undefined,
    );
    const first = event();
    onBeforeQuit(first);
    expect(first.prevented).toBe(true);
    const again = event(); // a second Cmd+Q while locking
    onBeforeQuit(again);
    expect(again.prevented).toBe(true);
    await waitFor(async () => quits > 0);
    expect(quits).toBe(1);
    expect(unlockedAtQuit).toBe(false);
    expect(() => root.root).toThrow(/locked/);
    const last = event(); // the quit asked for again goes through
    onBeforeQuit(last);
    expect(last.prevented).toBe(false);
    await t.cleanup();
  });

  it('quits even when locking fails', async () => {
    let quits = 0;
    const errors: unknown[] = [];
    const onBeforeQuit = quitAfterLock(
      async () => Promise.reject(new Error('disk gone')),
      () => quits++,
      (e) => errors.push(e),
    );
    onBeforeQuit(event());
    await new Promise((r) => setTimeout(r, 0));
    expect(quits).toBe(1);
    expect(errors).toHaveLength(1);
  });
});
