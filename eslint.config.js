// Lint rules. The layer picture (which folder may import which, where node:fs may be used, no
// cycles) is checked by dependency-cruiser: .dependency-cruiser.cjs, `npm run deps`.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'out/**',
      'demo-out/**',
      'coverage/**',
      '.bench-cache/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-cycle': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } } },
  },
  {
    // A config file cannot be in a cycle, and the plugin's resolver cannot load 'vite' (exports
    // map only): "node with invalid interface loaded as resolver".
    files: ['web/vite.config.ts'],
    rules: { 'import-x/no-cycle': 'off' },
  },
);
