/**
 * `lockleaf remote add|status|rm`, `lockleaf sync [conflicts]` and `lockleaf clone`: sync of the vault's
 * ciphertext with an R2 or S3 bucket (issue 13).
 *
 * Secrets: the bucket's secret access key comes on standard input (`--secret-stdin`); the passphrase and,
 * for clone, the Secret Key come from LOCKLEAF_PASSPHRASE / LOCKLEAF_SECRET_KEY or a prompt without echo
 * on the terminal (/dev/tty when stdin carries the bucket secret). None of them is ever printed; the
 * Secret Key is shown once, in the emergency kit, at set-up.
 */
import { access, readdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { isLockleafError, LockleafError } from '../errors.js';
import { SyncEngine } from '../sync/engine/engine.js';
import { emergencyKitAgain, removeSync } from '../sync/engine/remove.js';
import { cloneVault, setUpSync } from '../sync/engine/setup.js';
import { syncStatus } from '../sync/engine/status.js';
import type { Vault } from '../vault/vault.js';
import type { CliContext } from './main.js';
import { readHidden } from './passphrase.js';
import {
  bucketOptions,
  keyringCostOf,
  readBucketSecret,
  remoteSettingsOf,
  serviceName,
  type BucketOptions,
  type RemoteKind,
} from './sync-remote-options.js';
import { describeError, openSession, runRound, watchRounds } from './sync-round.js';
import { conflictNotes, describeConflicts, describeStatus } from './sync-status-text.js';
import { adoptNewPassphrase } from '../sync/engine/passphrase.js';

const KINDS: RemoteKind[] = ['r2', 's3'];

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Runs `fn` with the vault's session and engine; the session (it holds the keys) is always closed. */
async function withEngine<T>(vault: Vault, fn: (engine: SyncEngine) => Promise<T>): Promise<T> {
  const session = await openSession(vault);
  try {
    return await fn(new SyncEngine(session, vault.syncHost));
  } finally {
    session.close();
  }
}

/** The kit goes to a new file (0600, never over another) or to stdout; either way exactly once. */
async function deliverKit(ctx: CliContext, kitText: string, kitPath: string | undefined): Promise<void> {
  if (kitPath) {
    try {
      await writeFile(kitPath, kitText, { mode: 0o600, flag: 'wx' });
      ctx.out(`Emergency kit written to ${kitPath} (readable by you only). It holds the Secret Key:`);
      ctx.out('print it or copy it somewhere offline, then delete the file. It is not shown again.');
      return;
    } catch (error) {
      ctx.err(`Could not write the kit to ${kitPath} (${(error as Error).message}); here it is instead.`);
      ctx.fail();
    }
  }
  ctx.out(kitText);
  ctx.out('This is the only time the Secret Key is shown: print this kit or write it down now.');
}

/** The first round after set-up or clone: a failure leaves sync set up, to be resumed by `lockleaf sync`. */
async function firstRound(ctx: CliContext, vault: Vault): Promise<void> {
  try {
    await withEngine(vault, (engine) => runRound(ctx, vault, engine));
  } catch (error) {
    ctx.err(`The first sync round failed: ${describeError(error)}`);
    ctx.err('Sync is set up; run lockleaf sync to carry on where it stopped.');
    ctx.fail();
  }
}

function registerRemote(program: Command, ctx: CliContext): void {
  const remote = program.command('remote').description('the bucket this vault syncs with');
  const add = remote.command('add').description('set sync up with an empty bucket (this device becomes the first)');
  for (const kind of KINDS)
    bucketOptions(add.command(kind).description(`a ${serviceName(kind)} bucket`), kind)
      .option('--kit <file>', 'write the emergency kit (with the Secret Key) to this new file instead of printing it')
      .action(async (opts: BucketOptions & { kit?: string }) => {
        const settings = remoteSettingsOf(kind, opts);
        const kitPath = opts.kit ? resolve(opts.kit) : undefined;
        // Checked before the bucket is claimed: the Secret Key must have somewhere to go.
        if (kitPath && (await exists(kitPath)))
          throw new LockleafError('INVALID_INPUT', `${kitPath} already exists; the kit never replaces a file.`);
        await ctx.withVault(async (vault, passphrase) => {
          const secretAccessKey = await readBucketSecret(ctx);
          const result = await setUpSync(vault, {
            settings,
            secretAccessKey,
            passphrase,
            deviceName: opts.deviceName,
            kdfCost: await keyringCostOf(ctx.vaultDir()),
          });
          ctx.out(
            `Sync set up with ${serviceName(kind)} bucket ${settings.bucket}; this device is "${opts.deviceName}".`,
          );
          await deliverKit(ctx, result.kitText, kitPath);
          await firstRound(ctx, vault);
        });
      });

  remote
    .command('status')
    .description('the bucket, the devices, the last sync and what is waiting')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      ctx.withVault(async (vault) => {
        const status = await syncStatus(vault.syncHost);
        if (opts.json) ctx.out(JSON.stringify(status, null, 2));
        else for (const line of describeStatus(status)) ctx.out(line);
      }),
    );

  remote
    .command('rm')
    .description('stop syncing on this device (the bucket and the other devices are untouched)')
    .option('--force', 'even if changes made here have not reached the bucket yet (they never will)')
    .action((opts: { force?: boolean }) =>
      ctx.withVault(async (vault) => {
        const status = await syncStatus(vault.syncHost);
        if (!status.configured) return ctx.out('Sync is not set up on this vault; nothing to remove.');
        const { leftBucket } = await removeSync(vault, { force: opts.force });
        ctx.out(`This device no longer syncs with bucket ${status.bucket}; its settings and secrets are gone.`);
        ctx.out('The bucket and the other devices are untouched. To sync again, clone the bucket into a new folder.');
        if (!leftBucket)
          ctx.out(
            'The bucket could not be reached, so it still lists this device: the others keep old changes for it.',
          );
      }),
    );

  remote
    .command('kit')
    .description('show the emergency kit (with the Secret Key) again, or write it to a new file')
    .option('--kit <file>', 'write it to this new file (mode 0600) instead of printing it')
    .action((opts: { kit?: string }) =>
      ctx.withVault(async (vault, passphrase) => {
        // Unlocking proved the passphrase already; it is checked again, as a window would, before the key is shown.
        const { kitText } = await emergencyKitAgain(vault.syncHost, passphrase);
        if (!opts.kit) return ctx.out(kitText);
        await writeFile(opts.kit, kitText, { mode: 0o600, flag: 'wx' }).catch((cause: unknown) => {
          throw new LockleafError('INVALID_INPUT', `Cannot write the kit to ${opts.kit}: ${(cause as Error).message}`);
        });
        ctx.out(
          `Emergency kit written to ${opts.kit} (readable only by you). Print it, keep it offline, delete the file.`,
        );
      }),
    );
}

function registerSync(program: Command, ctx: CliContext): void {
  const sync = program
    .command('sync')
    .description('send and receive changes and files now (or keep doing so with --watch)')
    .option('--watch', 'sync again every interval until Ctrl+C')
    .option('--interval <seconds>', 'with --watch: seconds between rounds', '30')
    .action((opts: { watch?: boolean; interval: string }) => {
      const seconds = Number(opts.interval);
      if (!Number.isFinite(seconds) || seconds < 1)
        throw new LockleafError(
          'INVALID_INPUT',
          `--interval is a number of seconds (1 or more), not "${opts.interval}".`,
        );
      return ctx.withVault(async (vault) => {
        const run = () =>
          withEngine(vault, async (engine) => {
            if (opts.watch) await watchRounds(ctx, vault, engine, seconds * 1000);
            else await runRound(ctx, vault, engine);
          });
        try {
          await run();
        } catch (error) {
          if (!isLockleafError(error, 'SYNC_PASSPHRASE_CHANGED')) throw error;
          // The bucket's keys take the new passphrase only: once it opens them, it becomes this vault's too.
          ctx.err(error.message);
          const next = await ctx.newPassphrase('LOCKLEAF_NEW_PASSPHRASE');
          await adoptNewPassphrase(vault.syncHost, next);
          ctx.out('This vault now opens with the new passphrase.');
          await run();
        }
      });
    });

  sync
    .command('conflicts')
    .description('edits made on two devices at once: the value each record kept and the one it lost')
    .option('--limit <n>', 'newest first, at most this many', '50')
    .option('--json', 'print JSON')
    .action((opts: { limit: string; json?: boolean }) =>
      ctx.withVault(async (vault) => {
        const notes = await conflictNotes(vault.syncHost.read, Math.max(1, Number(opts.limit) || 50));
        if (opts.json) ctx.out(JSON.stringify(notes, null, 2));
        else for (const line of describeConflicts(notes)) ctx.out(line);
      }),
    );
}

function registerClone(program: Command, ctx: CliContext): void {
  const clone = program
    .command('clone')
    .description('make a new vault in --vault DIR from a synced bucket (asks for the passphrase and the Secret Key)');
  for (const kind of KINDS)
    bucketOptions(clone.command(kind).description(`from a ${serviceName(kind)} bucket`), kind).action(
      async (opts: BucketOptions) => {
        const settings = remoteSettingsOf(kind, opts);
        const dir = ctx.vaultDir();
        const entries = await readdir(dir).catch(() => []);
        if (entries.length)
          throw new LockleafError('VAULT_EXISTS', `${dir} is not empty; a clone goes into an empty or new folder.`);
        const passphrase = await ctx.passphrase();
        const secretKey =
          ctx.env.LOCKLEAF_SECRET_KEY ??
          (await readHidden('Secret Key (from the emergency kit): ', 'LOCKLEAF_SECRET_KEY'));
        const secretAccessKey = await readBucketSecret(ctx);
        ctx.err('Opening the bucket’s keyring…');
        const vault = await cloneVault({
          settings,
          secretAccessKey,
          dir,
          passphrase,
          secretKey,
          deviceName: opts.deviceName,
        });
        try {
          ctx.out(`Created vault ${vault.id} in ${dir}; this device is "${opts.deviceName}".`);
          await firstRound(ctx, vault);
          const count = (await vault.syncHost.read.get<{ n: number }>(
            'SELECT count(*) AS n FROM documents WHERE deleted_at IS NULL',
          ))!.n;
          ctx.out(`${count} document${count === 1 ? '' : 's'} arrived.`);
        } finally {
          await vault.close();
        }
      },
    );
}

export function registerSyncCommands(program: Command, ctx: CliContext): void {
  registerRemote(program, ctx);
  registerSync(program, ctx);
  registerClone(program, ctx);
}
