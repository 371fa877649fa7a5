/** The measurement-level demo (`iodose demo --measurements`): the demo manifest as YAML. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { demoManifest } from './demo-patient.ts';

/** Writes `folder`/manifest.yaml (the demo patient's measured values); returns its path. */
export function writeMeasurementDemo(folder: string): string {
  mkdirSync(folder, { recursive: true });
  const manifestPath = join(folder, 'manifest.yaml');
  const header =
    '# iodose demo patient (synthetic, measurement level): 124I values at acquisition time.\n' +
    '# Run it yourself with: iodose run manifest.yaml --out results\n';
  writeFileSync(manifestPath, header + stringify(demoManifest()));
  return manifestPath;
}
