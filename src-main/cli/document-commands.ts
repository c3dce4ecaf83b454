import type { Command } from 'commander';
import type { DocumentSummary } from '../../src-shared/documents.js';
import type { CliContext } from './main.js';

function line(doc: DocumentSummary): string {
  const tags = doc.tags.length ? `  [${doc.tags.join(', ')}]` : '';
  return `${doc.id}  ${doc.addedAt.slice(0, 10)}  ${doc.title}${tags}`;
}

/** Commands on stored documents: ls, search, show, get, tag, untag, rm, restore. */
export function registerDocumentCommands(program: Command, ctx: CliContext): void {
  program
    .command('ls')
    .description('list documents, newest first')
    .option('--trash', 'list the trash instead')
    .option('--json', 'print JSON')
    .option('--limit <n>', 'at most this many', '100')
    .action((opts: { trash?: boolean; json?: boolean; limit: string }) =>
      ctx.withVault(async (vault) => {
        const docs = await vault.list({ scope: opts.trash ? 'trash' : 'library', limit: Number(opts.limit) });
        if (opts.json) ctx.out(JSON.stringify(docs, null, 2));
        else docs.forEach((d) => ctx.out(line(d)));
      }),
    );

  program
    .command('search <query>')
    .description('full-text search: words, "phrases", -exclude, tag:, type:, from:, before:, after:')
    .option('--json', 'print [{id, title, snippet, score}]')
    .option('--trash', 'search the trash')
    .option('--limit <n>', 'at most this many', '20')
    .action((query: string, opts: { json?: boolean; trash?: boolean; limit: string }) =>
      ctx.withVault(async (vault) => {
        const hits = await vault.search(query, { scope: opts.trash ? 'trash' : 'library', limit: Number(opts.limit) });
        if (opts.json) {
          ctx.out(
            JSON.stringify(
              hits.map(({ id, title, snippet, score }) => ({ id, title, snippet, score })),
              null,
              2,
            ),
          );
          return;
        }
        for (const hit of hits) {
          ctx.out(`${hit.id}  ${hit.title}`);
          ctx.out(
            `    ${hit.snippet
              .replace(/<mark>/g, '[')
              .replace(/<\/mark>/g, ']')
              .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))}`,
          );
        }
        if (hits.length === 0) ctx.err('No matches.');
      }),
    );

  program
    .command('show <id>')
    .description('metadata and text of one document')
    .option('--json', 'print JSON')
    .action((id: string, opts: { json?: boolean }) =>
      ctx.withVault(async (vault) => {
        const doc = await vault.get(id);
        if (opts.json) return ctx.out(JSON.stringify(doc, null, 2));
        ctx.out(`${doc.title}\n  id: ${doc.id}\n  file: ${doc.originalName} (${doc.mime}, ${doc.size} bytes)`);
        ctx.out(
          `  created: ${doc.createdAt}\n  added: ${doc.addedAt}${doc.deletedAt ? `\n  in trash since: ${doc.deletedAt}` : ''}`,
        );
        ctx.out(
          `  tags: ${doc.tags.join(', ') || '-'}\n  type: ${doc.type ?? '-'}\n  from: ${doc.correspondent ?? '-'}`,
        );
        if (doc.notes) ctx.out(`  notes: ${doc.notes}`);
        for (const page of doc.pages) ctx.out(`--- page ${page.pageNo} ---\n${page.text}`);
      }),
    );

  program
    .command('get <id>')
    .description('write a decrypted copy of a document')
    .requiredOption('--out <file>', 'where to write it (must not exist)')
    .action((id: string, opts: { out: string }) =>
      ctx.withVault(async (vault) => {
        await vault.saveContent(id, opts.out);
        ctx.out(`Wrote ${opts.out}`);
      }),
    );

  program
    .command('tag <id> <tags...>')
    .description('add tags to a document')
    .action((id: string, tags: string[]) => ctx.withVault((vault) => vault.tag(id, tags)));

  program
    .command('untag <id> <tags...>')
    .description('remove tags from a document')
    .action((id: string, tags: string[]) => ctx.withVault((vault) => vault.untag(id, tags)));

  program
    .command('rm <id>')
    .description('move a document to the trash')
    .action((id: string) =>
      ctx.withVault(async (vault) => (await vault.trash(id), ctx.out(`Moved ${id} to the trash.`))),
    );

  program
    .command('restore <id>')
    .description('bring a document back from the trash')
    .action((id: string) => ctx.withVault(async (vault) => (await vault.restore(id), ctx.out(`Restored ${id}.`))));
}
