// Lint: typescript-eslint's recommended rules, plus the architecture's one hard boundary:
// src/core is pure (no vscode, no Node I/O, no adapters), so the CLI, the extension and tests can all use it.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', '.cache/**', 'node_modules/**', 'test/summaryReporter.cjs', 'test/workspace/**', '**/*.mjs', 'bin/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'src/core knows nothing of the editor: use an adapter in src/vscode.' },
            ...['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process', 'path', 'node:path', 'os', 'node:os', 'worker_threads', 'node:worker_threads'].map((name) => ({
              name,
              message: 'src/core does no I/O: adapters read files and hand the core their text.',
            })),
          ],
          patterns: [{ group: ['**/vscode/**', '**/cli/**', '**/node/**'], message: 'src/core must not depend on its adapters.' }],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'src/core does not read the environment.' }, { name: 'require', message: 'use imports' }],
    },
  },
  {
    files: ['src/vscode/**/*.ts', 'src/extension.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../core/*', '!../core/index'], message: 'Adapters use the core\'s public entry (src/core/index.ts), not its deep paths.' }] }],
    },
  },
);
