import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KDF } from '../crypto/kdf.js';
import { AppSession } from '../ipc/app-session.js';
import { tempDir, TEST_PASSPHRASE } from '../vault/test-support.js';
import { addDocumentsFromMenu, appMenuTemplate, type AppMenuItem } from './app-menu.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

const file = (items: AppMenuItem[]) =>
  (items.find((i) => 'label' in i && i.label === 'File') as { submenu: AppMenuItem[] }).submenu;

describe('application menu', () => {
  it('has File → Add documents… on Ctrl/Cmd+O and keeps the standard menus (copy and paste)', () => {
    let added = 0;
    const linux = appMenuTemplate('linux', () => added++);
    expect(linux).toEqual(expect.arrayContaining([{ role: 'editMenu' }, { role: 'viewMenu' }, { role: 'windowMenu' }]));
    expect(linux).not.toContainEqual({ role: 'appMenu' });
    const add = file(linux)[0] as { label: string; accelerator: string; click: () => void };
    expect(add).toMatchObject({ label: 'Add documents…', accelerator: 'CmdOrCtrl+O' });
    add.click();
    expect(added).toBe(1);
    expect(file(linux)).toContainEqual({ role: 'quit' });
    const mac = appMenuTemplate('darwin', () => undefined);
    expect(mac[0]).toEqual({ role: 'appMenu' });
    expect(file(mac)).toContainEqual({ role: 'close' });
  });

  it('adds the chosen files, says what was refused, and asks to unlock first', async () => {
    const t = await tempDir();
    let chosen: string[] = [];
    const session = new AppSession({
      dataDir: t.dir,
      kdfCost: TEST_KDF,
      ocrWorkers: 1,
      chooseFiles: async () => chosen,
    });
    cleanup = async () => {
      await session.lock();
      await t.cleanup();
    };
    expect(await addDocumentsFromMenu(session)).toEqual([
      { title: 'Lockleaf is locked', body: 'Unlock it, then add the documents.' },
    ]);
    await session.create(TEST_PASSPHRASE);
    const notes = join(t.dir, 'notes.txt');
    await writeFile(notes, 'plain text is not a document Lockleaf reads');
    chosen = [notes];
    const notices = await addDocumentsFromMenu(session);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ title: 'Lockleaf: not added' });
    expect(notices[0]!.body).toMatch(/^notes\.txt: /);
    expect(notices[0]!.body).not.toContain(t.dir);
  });
});
