/**
 * The iodose command line: thin commands over study/report. User errors end with one line on
 * stderr naming file and field, exit status 2; internal errors print a stack and exit 3.
 */
import { Command, CommanderError } from 'commander';
import { isUserError } from '../core/errors.ts';
import { IODOSE_VERSION } from '../core/version.ts';
// Each command's module is imported inside its action, so that `iodose --version`, `--help` and
// a mistyped command load only commander and this file (~0.1 s instead of ~0.85 s with every
// command's dependencies: zod, yaml, dcmjs, the codecs, the physics tables).
import type { DemoOptions } from './demo-command.ts';
import type { FdgOptions } from './fdg-command.ts';
import type { CliIo } from './io.ts';
import type { PacsCliOptions } from './pacs-options.ts';
import type { PullCommandOptions } from './pull-command.ts';

export type { CliIo } from './io.ts';

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Commander's collector of a repeated option. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit status. */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const program = new Command('iodose')
    .description('Pre-therapeutic 124I -> 131I dosimetry for thyroid cancer (RESET method).')
    .version(IODOSE_VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text.trimEnd()),
      writeErr: (text) => io.err(text.trimEnd()),
    });
  let status = 0;
  program
    .command('run')
    .description(
      'compute a study: MANIFEST (YAML or JSON) -> results.json, report.html, report.pdf',
    )
    .argument('<manifest>', 'study manifest (iodose: 1)')
    .requiredOption('-o, --out <dir>', 'output folder')
    .option('--no-pdf', 'do not render report.pdf even when Chromium is installed')
    .action(async (manifest: string, options: { out: string; pdf: boolean }) => {
      const { runCommand } = await import('./run-command.ts');
      status = await runCommand(manifest, options, io);
    });
  program
    .command('export')
    .description('export a study for other programs: MANIFEST -> the lesion VOIs as DICOM SEG')
    .argument('<manifest>', 'study manifest (iodose: 1) with scans and lesion seeds')
    .requiredOption('-o, --out <dir>', 'output folder')
    .action(async (manifest: string, options: { out: string }) => {
      const { exportCommand } = await import('./export-command.ts');
      status = await exportCommand(manifest, options, io);
    });
  program
    .command('calibrate')
    .description('recovery curve from an IEC phantom PET scan: PHANTOM manifest -> FILE.json')
    .argument('<phantom>', 'phantom manifest (iodose-phantom: 1)')
    .requiredOption('-o, --out <file>', 'recovery curve file to write (JSON)')
    .action(async (phantom: string, options: { out: string }) => {
      const { calibrateCommand } = await import('./calibrate-command.ts');
      status = await calibrateCommand(phantom, options, io);
    });
  program
    .command('cohort')
    .description(
      'trial statistics over patients and timepoints: COHORT manifest -> cohort.json, cohort.html, CSV',
    )
    .argument('<cohort>', 'cohort manifest (iodose-cohort: 1)')
    .requiredOption('-o, --out <dir>', 'output folder')
    .action(async (cohort: string, options: { out: string }) => {
      const { cohortCommand } = await import('./cohort-command.ts');
      status = await cohortCommand(cohort, options, io);
    });
  program
    .command('pull')
    .description(
      'fetch studies from a PACS: one folder per series and series.json (PET/CT sessions)',
    )
    .argument('<url>', 'DICOMweb root (http://host:port/dicom-web) or dicom://AET@host:port')
    .option('--study <uid>', 'Study Instance UID (required; repeat for more studies)', collect, [])
    .requiredOption('-o, --out <dir>', 'new (or empty) folder to write')
    .option('--aet <title>', 'calling AE title (DIMSE)')
    .option('--timeout <s>', 'seconds before a PACS request is given up (default 120)')
    .action(async (url: string, options: PullCommandOptions) => {
      const { pullCommand } = await import('./pull-command.ts');
      status = await pullCommand(url, options, io);
    });
  program
    .command('push')
    .description('store the DICOM results of a run (SEG, RT Dose, ...) on a PACS')
    .argument('<url>', 'DICOMweb root (http://host:port/dicom-web) or dicom://AET@host:port')
    .argument('<results>', 'results folder (every .dcm below it is sent)')
    .option('--aet <title>', 'calling AE title (DIMSE)')
    .option('--timeout <s>', 'seconds before a PACS request is given up (default 120)')
    .action(async (url: string, results: string, options: PacsCliOptions) => {
      const { pushCommand } = await import('./push-command.ts');
      status = await pushCommand(url, results, options, io);
    });
  program
    // Listed here for `iodose --help`; bin/iodose runs it (dist/server) before this CLI loads.
    .command('serve')
    .description('serve the web app and its API on 127.0.0.1 (iodose serve --help)')
    .allowUnknownOption()
    .helpOption(false)
    .argument('[args...]')
    .action(() => {
      io.err('iodose serve: start it through bin/iodose (`iodose serve`), not the CLI module');
      status = 2;
    });
  program
    .command('fdg-activity')
    .description('FDG activity of the seed paper: k (weight / 75 kg)^2 / minutes per bed')
    .requiredOption('--weight <kg>', 'patient weight, kg')
    .requiredOption('--minutes-per-bed <min>', 'emission time per bed position, min')
    .option('--scanner <id>', 'philips-vereos (k 379) or ge-omni-legend (k 132)')
    .option('--k <MBq min/bed>', 'the scanner constant, instead of --scanner')
    .action(async (options: FdgOptions) => {
      const { fdgCommand } = await import('./fdg-command.ts');
      status = fdgCommand(options, io);
    });
  program
    .command('demo')
    .description(
      'write the bundled demo (IEC phantom + patient as DICOM) to a folder, calibrate, run, summarise',
    )
    .option(
      '-o, --out <dir>',
      'output folder (default: iodose-demo; with --cohort: iodose-demo-cohort)',
    )
    .option('--no-pdf', 'do not render report.pdf even when Chromium is installed')
    .option('--measurements', 'the measurement-level demo (values only, no images)', false)
    .option('--cohort', 'the 9-patient demo cohort with FDG PETs (PERCIST response)', false)
    .action(async (options: DemoOptions) => {
      const { demoCommand } = await import('./demo-command.ts');
      status = await demoCommand(options, io);
    });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isUserError(error)) {
      io.err(`iodose: ${error.message}`);
      return 2;
    }
    io.err(`iodose: internal error (please report): ${String(error)}`);
    if (error instanceof Error && error.stack !== undefined) io.err(error.stack);
    return 3;
  }
}
