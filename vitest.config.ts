import { defineConfig } from 'vitest/config';

// CI (.ci/run) sets IODOSE_VITEST_JSON to get a JSON report it turns into "N passed, N failed".
const jsonReport = process.env['IODOSE_VITEST_JSON'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-build.ts', 'test/global-tmp.ts'],
    testTimeout: 60_000,
    // Set-up hooks write whole DICOM phantoms; on a loaded 2-core machine they exceed the 10 s default.
    hookTimeout: 120_000,
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
  },
});
