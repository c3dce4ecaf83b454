import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KDF } from '../crypto/kdf.js';
import { createIngest } from '../ingest/ingest-service.js';
import { textPdf } from '../ingest/test-fixtures.js';
import { createVault, openVault } from '../vault/open-vault.js';
import { TEST_PASSPHRASE, tempDir } from '../vault/test-support.js';
import { main } from './main.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

const MONTHS = 'January February March April May June July August September October November December'.split(' ');
/** A day `days` from today, as the document prints it and as ISO. */
function dayFromNow(days: number) {
  const d = new Date(Date.now() + days * 86_400_000);
  const iso = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return { printed: `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`, iso };
}
const DUE = dayFromNow(5);

/** A vault with two documents read by ingest (so both wait in the Inbox). */
async function setup() {
  const t = await tempDir();
  cleanup = t.cleanup;
  const vaultDir = join(t.dir, 'vault');
  const vault = await createVault(vaultDir, TEST_PASSPHRASE, { kdfCost: TEST_KDF });
  const ingest = createIngest(vault, { dataDir: t.dir, workers: 1 });
  ingest.queue.start();
  const bill = await ingest.queue.enqueue({
    bytes: await textPdf([
      ['Harbour Telecom plc', 'Invoice date: 12 May 2026', 'Total: EUR 42.00', `Due date: ${DUE.printed}`],
    ]),
    name: 'bill.pdf',
  });
  const letter = await ingest.queue.enqueue({
    bytes: await textPdf([['Dear neighbour, thank you.']]),
    name: 'note.pdf',
  });
  await ingest.queue.idle();
  await ingest.close();
  await vault.close();
  const run = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['node', 'lockleaf', '--vault', vaultDir, ...args], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: { LOCKLEAF_PASSPHRASE: TEST_PASSPHRASE },
      stdin: async () => '',
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  return { vaultDir, run, bill: bill.documentId, letter: letter.documentId };
}

describe('lockleaf inbox, due', () => {
  it('lists suggestions, accepts with edits, dismisses, and lists what is due', async () => {
    const { vaultDir, run, bill, letter } = await setup();
    const listed = await run('inbox');
    expect(listed.code).toBe(0);
    // The suggestions are made by the command (the CLI's ingest ran without the Inbox service).
    expect(listed.out).toContain(bill);
    expect(listed.out).toMatch(/date\s+2026-05-12/);
    expect(listed.out).toMatch(/total\s+42\.00 EUR/);
    expect(listed.out).toMatch(new RegExp(`due\\s+${DUE.iso}`));
    expect(listed.out).toContain('2 to review');

    expect(await run('inbox', 'accept', bill, '--type', 'Phone bill', '--tag', 'home', 'phone')).toMatchObject({
      code: 0,
    });
    expect(await run('inbox', 'dismiss', letter)).toMatchObject({ code: 0 });
    expect((await run('inbox')).out).toBe('The Inbox is empty.');
    expect(await run('inbox', 'accept', 'nope')).toMatchObject({ code: 1 });

    const vault = await openVault(vaultDir, { passphrase: TEST_PASSPHRASE });
    const doc = await vault.get(bill);
    await vault.close();
    expect(doc).toMatchObject({ type: 'Phone bill', tags: ['home', 'phone'] });
    expect(doc.createdAt.slice(0, 10)).toBe('2026-05-12');
    expect(doc.customFields).toEqual(
      expect.arrayContaining([
        { name: 'Total', kind: 'money', value: '42.00 EUR' },
        { name: 'Due date', kind: 'date', value: DUE.iso },
      ]),
    );

    expect((await run('due', '--days', 'soon')).code).toBe(1);
    expect((await run('due', '--days', '3')).out).toBe('Nothing due or expiring in the next 3 days.');
    const due = await run('due');
    expect(due.out).toContain(`${DUE.iso}  due      in 5 days`);
    expect(JSON.parse((await run('due', '--json')).out)).toEqual([
      { id: bill, title: expect.any(String), kind: 'due', date: DUE.iso, daysLeft: 5 },
    ]);
  });
});
