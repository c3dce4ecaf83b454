/** The process layering is a lint rule; this checks the rule really fires. */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });
async function errors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('layering', () => {
  it('keeps electron in the shell', async () => {
    expect(await errors('src-main/vault/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toContain(
      'no-restricted-imports',
    );
    expect(await errors('src-main/shell/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });
  it('keeps node and DOM out of src-shared, and main out of the renderer', async () => {
    expect(
      await errors('src-shared/x.ts', "import { readFile } from 'node:fs';\nexport const r = readFile;\n"),
    ).toContain('@typescript-eslint/no-restricted-imports');
    expect(await errors('src-shared/x.ts', 'export const w = window;\n')).toContain('no-restricted-globals');
    expect(
      await errors(
        'src-renderer/x.ts',
        "import { openVault } from '../src-main/vault/open-vault.js';\nexport const o = openVault;\n",
      ),
    ).toContain('@typescript-eslint/no-restricted-imports');
    // Not even a type: the bridge contract no longer depends on main.
    expect(
      await errors(
        'src-shared/x.ts',
        "import type { Handlers } from '../src-main/ipc/handlers.js';\nexport type H = Handlers;\n",
      ),
    ).toContain('@typescript-eslint/no-restricted-imports');
  });
  it('keeps the Anthropic SDK (and so the API key) in main', async () => {
    const code = "import { Anthropic } from '@anthropic-ai/sdk';\nexport const A = Anthropic;\n";
    expect(await errors('src-renderer/x.ts', code)).toContain('@typescript-eslint/no-restricted-imports');
    expect(await errors('src-shared/x.ts', code)).toContain('@typescript-eslint/no-restricted-imports');
    expect(await errors('src-main/ai/x.ts', code)).toEqual([]);
  });
  it("keeps the vault's keys inside the vault: services use vault.store, not vault.context", async () => {
    const code =
      "import type { Vault } from '../vault/vault.js';\nexport const f = (vault: Vault) => vault.context.keyring;\n";
    expect(await errors('src-main/mail/x.ts', code)).toContain('no-restricted-syntax');
    expect(await errors('src-main/vault/x.ts', code)).toEqual([]);
    expect(await errors('src-main/mail/x.test.ts', code)).toEqual([]);
  });
});
