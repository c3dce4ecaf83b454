/** The passphrase from LOCKLEAF_PASSPHRASE, or typed at a prompt that does not echo. */
import { stdin, stderr } from 'node:process';

export function readHidden(prompt: string): Promise<string> {
  if (!stdin.isTTY) {
    return Promise.reject(new Error('No terminal to ask for a passphrase on; set LOCKLEAF_PASSPHRASE.'));
  }
  return new Promise((resolve, reject) => {
    stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    let value = '';
    const done = (result: string | Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
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
    stdin.on('data', onData);
  });
}

export async function passphrase(env: NodeJS.ProcessEnv, prompt = 'Passphrase: '): Promise<string> {
  return env.LOCKLEAF_PASSPHRASE ?? readHidden(prompt);
}

export async function newPassphrase(env: NodeJS.ProcessEnv, variable = 'LOCKLEAF_PASSPHRASE'): Promise<string> {
  const fromEnv = env[variable];
  if (fromEnv !== undefined) return fromEnv;
  const first = await readHidden('New passphrase: ');
  const second = await readHidden('Repeat new passphrase: ');
  if (first !== second) throw new Error('The passphrases do not match.');
  return first;
}

/** Variables that may hold a passphrase: never passed on to a program the CLI starts (a browser, say). */
const SECRET_VARIABLES = ['LOCKLEAF_PASSPHRASE', 'LOCKLEAF_NEW_PASSPHRASE', 'LOCKLEAF_SECRET_KEY'];

export function withoutSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !SECRET_VARIABLES.includes(k)));
}
