/** `lockleaf classify --ai`: Claude's suggestion for one document, or why it was not asked. */
import { askClaude } from '../ai/ask-claude.js';
import type { Vault } from '../vault/vault.js';
import type { CliContext } from './main.js';

export async function askForSuggestions(ctx: CliContext, vault: Vault, id: string): Promise<void> {
  const result = await askClaude(vault, id);
  if (result.status === 'queued')
    ctx.err(`${id}: queued for Claude (${result.reason}); \`lockleaf ai drain\` sends it.`);
}
