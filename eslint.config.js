// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Layer boundaries of DESIGN §2, enforced: domain/ is pure, modules talk to each other only through services. */
const restricted = (patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['node_modules', 'web/dist', 'data', 'dist', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { ecmaVersion: 2023, sourceType: 'module' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    ignores: ['src/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restricted([
        {
          group: ['**/db/**', '**/modules/**', '**/http/**', '**/importers/**', '**/cli/**'],
          message: 'domain/ is pure: no I/O layers',
        },
        {
          group: ['node:fs', 'node:fs/*', 'fs', 'node:net', 'node:http', 'pg', 'better-sqlite3', 'kysely'],
          message: 'domain/ does no I/O',
        },
      ]),
    },
  },
  {
    files: ['src/modules/*/*.ts'],
    rules: {
      'no-restricted-imports': restricted([
        { group: ['../*/*.repository.ts'], message: 'a module reaches another only through its service' },
      ]),
    },
  },
  {
    files: ['src/importers/**/*.ts'],
    rules: {
      'no-restricted-imports': restricted([
        { group: ['**/modules/**', '**/db/**', '**/http/**'], message: 'importers only parse' },
      ]),
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restricted([
        {
          group: ['**/src/db/**', '**/src/modules/**', '**/src/http/**', '**/src/importers/**'],
          message: 'the browser may use pure domain rules only',
        },
      ]),
    },
  },
);
