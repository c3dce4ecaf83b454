import type { Command } from 'commander';
import { isLockleafError, LockleafError } from '../errors.js';
import { destroyVault } from '../vault/destroy.js';
import type { CliContext } from './main.js';
import { progressBar } from './progress.js';
import { changePassphraseEverywhere } from '../sync/engine/passphrase.js';
import { verifyOtherAudits } from '../sync/engine/audit-records.js';

/** Commands about the vault as a whole: init, passwd, rotate-key, purge, export, import, audit, destroy. */
export function registerVaultCommands(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description('create a new vault (passphrase from LOCKLEAF_PASSPHRASE or asked twice)')
    .action(async () => {
      const vault = await ctx.init();
      ctx.out(`Created vault ${vault.id} in ${vault.dir}`);
      await vault.close();
    });

  program
    .command('passwd')
    .description('change the passphrase (new one from LOCKLEAF_NEW_PASSPHRASE or asked twice)')
    .action(() =>
      ctx.withVault(async (vault) => {
        const current = await ctx.passphrase('Current passphrase: ');
        await changePassphraseEverywhere(vault.syncHost, current, await ctx.newPassphrase('LOCKLEAF_NEW_PASSPHRASE'));
        ctx.out('Passphrase changed.');
      }),
    );

  program
    .command('rotate-key')
    .description('re-encrypt every document under a new key version (resumable)')
    .option('--batch <n>', 'documents per batch', '16')
    .option('--full', 'also replace the root key, the database key and the audit key (asks for the passphrase again)')
    .action((opts: { batch: string; full?: boolean }) =>
      ctx.withVault(async (vault) => {
        if (opts.full) {
          const passphrase = await ctx.passphrase('Passphrase (wraps the new root key): ');
          const bar = progressBar('Re-encrypting');
          const full = await vault.rotateAllKeys(passphrase, {
            batchSize: Number(opts.batch),
            onProgress: (p) => bar.update(p.done, p.total),
          });
          bar.end();
          ctx.out(
            `Key version ${full.version}: ${full.reencrypted} document(s) re-encrypted; root, database and audit keys replaced.`,
          );
          return;
        }
        const bar = progressBar('Re-encrypting');
        const report = await vault.rotateKeys({
          batchSize: Number(opts.batch),
          onProgress: (p) => bar.update(p.done, p.total),
        });
        bar.end();
        ctx.out(
          `Key version ${report.version}: ${report.reencrypted} document(s) re-encrypted${report.finished ? '; old keys retired.' : `; ${report.remaining} left.`}`,
        );
      }),
    );

  program
    .command('purge')
    .description('delete for good what has been in the trash longer than the retention period')
    .option('--all', 'empty the whole trash now')
    .action((opts: { all?: boolean }) =>
      ctx.withVault(async (vault) => {
        const { purged } = await vault.purge({ all: Boolean(opts.all) });
        ctx.out(`Purged ${purged} document(s).`);
        // The audit log keeps a year; older entries go behind a checkpoint (audit-log.ts).
        const audit = await vault.pruneAudit();
        if (audit.pruned > 0) ctx.out(`Pruned ${audit.pruned} audit entries older than a year.`);
      }),
    );

  program
    .command('export <dir>')
    .description('write every document, decrypted, and manifest.json to an empty folder')
    .action((dir: string) =>
      ctx.withVault(async (vault) => {
        const bar = progressBar('Exporting');
        const summary = await vault.exportTo(dir, (d, t) => bar.update(d, t));
        bar.end();
        ctx.out(`Exported ${summary.documents} document(s) to ${dir}`);
      }),
    );

  program
    .command('import <dir>')
    .description('import a folder written by "lockleaf export"')
    .action((dir: string) =>
      ctx.withVault(async (vault) => {
        const bar = progressBar('Importing');
        const summary = await vault.importFrom(dir, (d, t) => bar.update(d, t));
        bar.end();
        ctx.out(
          `Imported ${summary.added} document(s); ${summary.duplicates} already present; ${summary.views} saved view(s) and ${summary.settings} preference(s) taken.`,
        );
      }),
    );

  const audit = program.command('audit').description('the audit log');
  audit
    .command('verify')
    .description('check that no audit entry was altered or removed')
    .action(() =>
      ctx.withVault(async (vault) => {
        const verdict = await vault.verifyAudit();
        if (!verdict.ok)
          throw new LockleafError(
            'AUDIT_CHAIN_BROKEN',
            `Audit log is broken at entry ${verdict.brokenAt}: ${verdict.reason}.`,
          );
        ctx.out(
          `Audit log intact: ${verdict.entries} entries${verdict.pruned ? ` (the first ${verdict.pruned} pruned after a year, behind a checkpoint)` : ''}.`,
        );
        // With sync, every other device's log as its signed segments brought it.
        for (const other of await verifyOtherAudits(vault.syncHost.read)) {
          if (other.missingFrom !== undefined)
            throw new LockleafError(
              'AUDIT_CHAIN_BROKEN',
              `The audit log of ${other.name} misses entry ${other.missingFrom} and later ones it received after it.`,
            );
          ctx.out(`Audit log of ${other.name} (synced): ${other.entries} entries, none missing.`);
        }
      }),
    );

  program
    .command('destroy')
    .description(
      'delete the vault for good: keys first, then the database and every document (asks for the passphrase)',
    )
    .option('--confirm <id>', "the vault's short id, which this command prints when it is missing")
    .action(async (opts: { confirm?: string }) => {
      const dir = ctx.vaultDir();
      try {
        const report = await destroyVault(dir, {
          confirmation: opts.confirm ?? '',
          passphrase: () => ctx.passphrase(),
        });
        ctx.out(`Vault ${report.vault} deleted for good.`);
        if (report.leftovers.length > 0)
          ctx.out(`Left in ${dir}, as Lockleaf did not write them: ${report.leftovers.join(', ')}`);
      } catch (error) {
        if (!isLockleafError(error, 'CONFIRMATION_MISMATCH')) throw error;
        const id = String(error.details?.vault);
        throw new LockleafError(
          'CONFIRMATION_MISMATCH',
          `This deletes the vault ${id} in ${dir} and every document in it, for good. To go ahead, run "lockleaf destroy --confirm ${id}". Nothing was deleted.`,
          { vault: id },
        );
      }
    });
}
