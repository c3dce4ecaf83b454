// Layering (VS Code style), enforced here:
//   src-shared   imports nothing process-specific: no node:, no electron, no DOM, no other layer
//   src-renderer never imports main or preload code, node builtins or electron
//   src-main     imports electron only inside src-main/shell (the thin shell)
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import globals from 'globals';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const layer = (patterns, message) => ({ group: patterns, message });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'e2e/artifacts/**', 'coverage/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['bin/**', 'bench/**', 'e2e/**', 'scripts/**', '*.config.*'], languageOptions: { globals: globals.node } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      // Not even types: the bridge's tables live here and main is checked against them.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...[...nodeBuiltins, 'electron'].map((name) => ({
              name,
              message: 'src-shared runs in every process: no node or electron.',
            })),
            {
              name: '@anthropic-ai/sdk',
              message: 'Claude is called from main only (src-main/ai), never with the key elsewhere.',
            },
          ],
          patterns: [
            layer(
              ['**/src-main/**', '**/src-preload/**', '**/src-renderer/**'],
              'src-shared imports no other layer, not even its types.',
            ),
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'process', 'Buffer'],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...[...nodeBuiltins, 'electron'].map((name) => ({
              name,
              message: 'The renderer is sandboxed: talk to main through window.lockleaf.',
            })),
            {
              name: '@anthropic-ai/sdk',
              message: 'Claude is called from main only (src-main/ai): ask through the bridge.',
            },
          ],
          patterns: [
            layer(['**/src-main/**', '**/src-preload/**'], 'The renderer never imports main or preload code.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/shell/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only src-main/shell imports electron; everything else must run in plain Node.',
            },
          ],
          patterns: [
            layer(['**/src-renderer/**', '**/src-preload/**'], 'Main code does not import renderer or preload code.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src-preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'zod',
              message:
                'The sandboxed preload bundles nothing heavy: channel names only (src-shared/bridge/channels.ts).',
            },
          ],
          patterns: [
            layer(
              ['**/src-main/**', '**/src-renderer/**', '**/bridge/schemas*'],
              'The preload imports only electron and the shared bridge builder.',
            ),
          ],
        },
      ],
    },
  },
  {
    // Services outside the vault use Vault.store (no keys); Vault.context is for the vault's own modules and tests.
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/vault/**', 'src-main/**/*.test.ts', 'src-main/**/test-*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        {
          selector: "MemberExpression[property.name='context'][object.name='vault']",
          message: 'Use vault.store: Vault.context (keys included) is for the vault itself and tests.',
        },
        {
          selector: "MemberExpression[property.name='context'][object.property.name='vault']",
          message: 'Use vault.store: Vault.context (keys included) is for the vault itself and tests.',
        },
      ],
    },
  },
  {
    // Ambient declarations for untyped packages mirror their default export.
    files: ['**/*.config.{ts,js}', 'eslint.config.js', 'src-main/types/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
