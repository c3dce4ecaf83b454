/**
 * Per-view tokens for the document protocol: the desktop analogue of expiring
 * signed URLs. A token names one document, is unguessable, and stops working
 * after 15 minutes or when the vault locks.
 */
import { randomBytes } from 'node:crypto';

export const VIEW_TOKEN_TTL_MS = 15 * 60 * 1000;

export class ViewTokens {
  private readonly tokens = new Map<string, { documentId: string; expires: number; archive: boolean }>();

  constructor(
    private readonly ttlMs = VIEW_TOKEN_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  issue(documentId: string, options: { archive?: boolean } = {}): string {
    this.prune();
    const token = randomBytes(32).toString('base64url');
    this.tokens.set(token, { documentId, expires: this.now() + this.ttlMs, archive: Boolean(options.archive) });
    return token;
  }

  resolve(token: string): { documentId: string; archive: boolean } | undefined {
    const entry = this.tokens.get(token);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.tokens.delete(token);
      return undefined;
    }
    return { documentId: entry.documentId, archive: entry.archive };
  }

  clear(): void {
    this.tokens.clear();
  }

  private prune(): void {
    const now = this.now();
    for (const [token, entry] of this.tokens) if (entry.expires <= now) this.tokens.delete(token);
  }
}
