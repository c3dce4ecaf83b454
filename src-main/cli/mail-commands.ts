import { spawn } from 'node:child_process';
import { Option, type Command } from 'commander';
import type { OutboxItem } from '../../src-shared/mail.js';
import { LockleafError } from '../errors.js';
import { loggerFromEnv } from '../log/logger.js';
import { MailService } from '../mail/mail-service.js';
import { mailProviders } from '../mail/oauth/providers.js';
import type { Vault } from '../vault/vault.js';
import type { CliContext } from './main.js';
import { withoutSecrets } from './passphrase.js';

function service(ctx: CliContext, vault: Vault): MailService {
  return new MailService(vault, { providers: mailProviders(ctx.env), log: loggerFromEnv(ctx.env) });
}

/** Opens the sign-in page in the system browser; the URL is printed too, for a browser elsewhere. */
function openBrowser(ctx: CliContext) {
  return async (url: string) => {
    ctx.err(`Sign in in your browser. If it did not open, visit:\n  ${url}`);
    if (ctx.env.LOCKLEAF_NO_BROWSER) return;
    const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
    const child = spawn(command, [url], { stdio: 'ignore', detached: true, env: withoutSecrets(ctx.env) });
    child.on('error', () => undefined);
    child.unref();
  };
}

function describeItem(item: OutboxItem): string {
  const where = `${item.to.join(', ')} via ${item.mailbox}`;
  if (item.state === 'sent') return `sent  ${item.id}  "${item.subject}" to ${where}`;
  if (item.state === 'failed') return `failed  ${item.id}  to ${where}: ${item.error?.message} [${item.error?.code}]`;
  const why = item.error ? `: ${item.error.message}` : '';
  return `queued  ${item.id}  to ${where}${why} (next try ${item.nextAttemptAt}; it goes out the next time Lockleaf runs)`;
}

/** `lockleaf mailbox add|ls|rm`, `lockleaf send`, `lockleaf outbox`. */
export function registerMailCommands(program: Command, ctx: CliContext): void {
  const mailbox = program.command('mailbox').description('connected mailboxes for sending documents');

  mailbox
    .command('add <kind>')
    .description('connect a mailbox: smtp, gmail or microsoft (gmail/microsoft open a browser sign-in)')
    .requiredOption('--name <name>', 'a name for this mailbox')
    .option('--address <email>', 'the From address (SMTP: defaults to the user name)')
    .option('--host <host>', 'SMTP server')
    .option('--port <port>', 'SMTP port (465 = implicit TLS, otherwise STARTTLS is required)', '587')
    .option('--user <user>', 'SMTP user name')
    .option('--password-stdin', 'read the SMTP password from standard input')
    .option('--allow-self-signed', 'accept a self-signed certificate (only for your own local server)')
    .option(
      '--large-messages',
      'microsoft: allow messages over 3 MB (asks for Mail.ReadWrite, which Graph needs to build them as drafts)',
    )
    .action(
      (
        kind: string,
        opts: {
          name: string;
          address?: string;
          host?: string;
          port: string;
          user?: string;
          passwordStdin?: boolean;
          allowSelfSigned?: boolean;
          largeMessages?: boolean;
        },
      ) =>
        ctx.withVault(async (vault) => {
          const mail = service(ctx, vault);
          if (kind === 'gmail' || kind === 'microsoft') {
            if (opts.largeMessages && kind !== 'microsoft')
              throw new LockleafError('INVALID_INPUT', '--large-messages is for Microsoft 365 mailboxes only.');
            const box = await mail.connectOAuth(kind, {
              name: opts.name,
              ...(opts.address ? { address: opts.address } : {}),
              largeMessages: Boolean(opts.largeMessages),
              openBrowser: openBrowser(ctx),
            });
            ctx.out(`connected ${box.name} (${box.kind})`);
            return;
          }
          if (kind !== 'smtp')
            throw new LockleafError('INVALID_INPUT', `Unknown mailbox kind "${kind}"; use smtp, gmail or microsoft.`);
          if (!opts.host || !opts.user) throw new LockleafError('INVALID_INPUT', 'SMTP needs --host and --user.');
          if (!opts.passwordStdin)
            throw new LockleafError(
              'INVALID_INPUT',
              'Give the password on standard input with --password-stdin (never as an argument: it would show in the process list).',
            );
          const port = Number(opts.port);
          if (!Number.isInteger(port) || port < 1 || port > 65535)
            throw new LockleafError('INVALID_INPUT', `--port must be a port number, not "${opts.port}".`);
          const password = (await ctx.stdin()).replace(/\r?\n$/, '');
          if (!password) throw new LockleafError('INVALID_INPUT', 'No password arrived on standard input.');
          if (opts.allowSelfSigned)
            ctx.err(
              'warning: certificate verification is off for this mailbox; use this only for your own local server.',
            );
          const box = await mail.addSmtp({
            name: opts.name,
            host: opts.host,
            port,
            user: opts.user,
            password,
            security: port === 465 ? 'tls' : 'starttls',
            allowSelfSigned: Boolean(opts.allowSelfSigned),
            ...(opts.address ? { address: opts.address } : {}),
          });
          ctx.out(`connected ${box.name} (smtp ${opts.host}:${port})`);
        }),
    );

  mailbox
    .command('ls')
    .description('list connected mailboxes')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      ctx.withVault(async (vault) => {
        const boxes = await service(ctx, vault).list();
        if (opts.json) return ctx.out(JSON.stringify(boxes, null, 2));
        for (const b of boxes)
          ctx.out(
            `${b.isDefault ? '*' : ' '} ${b.name}  ${b.kind}  ${b.address || '(account address)'}${b.status === 'ok' ? '' : '  ACCESS REVOKED'}`,
          );
        if (boxes.length === 0) ctx.err('No mailboxes yet: lockleaf mailbox add smtp|gmail|microsoft --name NAME');
      }),
    );

  mailbox
    .command('rm <name>')
    .description('disconnect a mailbox: revoke its access where the provider allows, delete its secrets')
    .action((name: string) =>
      ctx.withVault(async (vault) => {
        const { revoked } = await service(ctx, vault).remove(name);
        ctx.out(`removed ${name}${revoked ? ' (access revoked at the provider)' : ''}`);
      }),
    );

  program
    .command('send <ids...>')
    .description('send documents as attachments through a connected mailbox')
    .addOption(new Option('--to <address...>', 'recipient (repeat for several)').makeOptionMandatory())
    .option('--mailbox <name>', 'mailbox to send through (default: the default mailbox)')
    .option('--subject <text>', 'subject (default: the document title)')
    .option('--body <text>', 'message text')
    .action((ids: string[], opts: { to: string[]; mailbox?: string; subject?: string; body?: string }) =>
      ctx.withVault(async (vault) => {
        const mail = service(ctx, vault);
        const to = opts.to
          .flatMap((t) => t.split(','))
          .map((t) => t.trim())
          .filter(Boolean);
        const item = await mail.send({
          documentIds: ids,
          to,
          ...(opts.mailbox ? { mailbox: opts.mailbox } : {}),
          ...(opts.subject ? { subject: opts.subject } : {}),
          ...(opts.body ? { body: opts.body } : {}),
        });
        await mail.outbox.drain();
        const after = await mail.outbox.item(item.id);
        ctx.out(describeItem(after));
        if (after.state === 'failed') ctx.fail();
      }),
    );

  const outbox = program.command('outbox').description('messages waiting to be sent, sent and failed');
  outbox
    .command('ls', { isDefault: true })
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      ctx.withVault(async (vault) => {
        const mail = service(ctx, vault);
        // Running the outbox sends what is due, so `lockleaf outbox` also flushes the queue.
        await mail.outbox.drain();
        const items = await mail.outbox.list();
        if (opts.json) return ctx.out(JSON.stringify(items, null, 2));
        items.forEach((i) => ctx.out(describeItem(i)));
      }),
    );
  outbox
    .command('retry <id>')
    .description('try a failed message again')
    .action((id: string) =>
      ctx.withVault(async (vault) => {
        const mail = service(ctx, vault);
        await mail.outbox.retry(id);
        await mail.outbox.drain();
        ctx.out(describeItem(await mail.outbox.item(id)));
      }),
    );
}
