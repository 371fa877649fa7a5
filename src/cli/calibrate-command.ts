/** `iodose calibrate PHANTOM --out FILE.json`: recovery curve from an IEC phantom PET scan. */
import { resolve } from 'node:path';
import { writeOutputFile } from '../report/output/output-file.ts';
import { expectOutputFile } from '../io/manifest/path-kinds.ts';
import { runCalibration } from '../app/calibrate.ts';
import type { CliIo } from './io.ts';
import { sig3 } from './summary.ts';

/** Writes the recovery file and prints the sphere table; exit status 0. */
export function calibrateCommand(
  manifestPath: string,
  options: { out: string },
  io: CliIo,
): number {
  expectOutputFile(options.out, { field: '--out' }, 'the recovery file to write (FILE.json)');
  const file = runCalibration(manifestPath, new Date().toISOString());
  const petFolder = file.provenance['petFolder'];
  const out = writeOutputFile(options.out, `${JSON.stringify(file, null, 2)}\n`, [
    { path: resolve(manifestPath), what: 'the phantom manifest' },
    ...(typeof petFolder === 'string' ? [{ path: petFolder, what: 'the phantom PET folder' }] : []),
  ]);
  const c = file.curve;
  io.out(
    `RC(V) = ${sig3(c.plateau)} / (1 + (${sig3(c.halfVolumeMl)} mL / V)^${sig3(c.slope)}), ` +
      `calibrated ${sig3(c.rangeMl[0])}-${sig3(c.rangeMl[1])} mL, rms residual ${sig3(c.rmsResidual)}`,
  );
  io.out('  d mm    V mL    RC meas  RC fit');
  for (const point of c.points) {
    const sphere = file.spheres.find((s) => s['volumeMl'] === point.volumeMl);
    const d = typeof sphere?.['diameterMm'] === 'number' ? sphere['diameterMm'] : NaN;
    io.out(
      `${sig3(d).padStart(6)}  ${sig3(point.volumeMl).padStart(6)}  ${sig3(point.recoveryCoefficient).padStart(8)}  ${sig3(point.fittedRc).padStart(6)}`,
    );
  }
  for (const warning of file.warnings) io.out(`warning: ${warning}`);
  io.out(`wrote ${out}`);
  return 0;
}
