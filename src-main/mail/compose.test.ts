import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { tempVault } from '../vault/test-support.js';
import { composeMessage, estimateMessageSize } from './compose.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

describe('message size estimate', () => {
  it('is never below the composed size and within 2% of it', async () => {
    const t = await tempVault();
    cleanup = t.cleanup;
    for (const sizes of [[10], [300_000], [2_000_000, 750_001, 17]]) {
      const docs = [];
      for (const [i, n] of sizes.entries())
        docs.push({
          ...(await t.vault.add({ bytes: randomBytes(n), name: `doc ${i} with a long name.pdf` })),
          size: n,
          name: `doc ${i} with a long name.pdf`,
        });
      const input = {
        to: ['someone@example.org', 'other@example.org'],
        subject: 'Ein Vertrag – signed',
        body: 'Please find attached.\nThanks.',
      };
      const { raw } = await composeMessage(t.vault, {
        ...input,
        from: 'me@example.org',
        documentIds: docs.map((d) => d.id),
        messageId: '<x@example.org>',
      });
      const estimate = estimateMessageSize({
        ...input,
        attachments: docs.map((d) => ({ name: d.name, size: d.size })),
      });
      expect(estimate).toBeGreaterThanOrEqual(raw.length);
      if (raw.length > 100_000) expect(estimate).toBeLessThanOrEqual(raw.length * 1.02);
    }
  });
});
