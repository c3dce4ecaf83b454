import { afterEach, describe, expect, it } from 'vitest';
import { tempVault } from '../vault/test-support.js';
import { ReminderNotifier, type ReminderNotice } from './reminder-notifier.js';
import { daysBetween, listReminders } from './reminders.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const TODAY = '2026-06-10';

async function vaultWithDates() {
  const t = await tempVault();
  cleanups.push(t.cleanup);
  const add = async (title: string) =>
    (await t.vault.add({ bytes: Buffer.from(`${title}\n`), name: `${title}.txt`, title })).id;
  const passport = await add('Passport');
  const bill = await add('Phone bill');
  const far = await add('Car insurance');
  const old = await add('Old warranty');
  await t.vault.setField(passport, 'Expiry date', 'date', '2026-06-20');
  await t.vault.setField(bill, 'Due date', 'date', '2026-06-12');
  await t.vault.setField(far, 'Expiry date', 'date', '2027-01-01');
  await t.vault.setField(old, 'Expiry date', 'date', '2026-06-01');
  return { vault: t.vault, passport, bill, far, old };
}

describe('reminders', () => {
  it('lists due and expiry dates in the window, soonest first, recent past ones included', async () => {
    const { vault, passport, bill, old } = await vaultWithDates();
    const list = await listReminders(vault.store.db.read, { today: TODAY, days: 14 });
    expect(list.map((r) => [r.id, r.kind, r.daysLeft])).toEqual([
      [old, 'expiry', -9],
      [bill, 'due', 2],
      [passport, 'expiry', 10],
    ]);
    await vault.trash(bill);
    expect((await listReminders(vault.store.db.read, { today: TODAY, days: 14 })).map((r) => r.id)).not.toContain(bill);
  });

  it('notifies each reminder once, inside the notice period, and hides titles when the tray does', async () => {
    const { vault, passport, bill } = await vaultWithDates();
    const notices: ReminderNotice[] = [];
    const settings = { reminderDays: 3, trayShowTitles: false };
    const notifier = new ReminderNotifier(
      vault.store,
      () => settings,
      (n) => notices.push(n),
    );
    expect((await notifier.check(TODAY)).map((r) => r.id)).toEqual([bill]);
    expect(notices).toEqual([{ title: 'Payment due in 2 days', body: 'A document in Lockleaf', documentId: bill }]);
    expect(await notifier.check(TODAY)).toEqual([]);
    settings.reminderDays = 14;
    settings.trayShowTitles = true;
    expect((await notifier.check(TODAY)).map((r) => r.id)).toEqual([passport]);
    expect(notices.at(-1)).toEqual({ title: 'Expires in 10 days', body: 'Passport', documentId: passport });
    // A new date is a new reminder.
    await vault.setField(bill, 'Due date', 'date', '2026-06-13');
    expect((await notifier.check(TODAY)).map((r) => r.id)).toEqual([bill]);
  });

  it('counts days across a daylight-saving change', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
  });
});
