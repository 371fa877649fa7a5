/** `iodose export MANIFEST --out DIR`: the export use case (the lesion VOIs as DICOM SEG). */
import { exportStudy } from '../app/export.ts';
import { folderOutputs } from '../report/output/folder-outputs.ts';
import type { CliIo } from './io.ts';

/** Options of `iodose export`. */
export interface ExportCommandOptions {
  out: string;
}

/** The `export` command: one SEG file per scan into `options.out` as one output set. */
export async function exportCommand(
  manifestPath: string,
  options: ExportCommandOptions,
  io: CliIo,
): Promise<number> {
  const { files } = await folderOutputs().set(
    options.out,
    'a folder for the exported files',
    (sink) => exportStudy({ manifestPath }, { sink, format: 'seg' }),
  );
  for (const file of files) io.out(`wrote ${file}`);
  return 0;
}
