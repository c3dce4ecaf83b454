import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { forgetSecrets, knownSecretCount, registerSecret } from './redact.js';
import { tempVault } from '../vault/test-support.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination: stream }) };
}

describe('logger', () => {
  it('redacts credential fields at any depth', () => {
    const { lines, logger } = capture();
    logger.debug(
      {
        password: 'hunter2-top',
        smtp: { auth: { user: 'a', pass: 'p4ss-word' } },
        req: { headers: { authorization: 'Bearer abc.def' } },
      },
      'connect',
    );
    const text = lines.join('');
    expect(text).not.toContain('hunter2-top');
    expect(text).not.toContain('p4ss-word');
    expect(text).not.toContain('abc.def');
    expect(text).toContain('[Redacted]');
  });

  it('scrubs secrets out of free text and error reports', () => {
    const { lines, logger } = capture();
    const error = new Error(
      'token endpoint said {"access_token":"ya29.secretvalue","refresh_token":"1//rt-value"} for code=authcode123',
    );
    logger.error({ err: error }, 'refresh failed: Authorization: Bearer ya29.other-token');
    const text = lines.join('');
    for (const secret of ['ya29.secretvalue', '1//rt-value', 'authcode123', 'ya29.other-token'])
      expect(text).not.toContain(secret);
    expect(text).toContain('refresh failed');
  });

  it('replaces registered secret values, also base64-encoded, wherever they appear', () => {
    const { lines, logger } = capture();
    registerSecret('correct-horse-battery');
    logger.debug(`S: 334 ok C: ${Buffer.from('correct-horse-battery').toString('base64')}`);
    logger.info({ note: 'the password is correct-horse-battery' });
    const text = lines.join('');
    expect(text).not.toContain('correct-horse-battery');
    expect(text).not.toContain(Buffer.from('correct-horse-battery').toString('base64'));
  });

  it('keeps only recent secrets, and none once the vault locks', async () => {
    forgetSecrets();
    for (let i = 0; i < 1000; i++) registerSecret(`secret-value-${i}`);
    expect(knownSecretCount()).toBe(256);
    const { lines, logger } = capture();
    logger.info('newest secret-value-999, oldest secret-value-0');
    expect(lines.join('')).not.toContain('secret-value-999');
    expect(lines.join('')).toContain('secret-value-0'); // evicted

    const t = await tempVault();
    registerSecret('smtp-password-xyz'); // as getSecret does when a mailbox's password is used
    expect(knownSecretCount()).toBeGreaterThan(0);
    await t.cleanup();
    expect(knownSecretCount()).toBe(0);
  });
});
