// Lint: typescript-eslint's recommended rules, no import cycles, no deep imports across
// packages (a package is used through its entry point only), no `export *`.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.cache/**', 'data/**', '**/*.d.ts', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } } },
    rules: {
      'import-x/no-cycle': ['error', { maxDepth: 10, ignoreExternal: true }],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@pointer/*/*', '**/packages/*/src/**', '../../*/src/**'], message: 'Import another package through its entry point (@pointer/<name>), never its files.' }] },
      ],
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Name what you export; `export *` hides the API.' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.test.ts', 'test/**', 'bench/**', 'scripts/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
