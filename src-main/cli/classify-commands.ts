/**
 * `lockleaf inbox [accept|dismiss]`, `lockleaf classify ID… [--ai]` and `lockleaf due`:
 * reviewing what Lockleaf suggests for new documents, and the documents whose due or
 * expiry date is near (issue 14).
 */
import type { Command } from 'commander';
import type { AcceptInput, InboxItem, Suggestion } from '../../src-shared/classify.js';
import { acceptInputFor } from '../../src-shared/classify/accept-input.js';
import { ClassifyService } from '../classify/classify-service.js';
import { listReminders, localToday } from '../classify/reminders.js';
import { isLockleafError, LockleafError } from '../errors.js';
import type { Vault } from '../vault/vault.js';
import { askForSuggestions } from './classify-ai.js';
import type { CliContext } from './main.js';
import { progressBar } from './progress.js';

/** The classifier, trained first if the user's filing changed since (a progress bar when that takes a while). */
async function withClassifier<T>(
  vault: Vault,
  fn: (service: ClassifyService) => Promise<T>,
  options: { train?: boolean } = {},
): Promise<T> {
  const bar = progressBar('Learning from your filed documents');
  let shown = false;
  const service = new ClassifyService(vault.store, {
    onTraining: (done, total) => {
      if (total < 500 && !shown) return;
      shown = true;
      bar.update(done, total);
    },
  });
  // Dismissing needs no model: it would only wait for a training it does not use.
  if (options.train !== false) await service.start();
  if (shown) bar.end();
  try {
    return await fn(service);
  } finally {
    await service.close();
  }
}

const pct = (c: number) => `${Math.round(c * 100)}%`;

export function describeSuggestion(s: Suggestion | null): string[] {
  if (!s) return ['    (no suggestion yet)'];
  const lines: string[] = [];
  const add = (label: string, value: string | null | undefined) =>
    value && lines.push(`    ${label.padEnd(13)} ${value}`);
  add('title', s.title);
  add('type', s.type && `${s.type.name} (${pct(s.type.confidence)})`);
  add('correspondent', s.correspondent && `${s.correspondent.name} (${pct(s.correspondent.confidence)})`);
  add('tags', s.tags.map((t) => `${t.name}${t.proposed ? ' (new)' : ''}`).join(', '));
  add('date', s.documentDate);
  add('total', s.total && `${s.total.value.toFixed(2)}${s.total.currency ? ` ${s.total.currency}` : ''}`);
  add('due', s.dueDate);
  add('expires', s.expiryDate);
  add('summary', s.summary);
  return lines.length ? lines : ['    (nothing to suggest)'];
}

function printItem(ctx: CliContext, item: InboxItem): void {
  ctx.out(`${item.id}  ${item.title}${item.aiQueued ? '  [waiting for Claude]' : ''}`);
  for (const line of describeSuggestion(item.suggestion)) ctx.out(line);
  if (item.aiSuggestion) {
    ctx.out('  Claude:');
    for (const line of describeSuggestion(item.aiSuggestion)) ctx.out(line);
  }
}

interface AcceptOptions {
  all?: boolean;
  title?: string;
  type?: string;
  correspondent?: string;
  tag?: string[];
  date?: string;
  total?: boolean;
}

/** The suggestion as accepted, with what the options change. */
function edited(base: AcceptInput, o: AcceptOptions, current: InboxItem['current']): AcceptInput {
  return {
    ...base,
    ...(o.title !== undefined ? { title: o.title } : {}),
    ...(o.type !== undefined ? { type: o.type || null } : {}),
    ...(o.correspondent !== undefined ? { correspondent: o.correspondent || null } : {}),
    // --tag names the tags the document ends with: the others it has are taken off.
    ...(o.tag ? { tags: o.tag, removeTags: current.tags.filter((t) => !o.tag!.includes(t)) } : {}),
    ...(o.date !== undefined ? { documentDate: o.date || null } : {}),
    ...(o.total === false ? { total: null } : {}),
  };
}

export function registerClassifyCommands(program: Command, ctx: CliContext): void {
  const inbox = program
    .command('inbox')
    .description('New documents waiting for review, with what Lockleaf suggests for each')
    .option('--json', 'machine-readable output')
    .action((o: { json?: boolean }) =>
      ctx.withVault((vault) =>
        withClassifier(vault, async (service) => {
          const items = await service.list();
          if (o.json) return ctx.out(JSON.stringify(items, null, 2));
          if (!items.length) return ctx.out('The Inbox is empty.');
          for (const item of items) printItem(ctx, item);
          ctx.out(`${items.length} to review: lockleaf inbox accept ID… | --all, or lockleaf inbox dismiss ID…`);
        }),
      ),
    );
  inbox
    .command('accept [ids...]')
    .description('Apply the suggestions (the options change them first) and take the documents out of the Inbox')
    .option('--all', 'every document in the Inbox')
    .option('--title <title>')
    .option('--type <type>', 'document type ("" for none)')
    .option('--correspondent <name>', 'correspondent ("" for none)')
    .option('--tag <tags...>', 'the tags the document ends with')
    .option('--date <YYYY-MM-DD>', 'the document date')
    .option('--no-total', 'do not keep the total')
    .action((ids: string[], o: AcceptOptions) =>
      ctx.withVault((vault) =>
        withClassifier(vault, async (service) => {
          const items = o.all ? await service.list() : await Promise.all(ids.map((id) => service.item(id)));
          if (!items.length) throw new LockleafError('INVALID_INPUT', 'Name documents to accept, or --all.');
          for (const [i, item] of items.entries()) {
            if (!item) throw new LockleafError('DOCUMENT_NOT_FOUND', `${ids[i]} is not in the Inbox.`);
            await service.accept(edited(acceptInputFor(item), o, item.current));
            ctx.out(`Filed ${item.id}.`);
          }
        }),
      ),
    );
  inbox
    .command('dismiss <ids...>')
    .description('Take documents out of the Inbox as they are')
    .action((ids: string[]) =>
      ctx.withVault((vault) =>
        withClassifier(
          vault,
          async (service) => {
            await service.dismiss(ids);
            ctx.out(`Dismissed ${ids.length}.`);
          },
          { train: false },
        ),
      ),
    );

  program
    .command('classify <ids...>')
    .description('Suggest type, correspondent, tags and dates for documents (into the Inbox); --ai asks Claude too')
    .option('--ai', 'also ask Claude (text only; see `lockleaf ai`)')
    .action((ids: string[], o: { ai?: boolean }) =>
      ctx.withVault((vault) =>
        withClassifier(vault, async (service) => {
          for (const id of ids) {
            await service.suggest(id, { reopen: true });
            // One document refused (never-send, no text yet) does not stop the others; the run fails at the end.
            if (o.ai)
              await askForSuggestions(ctx, vault, id).catch((error: unknown) => {
                if (!isLockleafError(error) || error.code === 'AI_KEY_REJECTED' || error.code === 'AI_DISABLED')
                  throw error;
                ctx.err(`${id}: not sent to Claude: ${error.message} [${error.code}]`);
                ctx.fail();
              });
            const item = await service.item(id);
            if (item) printItem(ctx, item);
          }
        }),
      ),
    );

  program
    .command('due')
    .description('Documents whose due or expiry date is near (or passed in the last 30 days)')
    .option('--days <n>', 'how far ahead to look (default: the reminder setting)')
    .option('--json', 'machine-readable output')
    .action((o: { days?: string; json?: boolean }) =>
      ctx.withVault(async (vault) => {
        const days = o.days === undefined ? (await vault.settings()).reminderDays : Number(o.days);
        if (!Number.isInteger(days) || days < 0 || days > 3650)
          throw new LockleafError('INVALID_INPUT', '--days takes a whole number of days (0–3650).');
        const list = await listReminders(vault.store.db.read, { today: localToday(), days });
        if (o.json) return ctx.out(JSON.stringify(list, null, 2));
        if (!list.length) return ctx.out(`Nothing due or expiring in the next ${days} days.`);
        for (const r of list) {
          const when =
            r.daysLeft < 0 ? `${-r.daysLeft} days ago` : r.daysLeft === 0 ? 'today' : `in ${r.daysLeft} days`;
          ctx.out(`${r.date}  ${r.kind === 'due' ? 'due    ' : 'expires'}  ${when.padEnd(12)}  ${r.id}  ${r.title}`);
        }
      }),
    );
}
