import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { getSecret } from '../vault/secrets/secret-fields.js';
import { authorizeWithLoopback } from './oauth/oauth-client.js';
import {
  browser,
  providersFor,
  startOAuthPeer,
  type OAuthPeer,
  type OAuthPeerOptions,
} from './test-peers/oauth-peer.js';
import { failure, tempMail, waitFor } from './test-mail.js';

const GOOGLE_SECRET = 'installed-app-secret-xyz';
let t: Awaited<ReturnType<typeof tempMail>> | undefined;
let peer: OAuthPeer | undefined;

afterEach(async () => {
  // Every flow ran with debug logging on: none of what the peer issued or received may appear.
  if (t && peer) {
    const logs = t.logs.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of peer.secrets) expect(logs).not.toContain(secret);
  }
  await t?.cleanup();
  await peer?.close();
  t = peer = undefined;
});

async function setup(kind: 'gmail' | 'microsoft', options: OAuthPeerOptions = {}) {
  peer = await startOAuthPeer({ ...(kind === 'gmail' ? { clientSecret: GOOGLE_SECRET } : {}), ...options });
  t = await tempMail({ providers: providersFor(peer, kind === 'gmail' ? { gmailSecret: GOOGLE_SECRET } : {}) });
  const doc = await t.vault.add({ bytes: Buffer.from('%PDF-1.4 insurance card'), name: 'card.pdf' });
  await t.vault.update(doc.id, { title: 'Insurance card' });
  return { peer, t, doc };
}

describe('Gmail', () => {
  it('connects with loopback + PKCE S256 + state, asks only for gmail.send, and sends through the API', async () => {
    const { peer, t, doc } = await setup('gmail');
    const box = await t.mail.connectOAuth('gmail', {
      name: 'personal',
      address: 'me@gmail.test',
      openBrowser: browser,
    });
    expect(box).toMatchObject({ kind: 'gmail', name: 'personal', status: 'ok' });

    const auth = peer.authorizeRequests[0]!;
    expect(auth.get('scope')).toBe('https://www.googleapis.com/auth/gmail.send');
    expect(auth.get('code_challenge_method')).toBe('S256');
    expect(auth.get('state')).toMatch(/.{20,}/);
    expect(auth.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(auth.get('access_type')).toBe('offline');
    expect(peer.tokenRequests[0]!.get('code_verifier')).toMatch(/.{43,}/);

    const item = await t.mail.send({ documentIds: [doc.id], to: ['clerk@insurer.example'] });
    await t.mail.outbox.drain();
    expect((await t.mail.outbox.item(item.id)).state).toBe('sent');
    expect(peer.gmail).toHaveLength(1);
    expect(peer.gmail[0]!.subject).toBe('Insurance card');
    expect(peer.gmail[0]!.attachments[0]!.content.toString()).toBe('%PDF-1.4 insurance card');
    // Only one token grant so far: the fresh access token was reused.
    expect(peer.tokenRequests.map((r) => r.get('grant_type'))).toEqual(['authorization_code']);
  });

  it('refreshes an expired token, saves a rotated refresh token at once, and retries a 401 once', async () => {
    const { peer, t, doc } = await setup('gmail', { rotateRefreshTokens: true });
    const box = await t.mail.connectOAuth('gmail', { name: 'personal', openBrowser: browser });
    const ctx = t.vault.context;
    const firstRefresh = await getSecret(ctx.db.read, ctx.keyring, box.id, 'refresh_token');

    // The provider drops the access token early: the send gets a 401, refreshes, and goes through.
    peer.expireAccessTokens();
    await t.mail.send({ documentIds: [doc.id], to: ['a@example.org'] });
    await t.mail.outbox.drain();
    expect(peer.gmail).toHaveLength(1);
    expect(peer.sends.map((s) => s.status)).toEqual([401, 200]);
    const rotated = await getSecret(ctx.db.read, ctx.keyring, box.id, 'refresh_token');
    expect(rotated).not.toBe(firstRefresh);
    expect(peer.liveRefreshTokens()).toEqual([rotated]);

    // Our own clock says the token is stale: refresh before sending, no 401 at all.
    await ctx.db.write((tx) =>
      tx.run("UPDATE mailboxes SET settings = json_set(settings, '$.accessTokenExpiresAt', 0)"),
    );
    await t.mail.send({ documentIds: [doc.id], to: ['b@example.org'] });
    await t.mail.outbox.drain();
    expect(peer.sends.map((s) => s.status)).toEqual([401, 200, 200]);
    expect(peer.tokenRequests.map((r) => r.get('grant_type'))).toEqual([
      'authorization_code',
      'refresh_token',
      'refresh_token',
    ]);
  });

  it('stops with a clear reason when access was revoked, and marks the mailbox', async () => {
    const { peer, t, doc } = await setup('gmail');
    await t.mail.connectOAuth('gmail', { name: 'personal', openBrowser: browser });
    peer.revokeEverything();
    const item = await t.mail.send({ documentIds: [doc.id], to: ['a@example.org'] });
    await t.mail.outbox.drain();
    const failed = await t.mail.outbox.item(item.id);
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, error: { code: 'MAIL_AUTH_REVOKED' } });
    expect(failed.error!.message).toMatch(/connect the mailbox again/);
    expect((await t.mail.list())[0]!.status).toBe('auth_revoked');
    expect((await failure(t.mail.send({ documentIds: [doc.id], to: ['a@example.org'] }))).code).toBe(
      'MAIL_AUTH_REVOKED',
    );
    expect(peer.gmail).toHaveLength(0);
  });

  it('waits as long as a 429 Retry-After says, and retries a 5xx until it goes through', async () => {
    const { peer, t, doc } = await setup('gmail');
    await t.mail.connectOAuth('gmail', { name: 'personal', openBrowser: browser });
    peer.failNextSends.push({ status: 429, retryAfter: '1', body: 'Rate limit exceeded' }, { status: 503 });
    const item = await t.mail.send({ documentIds: [doc.id], to: ['a@example.org'] });
    t.mail.outbox.start();
    await waitFor(async () => (await t.mail.outbox.item(item.id)).state === 'sent');
    expect(peer.sends.map((s) => s.status)).toEqual([429, 503, 200]);
    expect(peer.sends[1]!.at - peer.sends[0]!.at).toBeGreaterThanOrEqual(950);
    expect((await t.mail.outbox.item(item.id)).attempts).toBe(3);
    expect(peer.gmail).toHaveLength(1);
  });

  it('disconnect revokes the grant at Google and deletes the stored tokens', async () => {
    const { peer, t } = await setup('gmail');
    const box = await t.mail.connectOAuth('gmail', { name: 'personal', openBrowser: browser });
    const rt = await getSecret(t.vault.context.db.read, t.vault.context.keyring, box.id, 'refresh_token');
    expect(await t.mail.remove('personal')).toEqual({ revoked: true });
    expect(peer.revoked).toEqual([rt]);
    expect(await t.vault.context.db.read.all('SELECT * FROM mailbox_secrets')).toEqual([]);
    expect(await t.mail.list()).toEqual([]);
    const actions = (await t.vault.context.db.read.all<{ action: string }>('SELECT action FROM audit_log')).map(
      (r) => r.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['mailbox.connected', 'mailbox.disconnected']));
  });

  it('a declined consent connects nothing', async () => {
    const { t } = await setup('gmail', { deny: true });
    const error = await failure(t.mail.connectOAuth('gmail', { name: 'personal', openBrowser: browser }));
    expect(error.code).toBe('OAUTH_CANCELLED');
    expect(await t.mail.list()).toEqual([]);
  });
});

describe('Microsoft 365', () => {
  it('connects as a public client (no secret) with Mail.Send + offline_access and sends through Graph', async () => {
    const { peer, t, doc } = await setup('microsoft');
    await t.mail.connectOAuth('microsoft', { name: 'office', openBrowser: browser });
    expect(peer.authorizeRequests[0]!.get('scope')).toBe('Mail.Send offline_access');
    expect(peer.tokenRequests[0]!.has('client_secret')).toBe(false);
    await t.mail.send({ documentIds: [doc.id], to: ['hr@company.example'], subject: 'Card', body: 'See attached.' });
    await t.mail.outbox.drain();
    expect(peer.graph).toHaveLength(1);
    expect(peer.graph[0]!.subject).toBe('Card');
    expect(peer.graph[0]!.attachments[0]!.content.toString()).toBe('%PDF-1.4 insurance card');
    // No revocation endpoint: disconnect still deletes the tokens.
    expect(await t.mail.remove('office')).toEqual({ revoked: false });
    expect(await t.vault.context.db.read.all('SELECT * FROM mailbox_secrets')).toEqual([]);
  });
});

describe('Microsoft 365 with the default grant (Mail.Send only)', () => {
  it('refuses a message over 3 MB up front, naming the permission it would take, and sends nothing', async () => {
    const { peer, t } = await setup('microsoft');
    await t.mail.connectOAuth('microsoft', { name: 'office', openBrowser: browser });
    const scan = await t.vault.add({
      bytes: Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3_500_000)]),
      name: 'scan.pdf',
    });
    const error = await failure(t.mail.send({ documentIds: [scan.id], to: ['bank@lender.example'] }));
    expect(error.code).toBe('MAIL_TOO_LARGE');
    expect(error.message).toMatch(/up to 3 MB.*Mail\.ReadWrite/);
    expect(await t.mail.outbox.list()).toEqual([]);
    expect(peer.graphDrafts.drafts).toEqual([]);
  });

  it('the Graph peer refuses the draft route to a Mail.Send-only token, as Graph does', async () => {
    const { peer, t } = await setup('microsoft');
    const box = await t.mail.connectOAuth('microsoft', { name: 'office', openBrowser: browser });
    const token = await getSecret(t.vault.context.db.read, t.vault.context.keyring, box.id, 'access_token');
    const response = await fetch(`${peer.url}/v1.0/me/messages`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain' },
      body: 'eA==',
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('ErrorAccessDenied');
  });
});

describe('Microsoft 365, messages over 4 MB', () => {
  async function large() {
    const { peer, t, doc } = await setup('microsoft');
    await t.mail.connectOAuth('microsoft', { name: 'office', largeMessages: true, openBrowser: browser });
    expect(peer.authorizeRequests[0]!.get('scope')).toBe('Mail.Send offline_access Mail.ReadWrite');
    // Random bytes: nothing compresses, and a slip of one byte anywhere shows.
    const scan = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(7 * 1024 * 1024)]);
    const big = await t.vault.add({ bytes: scan, name: 'mortgage-scan.pdf' });
    // Just under the upload-session threshold: as JSON, its base64 must still fit Graph's 4 MB request.
    const payslip = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2_999_000)]);
    const mid = await t.vault.add({ bytes: payslip, name: 'payslip.pdf' });
    // Just over it: as JSON it would not fit, so it goes in one chunk.
    const statement = await t.vault.add({
      bytes: Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3_100_000)]),
      name: 'statement.pdf',
    });
    const item = await t.mail.send({
      documentIds: [doc.id, mid.id, statement.id, big.id],
      to: ['bank@lender.example'],
      subject: 'Mortgage papers',
      body: 'All attached.',
    });
    return { peer, t, scan, payslip, item };
  }

  it('goes as a draft: small attachments as JSON, large ones through an upload session in chunks, then sent', async () => {
    const { peer, t, scan, payslip, item } = await large();
    await t.mail.outbox.drain();
    expect((await t.mail.outbox.item(item.id)).state).toBe('sent');
    expect(peer.graph).toHaveLength(0); // not sendMail: 7 MB is over its 4 MB request
    const [draft] = peer.graphDrafts.drafts;
    expect(peer.graphDrafts.drafts).toHaveLength(1);
    expect(draft).toMatchObject({
      state: 'sent',
      mail: { subject: 'Mortgage papers', text: expect.stringContaining('All attached.') },
    });
    expect(draft!.mail.attachments).toEqual([]);
    const [card, mid, statement, upload] = draft!.attachments;
    expect(statement).toMatchObject({ name: 'statement.pdf', chunks: 1 });
    expect(statement!.content.length).toBe(3_100_009);
    expect(card).toMatchObject({ name: 'card.pdf', contentType: 'application/pdf', chunks: 0 });
    expect(card!.content.toString()).toBe('%PDF-1.4 insurance card');
    expect(mid).toMatchObject({ name: 'payslip.pdf', chunks: 0 });
    expect(mid!.content.equals(payslip)).toBe(true);
    expect(upload).toMatchObject({ name: 'mortgage-scan.pdf', chunks: 3 });
    expect(upload!.content.equals(scan)).toBe(true);
  });

  it('deletes the draft when an upload fails, and sends the whole message on the retry', async () => {
    const { peer, t, scan, item } = await large();
    peer.graphDrafts.failNextChunks.push(503);
    t.mail.outbox.start();
    await waitFor(async () => (await t.mail.outbox.item(item.id)).state === 'sent');
    expect(peer.graphDrafts.drafts.map((d) => d.state)).toEqual(['deleted', 'sent']);
    expect((await t.mail.outbox.item(item.id)).attempts).toBe(2);
    expect(peer.graphDrafts.drafts[1]!.attachments[3]!.content.equals(scan)).toBe(true);
  });
  it('remembers a draft it could not delete, and deletes it on the next attempt (as after a crash mid-upload)', async () => {
    const { peer, t, scan, item } = await large();
    peer.graphDrafts.failNextChunks.push(503);
    peer.graphDrafts.failNextDeletes.push(500);
    t.mail.outbox.start();
    await waitFor(async () => (await t.mail.outbox.item(item.id)).state === 'sent');
    expect(peer.graphDrafts.drafts.map((d) => d.state)).toEqual(['deleted', 'sent']);
    expect(peer.graphDrafts.drafts[1]!.attachments[3]!.content.equals(scan)).toBe(true);
    expect(await t.vault.context.db.read.all('SELECT draft_id FROM outbox')).toEqual([{ draft_id: null }]);
  });
});

describe('loopback authorization', () => {
  it('ignores a callback with the wrong state and completes with the right one', async () => {
    peer = await startOAuthPeer();
    const provider = providersFor(peer).microsoft;
    const grant = await authorizeWithLoopback(provider, 'Microsoft 365', {
      async openBrowser(url) {
        const redirect = new URL(new URL(url).searchParams.get('redirect_uri')!);
        redirect.searchParams.set('state', 'forged');
        redirect.searchParams.set('code', 'attacker-code');
        const forged = await fetch(redirect);
        expect(forged.status).toBe(400);
        await browser(url);
      },
    });
    expect(grant.refreshToken).toMatch(/^rt\./);
    expect(peer.tokenRequests).toHaveLength(1);
    peer.secrets.length = 0;
  });

  it('the test token endpoint really checks the PKCE verifier', async () => {
    peer = await startOAuthPeer();
    const provider = providersFor(peer).microsoft;
    let code = '';
    let redirectUri = '';
    await authorizeWithLoopback(provider, 'Microsoft 365', {
      async openBrowser(url) {
        const res = await fetch(url, { redirect: 'manual' });
        const back = new URL(res.headers.get('location')!);
        code = back.searchParams.get('code')!;
        redirectUri = url;
        // Spend the code with a wrong verifier first; the real exchange then fails too (codes are single use).
        const stolen = await fetch(`${peer!.url}/token`, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code,
            client_id: peer!.clientId,
            redirect_uri: back.origin + back.pathname,
            code_verifier: 'x'.repeat(43),
          }),
        });
        expect(await stolen.json()).toMatchObject({
          error: 'invalid_grant',
          error_description: 'PKCE verification failed',
        });
        await fetch(back);
      },
    }).then(
      () => expect.fail('the used code should not be accepted'),
      (error: unknown) => expect((error as { code: string }).code).toBe('OAUTH_FAILED'),
    );
    expect(redirectUri).not.toBe('');
  });
});

describe('granted scopes', () => {
  it('are recognised by name or in full, as Microsoft may write them', async () => {
    const { grantIncludes } = await import('./oauth/providers.js');
    expect(grantIncludes('Mail.Send Mail.ReadWrite', 'Mail.ReadWrite')).toBe(true);
    expect(
      grantIncludes(
        'https://graph.microsoft.com/Mail.ReadWrite https://graph.microsoft.com/Mail.Send',
        'Mail.ReadWrite',
      ),
    ).toBe(true);
    expect(grantIncludes('https://graph.microsoft.com/Mail.Send offline_access', 'Mail.ReadWrite')).toBe(false);
  });
});
