// Lint rules, including the layer picture of design/architecture.md: each src/ folder may import
// only from the folders below it, and domain folders do no I/O (no node:fs, node:child_process).
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

/** Layers from the bottom up; a layer may import only the layers listed before it. */
const layers = [
  'core',
  'numerics',
  'physics',
  'imaging',
  'calibration',
  'kinetics',
  'dosimetry',
  'cohort',
  'dicom',
  'phantom',
  'study',
  'report',
  'store',
  'cli',
  'server',
];
const domain = new Set([
  'core',
  'numerics',
  'physics',
  'imaging',
  'calibration',
  'kinetics',
  'dosimetry',
  'cohort',
]);
const ioModules = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'child_process',
  'node:child_process',
  'http',
  'node:http',
  'net',
  'node:net',
];

const layerConfigs = layers.map((layer, i) => {
  const above = layers.slice(i + 1);
  const patterns = above.map((name) => ({
    group: [`../${name}/*`, `../../${name}/*`, `../${name}`],
    message: `src/${layer} sits below src/${name} (design/architecture.md): invert the dependency.`,
  }));
  const paths = domain.has(layer)
    ? ioModules.map((name) => ({
        name,
        message: `src/${layer} is a domain layer and does no I/O: pass data in from an adapter.`,
      }))
    : [];
  return {
    files: [`src/${layer}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns, paths }] },
  };
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'demo-out/**', 'coverage/**'] },
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
  ...layerConfigs,
);
