import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_KDF } from '../crypto/kdf.js';
import { textPdf } from '../ingest/test-fixtures.js';
import { tempDir } from '../vault/test-support.js';
import { Writable } from 'node:stream';
import { createLogger } from '../log/logger.js';
import { AppSession } from './app-session.js';
import { dispatch } from './dispatch.js';
import { createHandlers, type Handlers } from './handlers.js';

let session: AppSession;
let handlers: Handlers;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  const t = await tempDir();
  session = new AppSession({ dataDir: t.dir, kdfCost: TEST_KDF, ocrWorkers: 1 });
  handlers = createHandlers(session);
  cleanup = async () => {
    await session.lock();
    await t.cleanup();
  };
});
afterEach(() => cleanup());

describe('bridge dispatch', () => {
  it('refuses unknown channels and invalid payloads before any handler runs', async () => {
    expect(await dispatch(handlers, 'fs:readFile', { path: '/etc/passwd' })).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/Unknown channel/) },
    });
    expect(await dispatch(handlers, 'vault:create', { passphrase: 'short' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/passphrase/) },
    });
    expect(await dispatch(handlers, 'vault:create', { passphrase: 'long enough one', extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await dispatch(handlers, 'documents:search', { query: 42 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await dispatch(handlers, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await dispatch(handlers, 'documents:tag', { ids: ['x'], add: ['taxes\u001f2025'] })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/control characters/) },
    });
    expect(session.status()).toEqual({ exists: false, unlocked: false });
  });

  it('returns expected failures as data and works end to end', async () => {
    expect(await dispatch(handlers, 'documents:list', {})).toEqual({
      ok: false,
      error: { code: 'VAULT_LOCKED', message: 'The vault is locked.' },
    });
    expect(await dispatch(handlers, 'vault:create', { passphrase: 'correct horse battery' })).toEqual({
      ok: true,
      value: { exists: true, unlocked: true },
    });
    const changed: string[][] = [];
    session.on('documents:changed', ({ ids }) => changed.push(ids));
    const t = await tempDir();
    const pdf = (await textPdf([['Water bill for the flat']])).toString('base64');
    expect(await dispatch(handlers, 'ingest:upload', { name: 'bill.pdf', data: pdf })).toMatchObject({
      ok: true,
      value: { status: 'queued' },
    });
    expect(
      await dispatch(handlers, 'ingest:upload', {
        name: 'notes.txt',
        data: Buffer.from('just text').toString('base64'),
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED_TYPE' },
    });
    // The page cannot name files on disk for main to read.
    expect(await dispatch(handlers, 'ingest:add', { paths: [`${t.dir}/bill.pdf`] })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    await session.ingest.queue.idle();
    const hits = await dispatch(handlers, 'documents:search', { query: 'water' });
    expect(hits).toMatchObject({
      ok: true,
      value: [{ title: 'bill', snippet: expect.stringContaining('<mark>Water</mark>') }],
    });
    expect(changed.length).toBeGreaterThan(0);
    expect(
      await dispatch(handlers, 'vault:changePassphrase', { current: 'not it', next: 'another good passphrase' }),
    ).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    expect(
      await dispatch(handlers, 'vault:changePassphrase', { current: 'correct horse battery', next: 'short' }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(
      await dispatch(handlers, 'vault:changePassphrase', {
        current: 'correct horse battery',
        next: 'correct horse battery 2',
      }),
    ).toEqual({ ok: true, value: { changed: true } });
    await dispatch(handlers, 'vault:lock', undefined);
    expect(await dispatch(handlers, 'vault:unlock', { passphrase: 'correct horse battery' })).toMatchObject({
      ok: false,
      error: { code: 'WRONG_PASSPHRASE' },
    });
    expect(await dispatch(handlers, 'vault:unlock', { passphrase: 'correct horse battery 2' })).toEqual({
      ok: true,
      value: { exists: true, unlocked: true },
    });
    await dispatch(handlers, 'vault:lock', undefined);
    expect(await dispatch(handlers, 'vault:unlock', { passphrase: 'wrong passphrase' })).toMatchObject({
      ok: false,
      error: { code: 'WRONG_PASSPHRASE' },
    });
    expect(await dispatch(handlers, 'vault:unlock', { passphrase: 'correct horse battery 2' })).toEqual({
      ok: true,
      value: { exists: true, unlocked: true },
    });
    await t.cleanup();
  });

  it('logs each call (channel, outcome, time) but never its payload', async () => {
    const lines: string[] = [];
    const log = createLogger({
      level: 'debug',
      destination: new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) }),
    });
    await dispatch(handlers, 'vault:create', { passphrase: 'Sesame-Unique-Passphrase-77' }, log);
    await dispatch(
      handlers,
      'mail:addSmtp',
      {
        name: 'x',
        host: '127.0.0.1',
        port: 1,
        user: 'u',
        password: 'Smtp-Unique-Password-88',
        security: 'starttls',
        allowSelfSigned: false,
      },
      log,
    );
    const text = lines.join('');
    expect(text).toMatch(/"channel":"vault:create".*"ok":true/);
    expect(text).toMatch(/"channel":"mail:addSmtp".*"code":"MAIL_UNAVAILABLE"/);
    expect(text).not.toContain('Sesame-Unique');
    expect(text).not.toContain('Smtp-Unique');
  });
});
