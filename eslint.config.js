import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // Only the composition root, IPC registration, the Electron adapters (safeStorage, the save
    // dialog) and the preload may load electron at runtime; everything else uses `import type`.
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    ignores: ['electron/main/index.ts', 'electron/main/ipc/register-ipc.ts', 'electron/main/platform/safe-storage-cipher.ts', 'electron/main/platform/save-dialog.ts', 'electron/preload/index.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Use `import type` here; only the thin shell loads electron.', allowTypeImports: true }] },
      ],
    },
  },
  {
    // ipc/ is a door: it calls the services, and nothing outside it calls back in.
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}', 'bench/**/*.ts'],
    ignores: ['electron/main/ipc/**', 'electron/main/index.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)main/ipc/|^\\.\\.?/(\\.\\./)*ipc/', message: 'Only ipc/ and the composition root use the IPC doors; call the app services (app-services.ts).' }] }],
    },
  },
  {
    // Tokens and credentials live in memory only: the signer and the credential subsystem never
    // touch a file or the store (profiles.ts reads the AWS files, and only those).
    files: ['electron/main/iam-token/signer.ts', 'electron/main/credentials/**/*.ts'],
    ignores: ['electron/main/credentials/profiles.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['node:fs', 'fs', 'node:fs/promises', 'fs/promises', 'electron-store', 'conf'].map((name) => ({ name, message: 'Tokens and credentials are kept in memory only.' })),
        },
      ],
    },
  },
  {
    files: ['test/**/*.{ts,tsx,mjs}', 'scripts/**/*.{ts,mjs}', '*.config.{ts,js}'],
    rules: { 'no-console': 'off' },
  },
);
