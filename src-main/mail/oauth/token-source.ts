/**
 * Access tokens for an OAuth mailbox: reuse the stored one while it is fresh,
 * otherwise refresh. A refresh token the provider rotates is saved in the same
 * transaction as the new access token, before it is used, so a crash can
 * never leave only the old (now invalid) one on disk. `invalid_grant` means
 * the user revoked access: the mailbox is marked and sends stop.
 */
import * as oidc from 'openid-client';
import type { Logger } from '../../log/logger.js';
import type { VaultStore } from '../../vault/vault-store.js';
import { mailboxById, setMailboxStatus, setOAuthSettings, type MailboxRecord } from '../mailbox-repo.js';
import { MailSendError, transient } from '../send-error.js';
import { grantOf, oauthConfiguration, type TokenGrant } from './oauth-client.js';
import type { OAuthProvider } from './providers.js';

/** Refresh this long before the stated expiry, so a token never dies mid-request. */
const EARLY_MS = 60_000;

export async function storeGrant(ctx: VaultStore, mailboxId: string, grant: TokenGrant, scope: string): Promise<void> {
  await ctx.db.write(async (tx) => {
    await ctx.putSecret(tx, mailboxId, 'access_token', grant.accessToken);
    if (grant.refreshToken) await ctx.putSecret(tx, mailboxId, 'refresh_token', grant.refreshToken);
    await setOAuthSettings(tx, mailboxId, {
      scope: grant.scope ?? scope,
      ...(grant.expiresAt ? { accessTokenExpiresAt: grant.expiresAt } : {}),
    });
  });
}

export class TokenSource {
  private refreshing: Promise<string> | undefined;

  constructor(
    private readonly ctx: VaultStore,
    private readonly mailboxId: string,
    private readonly provider: OAuthProvider,
    private readonly label: string,
    private readonly log: Logger,
  ) {}

  private async record(): Promise<Extract<MailboxRecord, { kind: 'gmail' | 'microsoft' }>> {
    const record = await mailboxById(this.ctx.db.read, this.mailboxId);
    if (!record || record.kind === 'smtp')
      throw new MailSendError('MAILBOX_NOT_FOUND', 'The mailbox was removed.', true);
    return record;
  }

  async accessToken(forceRefresh = false): Promise<string> {
    const record = await this.record();
    if (record.status === 'auth_revoked') {
      throw new MailSendError(
        'MAIL_AUTH_REVOKED',
        `Access to ${record.name} was revoked; connect the mailbox again.`,
        true,
      );
    }
    const expiresAt = record.settings.accessTokenExpiresAt ?? 0;
    if (!forceRefresh && expiresAt - EARLY_MS > Date.now()) {
      const token = await this.ctx.getSecret(this.mailboxId, 'access_token');
      if (token) return token;
    }
    // One refresh at a time: two parallel refreshes could race a rotating refresh token.
    this.refreshing ??= this.refresh(record).finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async refresh(record: MailboxRecord): Promise<string> {
    const refreshToken = await this.ctx.getSecret(this.mailboxId, 'refresh_token');
    if (!refreshToken)
      throw new MailSendError('MAIL_AUTH_REVOKED', `${record.name} has no stored sign-in; connect it again.`, true);
    const config = oauthConfiguration(this.provider, this.label);
    let grant: TokenGrant;
    try {
      grant = grantOf(await oidc.refreshTokenGrant(config, refreshToken));
    } catch (error) {
      if (error instanceof oidc.ResponseBodyError && error.error === 'invalid_grant') {
        await this.ctx.db.write((tx) => setMailboxStatus(tx, this.mailboxId, 'auth_revoked'));
        await this.ctx.audit('mailbox.auth_revoked', { mailbox: record.name });
        this.log.warn({ mailbox: record.name }, 'refresh token was rejected (invalid_grant); mailbox marked revoked');
        throw new MailSendError(
          'MAIL_AUTH_REVOKED',
          `${this.label} says access for ${record.name} was revoked or expired; connect the mailbox again.`,
          true,
          undefined,
          { cause: error },
        );
      }
      throw transient(`Could not refresh the ${this.label} sign-in right now; will retry.`, undefined, error);
    }
    // A refresh that names no scopes keeps the ones the mailbox was granted at sign-in.
    await storeGrant(this.ctx, this.mailboxId, grant, record.kind === 'smtp' ? '' : record.settings.scope);
    if (grant.refreshToken && grant.refreshToken !== refreshToken)
      this.log.debug({ mailbox: record.name }, 'refresh token rotated and saved');
    return grant.accessToken;
  }
}
