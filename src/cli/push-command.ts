/** `iodose push URL RESULTS_DIR`: every .dcm of a run's results folder to a PACS. */
import { pushResults } from '../app/pacs/push.ts';
import { listDicomFiles } from '../io/pacs/dicom-files.ts';
import { openPacs } from '../io/pacs/pacs-node.ts';
import { parsePacsAddress } from '../io/pacs/pacs-url.ts';
import type { CliIo } from './io.ts';
import { pacsOptions, type PacsCliOptions } from './pacs-options.ts';

/** The `push` command; user errors propagate to main. */
export async function pushCommand(
  url: string,
  resultsDir: string,
  options: PacsCliOptions,
  io: CliIo,
): Promise<number> {
  const pacs = openPacs(parsePacsAddress(url), pacsOptions(options));
  const files = listDicomFiles(resultsDir);
  const started = performance.now();
  const run = await pushResults({ pacs, files });
  const seconds = (performance.now() - started) / 1000;
  const kinds = Object.entries(run.byModality)
    .map(([modality, count]) => `${count} ${modality}`)
    .join(', ');
  io.out(
    `stored ${run.stored} instances (${kinds}; ${(run.bytes / 1e6).toFixed(1)} MB) ` +
      `on ${pacs.label} in ${seconds.toFixed(1)} s`,
  );
  for (const study of run.studies) io.out(`  study ${study}`);
  return 0;
}
