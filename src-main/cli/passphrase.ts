/** The passphrase from LOCKLEAF_PASSPHRASE, or typed at a prompt that does not echo. */
import { openSync } from 'node:fs';
import { stdin, stderr } from 'node:process';
import { ReadStream } from 'node:tty';

/**
 * Where to ask: standard input when it is a terminal, else the controlling
 * terminal (/dev/tty), as ssh and gpg do, so a secret piped in on stdin
 * (`--secret-stdin`) and a prompt can share one command.
 */
function terminal(): { input: ReadStream; close(): void } | undefined {
  if (stdin.isTTY) return { input: stdin as ReadStream, close: () => stdin.pause() };
  try {
    const input = new ReadStream(openSync('/dev/tty', 'r'));
    return { input, close: () => input.destroy() };
  } catch {
    return undefined;
  }
}

export function readHidden(prompt: string, variable = 'LOCKLEAF_PASSPHRASE'): Promise<string> {
  const tty = terminal();
  if (!tty) {
    return Promise.reject(new Error(`No terminal to ask on; set ${variable}.`));
  }
  const { input } = tty;
  return new Promise((resolve, reject) => {
    stderr.write(prompt);
    input.setRawMode(true);
    input.resume();
    let value = '';
    const done = (result: string | Error) => {
      input.setRawMode(false);
      input.off('data', onData);
      tty.close();
      stderr.write('\n');
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(value);
        if (ch === '\u0003') return done(new Error('Cancelled.'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    input.on('data', onData);
  });
}

export async function passphrase(env: NodeJS.ProcessEnv, prompt = 'Passphrase: '): Promise<string> {
  return env.LOCKLEAF_PASSPHRASE ?? readHidden(prompt);
}

export async function newPassphrase(env: NodeJS.ProcessEnv, variable = 'LOCKLEAF_PASSPHRASE'): Promise<string> {
  const fromEnv = env[variable];
  if (fromEnv !== undefined) return fromEnv;
  const first = await readHidden('New passphrase: ', variable);
  const second = await readHidden('Repeat new passphrase: ', variable);
  if (first !== second) throw new Error('The passphrases do not match.');
  return first;
}

/** Variables that may hold a passphrase: never passed on to a program the CLI starts (a browser, say). */
const SECRET_VARIABLES = ['LOCKLEAF_PASSPHRASE', 'LOCKLEAF_NEW_PASSPHRASE', 'LOCKLEAF_SECRET_KEY'];

export function withoutSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !SECRET_VARIABLES.includes(k)));
}
