/** `iodose demo`: write the bundled demo study to a folder, run it, print summary and paths. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { demoManifest } from '../study/demo-patient.ts';
import { computeAndWrite } from './run-command.ts';
import type { CliIo } from './main.ts';
import { summaryLines } from './summary.ts';

/** Writes `manifest.yaml` of the demo patient into `out` and runs it into `out/results`. */
export async function demoCommand(
  options: { out: string; pdf: boolean },
  io: CliIo,
): Promise<number> {
  const folder = resolve(options.out);
  mkdirSync(folder, { recursive: true });
  const manifestPath = join(folder, 'manifest.yaml');
  const header =
    '# iodose demo patient (synthetic, measurement level): 124I values at acquisition time.\n' +
    '# Run it yourself with: iodose run manifest.yaml --out results\n';
  writeFileSync(manifestPath, header + stringify(demoManifest()));
  io.out(`demo study written to ${manifestPath}`);
  const { results, files, notes } = await computeAndWrite(manifestPath, {
    out: join(folder, 'results'),
    pdf: options.pdf,
  });
  for (const line of summaryLines(results)) io.out(line);
  for (const note of notes) io.out(`note: ${note}`);
  for (const file of files) io.out(`report: ${file}`);
  return 0;
}
