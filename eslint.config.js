// Lint: type-checked typescript-eslint; no-floating-promises catches a missing await on a TurnContext call.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'data',
      'coverage',
      'dist',
      'test-results',
      'scripts/ferretdb',
      'public/vendor',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false },
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
  {
    // The hand-written baseline runs on Node: its fetch, Buffer and AbortSignal are Node's globals.
    files: ['bench/baseline/**/*.mjs'],
    languageOptions: { globals: { Buffer: 'readonly', fetch: 'readonly', AbortSignal: 'readonly' } },
  },
);
