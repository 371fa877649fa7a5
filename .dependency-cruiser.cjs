// The layer picture of design/architecture.md, checked by dependency-cruiser in `npm test`
// (`npm run deps`). It reads TypeScript before compilation, so type-only imports count too.
// Layers from the bottom up: a folder of src/ may import only the folders listed before it.
const layers = [
  'core',
  'numerics',
  'physics',
  'imaging',
  'calibration',
  'kinetics',
  'dosimetry',
  'response',
  'cohort',
  'io',
  'study',
  'report',
  'demo',
  'app',
  'store',
  'cli',
  'server',
];
// Where files, processes and sockets may be touched: the adapters and the shells.
const ioFolders = ['io', 'report/output', 'demo', 'store', 'cli', 'server'];
const ioModules = '^(node:)?(fs|fs/promises|child_process|http|https|net|os)$';

const upward = layers.map((layer, i) => ({
  name: `layer-${layer}`,
  comment: `src/${layer} may import only the layers below it (design/architecture.md)`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${layers.slice(i + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'no import cycles, type-only imports included',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...upward,
    {
      name: 'demo-is-a-leaf',
      comment: 'the demo data (phantoms, demo patient) feeds only app/, the shells and tests',
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/(demo|app|cli|server)/|^src/index\\.ts$` },
      to: { path: '^src/demo/' },
    },
    {
      name: 'cli-not-server',
      comment: 'cli/ and server/ are siblings over app/: neither imports the other',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/server/' },
    },
    {
      name: 'server-not-cli',
      comment: 'cli/ and server/ are siblings over app/: neither imports the other',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'io-only-in-adapters',
      comment: `node:fs and friends only in ${ioFolders.map((f) => `src/${f}`).join(', ')}`,
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/(${ioFolders.join('|')})/` },
      to: { dependencyTypes: ['core'], path: ioModules },
    },
    {
      name: 'web-over-http',
      comment: 'web/ talks to the server over HTTP: of src/ it imports only the API types',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/', pathNot: '^src/(server|store)/api-types\\.ts$' },
    },
    {
      name: 'src-not-web',
      comment: 'the package never imports the browser UI',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^web/' },
    },
    {
      name: 'resolvable',
      severity: 'error',
      from: {},
      // The wasm codecs are loaded with createRequire from paths their packages do not export.
      to: {
        couldNotResolve: true,
        pathNot: '^@cornerstonejs/codec-(openjpeg|charls)/decodewasmjs$',
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Packages with only an "exports" map (no "main"), e.g. @echogarden/pffft-wasm, resolve too.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
