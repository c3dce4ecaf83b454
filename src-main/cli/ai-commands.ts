/**
 * `lockleaf ai enable|disable|status|settings|preview|exclude`: opt-in Claude (issue 14). The API key comes
 * on standard input only (`--key-stdin`), never as an argument (it would show in the process list), and is
 * never printed; `status` says only whether one is set. Asking Claude is `lockleaf classify ID --ai`.
 */
import type { Command } from 'commander';
import { LockleafError } from '../errors.js';
import { disableAi, enableAi, readAiConfig, setAiExcluded, updateAiSettings, type AiStatus } from '../ai/ai-config.js';
import { drainAiQueue } from '../ai/ask-claude.js';
import { defaultBaseUrl } from '../ai/claude-client.js';
import { previewAiRequest } from '../ai/prepare.js';
import type { CliContext } from './main.js';

function describeStatus(status: AiStatus): string[] {
  const s = status.settings;
  return [
    `Claude: ${status.enabled ? 'on' : 'off'}${status.hasKey ? ' (API key set)' : ''}`,
    `model: ${s.model}`,
    `text budget: ${s.budgetChars} characters per document (head and tail)`,
    `never sent: documents tagged ${s.excludedTags.length ? s.excludedTags.map((t) => `"${t}"`).join(', ') : '(no tags)'}, and those marked with lockleaf ai exclude`,
    `redaction: IBANs, card numbers, ID and passport numbers, e-mail addresses, phone numbers${s.patterns.length ? `, and ${s.patterns.length} pattern(s) of yours: ${s.patterns.join('  ')}` : ''}`,
    ...(status.queued ? [`queued: ${status.queued} request(s) waiting to be sent`] : []),
  ];
}

function budgetOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n))
    throw new LockleafError('INVALID_INPUT', `--budget must be a whole number of characters, not "${value}".`);
  return n;
}

export function registerAiCommands(program: Command, ctx: CliContext): void {
  const ai = program.command('ai').description('opt-in suggestions from Claude, on redacted text only');

  ai.command('enable')
    .description('switch Claude on for this vault with your Anthropic API key (read from standard input)')
    .option('--key-stdin', 'read the API key from standard input')
    .option('--model <id>', 'the Claude model to ask')
    .action((opts: { keyStdin?: boolean; model?: string }) =>
      ctx.withVault(async (vault) => {
        if (!opts.keyStdin) {
          throw new LockleafError(
            'INVALID_INPUT',
            `Give the API key on standard input with --key-stdin, e.g. printf '%s' "$ANTHROPIC_KEY" | lockleaf ai enable --key-stdin (never as an argument: it would show in the process list).`,
          );
        }
        const key = (await ctx.stdin()).trim();
        if (!key)
          throw new LockleafError('INVALID_INPUT', 'No API key arrived on standard input. Nothing was changed.');
        const status = await enableAi(vault, key, opts.model ? { model: opts.model } : {});
        for (const line of describeStatus(status)) ctx.out(line);
        ctx.out('Only the text you ask about is sent, redacted; see it first with lockleaf ai preview ID.');
      }),
    );

  ai.command('disable')
    .description('switch Claude off and forget the API key (queued requests are dropped)')
    .action(() =>
      ctx.withVault(async (vault) => {
        await disableAi(vault);
        ctx.out('Claude: off. The API key was deleted from this vault.');
      }),
    );

  ai.command('status')
    .description('whether Claude is on, with which model and privacy settings')
    .option('--json', 'as JSON')
    .action((opts: { json?: boolean }) =>
      ctx.withVault(async (vault) => {
        const status = await readAiConfig(vault);
        if (opts.json) ctx.out(JSON.stringify(status, null, 2));
        else for (const line of describeStatus(status)) ctx.out(line);
      }),
    );

  ai.command('settings')
    .description('change the model, the text budget, the tags never sent, and your redaction patterns')
    .option('--model <id>', 'the Claude model to ask')
    .option('--budget <chars>', 'characters of text sent per document (500–100000)')
    .option('--exclude-tag <tag...>', 'never send documents with these tags')
    .option('--include-tag <tag...>', 'take these tags off the never-send list')
    .option('--pattern <regex...>', 'also redact what these regular expressions match (as [REDACTED])')
    .option('--clear-patterns', 'remove your redaction patterns (before adding any --pattern)')
    .action(
      (opts: {
        model?: string;
        budget?: string;
        excludeTag?: string[];
        includeTag?: string[];
        pattern?: string[];
        clearPatterns?: boolean;
      }) =>
        ctx.withVault(async (vault) => {
          const current = await readAiConfig(vault);
          const patterns =
            opts.pattern || opts.clearPatterns
              ? [...(opts.clearPatterns ? [] : current.settings.patterns), ...(opts.pattern ?? [])]
              : undefined;
          const status = await updateAiSettings(vault, {
            ...(opts.model !== undefined ? { model: opts.model } : {}),
            ...(opts.budget !== undefined ? { budgetChars: budgetOf(opts.budget) } : {}),
            ...(opts.excludeTag ? { excludeTags: opts.excludeTag } : {}),
            ...(opts.includeTag ? { includeTags: opts.includeTag } : {}),
            ...(patterns ? { patterns } : {}),
          });
          for (const line of describeStatus(status)) ctx.out(line);
        }),
    );

  ai.command('preview <id>')
    .description('exactly what would be sent to Claude for a document (nothing is sent)')
    .option('--json', 'as JSON')
    .action((id: string, opts: { json?: boolean }) =>
      ctx.withVault(async (vault) => {
        const preview = await previewAiRequest(vault, id);
        if (opts.json) return ctx.out(JSON.stringify(preview, null, 2));
        ctx.out(`--- system (model ${preview.model}) ---`);
        ctx.out(preview.system);
        ctx.out('--- message ---');
        ctx.out(preview.text);
        ctx.out('---');
        const redacted = Object.entries(preview.redactions)
          .filter(([, n]) => n > 0)
          .map(([kind, n]) => `${kind} ${n}`);
        ctx.err(
          `${preview.chars} characters, SHA-256 ${preview.sha256}; redacted: ${redacted.join(', ') || 'nothing'}` +
            (preview.omitted ? `; ${preview.omitted} characters of the middle left out` : ''),
        );
      }),
    );

  ai.command('drain')
    .description('send the requests that waited (offline, rate-limited) now, where they are due')
    .action(() =>
      ctx.withVault(async (vault) => {
        const report = await drainAiQueue(vault, {
          baseURL: defaultBaseUrl(ctx.env),
          onProgress: (done, total) => ctx.err(`sent ${done}/${total}`),
        });
        ctx.out(`${report.sent} sent to Claude; ${report.waiting} still waiting.`);
        for (const d of report.dropped) ctx.out(`${d.id}: not sent, ${d.message} [${d.code}]`);
      }),
    );

  ai.command('exclude <ids...>')
    .description('mark documents "never send to AI" (--undo to allow them again)')
    .option('--undo', 'allow these documents to be sent again')
    .action((ids: string[], opts: { undo?: boolean }) =>
      ctx.withVault(async (vault) => {
        await setAiExcluded(vault, ids, !opts.undo);
        ctx.out(
          `${ids.length} document(s) ${opts.undo ? 'may be sent to Claude again' : 'will never be sent to Claude'}.`,
        );
      }),
    );
}
