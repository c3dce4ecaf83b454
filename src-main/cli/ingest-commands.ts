import { join } from 'node:path';
import type { Command } from 'commander';
import type { JobProgress } from '../ingest/process-job.js';
import { InboxWatcher } from '../ingest/inbox-watcher.js';
import { createIngest } from '../ingest/ingest-service.js';
import { ocrWorkerCount, ocrWorkersFromEnv } from '../ocr/worker-count.js';
import type { Vault } from '../vault/vault.js';
import type { CliContext } from './main.js';
import { progressBar } from './progress.js';

function settings(ctx: CliContext) {
  const workers = ocrWorkersFromEnv(ctx.env);
  return { dataDir: join(ctx.vaultDir(), 'ocr-data'), ...(workers ? { workers } : {}) };
}

/** Prints each job's end, and a progress bar while pages are read. */
function reporter(ctx: CliContext) {
  const bar = progressBar('Reading');
  return (p: JobProgress) => {
    if (p.state === 'ocr' && p.pagesTotal)
      bar.update(p.pagesDone, p.pagesTotal, `${p.name} page ${p.pagesDone}/${p.pagesTotal}`);
    if (p.state === 'done') {
      bar.end();
      ctx.out(`added ${p.documentId}  ${p.name}  (${p.pagesTotal ?? 0} page${p.pagesTotal === 1 ? '' : 's'})`);
    }
    if (p.state === 'failed') {
      bar.end();
      ctx.err(
        `failed  ${p.name}: ${p.error?.message ?? 'unknown error'} [${p.error?.code}] (the original is kept in the vault)`,
      );
      ctx.fail();
    }
  };
}

async function runIngest(
  ctx: CliContext,
  vault: Vault,
  work: (ingest: ReturnType<typeof createIngest>) => Promise<void>,
): Promise<void> {
  // The languages and workers chosen in the app's preferences (kept in the vault) apply here too.
  const prefs = await vault.settings();
  const ingest = createIngest(vault, {
    ...settings(ctx),
    langs: prefs.ocrLanguages,
    workers: ocrWorkerCount({ env: ocrWorkersFromEnv(ctx.env), setting: prefs.ocrWorkers }),
  });
  ingest.queue.on('progress', reporter(ctx));
  // Starting also resumes jobs an earlier run left unfinished.
  ingest.queue.start();
  try {
    await work(ingest);
    await ingest.queue.idle();
  } finally {
    await ingest.close();
  }
}

/** Ingest commands: add (files or a watched inbox) and the job queue. */
export function registerIngestCommands(program: Command, ctx: CliContext): void {
  program
    .command('add [files...]')
    .description('store and read PDFs and images (OCR on this device); resumes unfinished jobs')
    .option('--watch <dir>', 'keep ingesting files dropped into this folder (removed once stored)')
    .option('--poll', 'with --watch: poll the folder (network shares)')
    .action((files: string[], opts: { watch?: string; poll?: boolean }) =>
      ctx.withVault((vault) =>
        runIngest(ctx, vault, async ({ queue }) => {
          for (const file of files) {
            try {
              const result = await queue.enqueue({ path: file });
              if (result.status === 'duplicate')
                ctx.out(`duplicate of ${result.documentId}${result.inTrash ? ' (in trash)' : ''}  ${file}`);
            } catch (error) {
              ctx.err(`refused  ${file}: ${(error as Error).message}`);
              ctx.fail();
            }
          }
          if (!opts.watch) return;
          const inbox = new InboxWatcher(opts.watch, queue, { poll: Boolean(opts.poll) });
          inbox.on(
            'stored',
            ({ path, result, removed }) =>
              result.status === 'duplicate' &&
              ctx.out(
                `duplicate of ${result.documentId}  ${path}${removed ? ' (removed from inbox)' : ' (left in the inbox)'}`,
              ),
          );
          inbox.on('refused', ({ path, error }) => ctx.err(`refused  ${path}: ${error.message}`));
          inbox.start();
          ctx.err(`Watching ${opts.watch} (Ctrl+C to stop)…`);
          await new Promise<void>((resolve) => {
            process.once('SIGINT', resolve);
            process.once('SIGTERM', resolve);
          });
          await inbox.stop();
        }),
      ),
    );

  const jobs = program.command('jobs').description('the ingest queue');
  jobs
    .command('ls', { isDefault: true })
    .description('list ingest jobs')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      ctx.withVault(async (vault) => {
        const ingest = createIngest(vault, settings(ctx));
        const list = await ingest.queue.list();
        await ingest.close();
        if (opts.json) return ctx.out(JSON.stringify(list, null, 2));
        for (const j of list)
          ctx.out(
            `${j.id}  ${j.state.padEnd(9)} ${j.pagesDone}/${j.pagesTotal ?? '?'}  ${j.name}${j.error ? `  — ${j.error.message}` : ''}`,
          );
      }),
    );
  jobs
    .command('retry <jobId>')
    .description('read a failed or cancelled file again')
    .action((jobId: string) => ctx.withVault((vault) => runIngest(ctx, vault, ({ queue }) => queue.retry(jobId))));
  jobs
    .command('cancel <jobId>')
    .description('cancel a queued job (its document goes to the trash)')
    .action((jobId: string) =>
      ctx.withVault(async (vault) => {
        const ingest = createIngest(vault, settings(ctx));
        await ingest.queue.cancel(jobId);
        await ingest.close();
      }),
    );
}
