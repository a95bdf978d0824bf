// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import petsage from './tools/lint/no-invisible-characters.js';

export default tseslint.config(
  // Staging folders of an interrupted builder write (docs/builder.md) are not sources.
  { ignores: ['dist/', 'coverage/', 'node_modules/', '.petsage-staging-*/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Fastify plugins are async by contract even when they await nothing.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Trojan Source (CVE-2021-42574): nothing invisible or bidirectional in any source, strings and comments too.
    plugins: { petsage },
    rules: { 'petsage/no-invisible-characters': 'error', 'unicode-bom': ['error', 'never'] },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
