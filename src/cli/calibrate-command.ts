/** `iodose calibrate PHANTOM --out FILE.json`: recovery curve from an IEC phantom PET scan. */
import { calibrate } from '../app/calibrate.ts';
import { outputFileSink } from '../report/output/folder-outputs.ts';
import { expectOutputFile } from '../io/manifest/path-kinds.ts';
import type { CliIo } from './io.ts';
import { calibrationLines } from './run-summary.ts';

/** Writes the recovery file and prints the sphere table; exit status 0. */
export async function calibrateCommand(
  manifestPath: string,
  options: { out: string },
  io: CliIo,
): Promise<number> {
  expectOutputFile(options.out, { field: '--out' }, 'the recovery file to write (FILE.json)');
  const sink = outputFileSink(options.out);
  const { recovery } = await calibrate(manifestPath, { sink });
  for (const line of calibrationLines(recovery, sink.written[0] ?? options.out)) io.out(line);
  return 0;
}
