/**
 * `lockleaf`: the vault without a window. Every command opens the vault, does
 * one thing and closes it; expected failures print their message and exit 1.
 */
import { Command, CommanderError } from 'commander';
import { isLockleafError } from '../errors.js';
import { createVault, openVault } from '../vault/open-vault.js';
import { defaultVaultDir } from '../vault/paths.js';
import type { Vault } from '../vault/vault.js';
import { registerAiCommands } from './ai-commands.js';
import { registerClassifyCommands } from './classify-commands.js';
import { registerDocumentCommands } from './document-commands.js';
import { registerIngestCommands } from './ingest-commands.js';
import { registerMailCommands } from './mail-commands.js';
import { registerSyncCommands } from './sync-commands.js';
import { registerVaultCommands } from './vault-commands.js';
import { passphrase, newPassphrase } from './passphrase.js';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** All of standard input (for --password-stdin). */
  stdin: () => Promise<string>;
}

export interface CliContext extends CliIo {
  vaultDir(): string;
  /** Opens the vault with the passphrase (asked once) and hands both on: sync set-up wraps its keyring with the same one. */
  withVault<T>(fn: (vault: Vault, passphrase: string) => Promise<T>): Promise<T>;
  init(): Promise<Vault>;
  passphrase(prompt?: string): Promise<string>;
  newPassphrase(variable?: string): Promise<string>;
  /** Marks the run as failed (exit 1) while letting the command finish. */
  fail(): void;
}

export function buildProgram(io: CliIo): { program: Command; failed: () => boolean } {
  let failed = false;
  const program = new Command('lockleaf')
    .description('Lockleaf: an encrypted, local-first document vault')
    .option('--vault <dir>', 'vault folder', defaultVaultDir(io.env))
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();
  const ctx: CliContext = {
    ...io,
    vaultDir: () => program.opts<{ vault: string }>().vault,
    async withVault(fn) {
      const passphrase = await ctx.passphrase();
      const vault = await openVault(ctx.vaultDir(), { passphrase });
      try {
        return await fn(vault, passphrase);
      } finally {
        await vault.close();
      }
    },
    async init() {
      return createVault(ctx.vaultDir(), await ctx.newPassphrase());
    },
    passphrase: (prompt) => passphrase(io.env, prompt),
    newPassphrase: (variable) => newPassphrase(io.env, variable),
    fail: () => {
      failed = true;
    },
  };
  registerVaultCommands(program, ctx);
  registerIngestCommands(program, ctx);
  registerDocumentCommands(program, ctx);
  registerMailCommands(program, ctx);
  registerSyncCommands(program, ctx);
  registerClassifyCommands(program, ctx);
  registerAiCommands(program, ctx);
  return { program, failed: () => failed };
}

export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const { program, failed } = buildProgram(io);
  try {
    await program.parseAsync(argv);
    return failed() ? 1 : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (isLockleafError(error)) {
      io.err(`lockleaf: ${error.message} [${error.code}]`);
      return 1;
    }
    io.err(`lockleaf: unexpected error: ${(error as Error).stack ?? String(error)}`);
    return 2;
  }
}

function defaultIo(): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    stdin: async () => {
      const parts: Buffer[] = [];
      for await (const chunk of process.stdin) parts.push(chunk as Buffer);
      return Buffer.concat(parts).toString('utf8');
    },
  };
}

// Run directly (tsx src-main/cli/main.ts, or node on the compiled file).
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exitCode = await main(process.argv);
}
