/**
 * Fuzz harness for the iodose CLI (issue 7): mutated study, cohort and phantom manifests, YAML
 * edge cases and damaged demo DICOM, each run through `iodose run` / `cohort` / `calibrate` and
 * classified as ok, refused (one clear line), vague, silent (wrong or null numbers), crash or
 * hang. Cases run in-process in a worker (src/cli/main.ts) under a 60 s watchdog; a sample is
 * re-run through bin/iodose as a subprocess. Seeded: case N of seed S is always the same input.
 *
 * Usage: node --import tsx scripts/fuzz-cli.ts [--cases 600] [--seed 1] [--only KIND]
 *        [--case N] [--budget-s 1200] [--sample 10] [--work DIR] [--base DIR]
 * Not part of `npm test`. Failing cases keep their folder under --work for reproduction.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { main } from '../src/cli/main.ts';
import { demoManifest } from '../src/demo/demo-patient.ts';
import { buildCase, caseKind, type Base } from './fuzz/cases.ts';
import { startWorker, type CaseReport } from './fuzz/worker.ts';

const HANG_S = 60;
const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const argv = process.argv.slice(2);
function option(name: string, fallback: string): string {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? (argv[at + 1] ?? fallback) : fallback;
}
const seed = Number(option('seed', '1'));
const work = resolve(option('work', '/tmp/iodose-fuzz-work'));
const baseRoot = resolve(option('base', '/tmp/iodose-fuzz-base'));
const base: Base = {
  root: baseRoot,
  patientDir: join(baseRoot, 'demo', 'patient'),
  phantomDir: join(baseRoot, 'demo', 'iec-phantom'),
  recoveryPath: join(baseRoot, 'demo', 'recovery.json'),
  cohortDir: join(repo, 'examples', 'demo-cohort'),
};
const baselinePaths = {
  image: join(baseRoot, 'demo', 'results', 'results.json'),
  meas: join(baseRoot, 'meas', 'out', 'results.json'),
};

async function prepareBase(): Promise<void> {
  const quiet = { out: () => undefined, err: (line: string) => process.stderr.write(`${line}\n`) };
  if (!existsSync(baselinePaths.image)) {
    await main(['demo', '--out', join(baseRoot, 'demo'), '--no-pdf'], quiet);
  }
  if (!existsSync(baselinePaths.meas)) {
    mkdirSync(join(baseRoot, 'meas'), { recursive: true });
    writeFileSync(join(baseRoot, 'meas', 'manifest.yaml'), stringify(demoManifest()));
    const manifest = join(baseRoot, 'meas', 'manifest.yaml');
    await main(['run', manifest, '--out', join(baseRoot, 'meas', 'out'), '--no-pdf'], quiet);
  }
}

function spawnWorker(): ChildProcess {
  return fork(fileURLToPath(import.meta.url), ['--worker', ...argv], {
    execArgv: ['--import', 'tsx', '--max-old-space-size=3072'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}

/** Runs `indices` in a worker, one at a time; a hang kills the worker and starts another. */
async function runAll(indices: number[], budgetMs: number): Promise<CaseReport[]> {
  const reports: CaseReport[] = [];
  const deadline = Date.now() + budgetMs;
  let next = 0;
  while (next < indices.length && Date.now() < deadline) {
    const worker = spawnWorker();
    await new Promise<void>((done) => {
      let timer: NodeJS.Timeout | undefined;
      let current: { index: number; kind: string; label: string; args: string[] } | null = null;
      const finish = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        worker.removeAllListeners();
        worker.kill('SIGKILL');
        done();
      };
      const send = (): void => {
        if (next >= indices.length || Date.now() >= deadline) return finish();
        const index = indices[next] as number;
        next += 1;
        current = { index, kind: '?', label: '', args: [] };
        timer = setTimeout(() => {
          reports.push({
            ...current!,
            cls: 'hang',
            why: `no answer in ${HANG_S} s`,
            status: null,
            err: [],
            ms: HANG_S * 1000,
          });
          process.stdout.write('H');
          finish();
        }, HANG_S * 1000);
        worker.send({ index });
      };
      worker.on('message', (message: Record<string, unknown>) => {
        if (message['ready'] === true) return send();
        if (message['started'] === true) {
          current = message as unknown as typeof current;
          return;
        }
        if (typeof message['uncaught'] === 'string') {
          reports.push({
            ...current!,
            cls: 'crash',
            why: `uncaught: ${message['uncaught'].split('\n')[0]}`,
            status: null,
            err: [],
            ms: 0,
          });
          return;
        }
        clearTimeout(timer);
        const report = message as unknown as CaseReport;
        reports.push(report);
        process.stdout.write(
          { ok: '.', refused: '.', vague: 'v', silent: 's', crash: 'C', hang: 'H' }[report.cls],
        );
        send();
      });
      worker.on('exit', (code) => {
        if (current !== null && !reports.some((r) => r.index === current?.index)) {
          reports.push({
            ...current,
            cls: 'crash',
            why: `worker died (exit ${code})`,
            status: null,
            err: [],
            ms: 0,
          });
        }
        finish();
      });
    });
  }
  process.stdout.write('\n');
  return reports;
}

/** Re-runs a few cases through bin/iodose (a real process, 60 s timeout) and compares exits. */
function subprocessSample(reports: CaseReport[], count: number): string[] {
  const lines: string[] = [];
  const sample = reports.filter((r) => r.cls !== 'hang').slice(0, count);
  for (const report of sample) {
    const dir = join(work, `sub-${report.index}`);
    const rebuilt = buildCase(report.index, seed, dir, base);
    const run = spawnSync(join(repo, 'bin', 'iodose'), rebuilt.args, {
      timeout: HANG_S * 1000,
      encoding: 'utf8',
    });
    const status = run.status ?? (run.error !== undefined ? 'timeout' : 'signal');
    if (status !== report.status)
      lines.push(`case ${report.index}: in-process exit ${report.status}, subprocess ${status}`);
  }
  lines.push(`subprocess sample: ${sample.length} cases, ${lines.length} differ`);
  return lines;
}

async function parent(): Promise<void> {
  await prepareBase();
  mkdirSync(work, { recursive: true });
  const single = option('case', '');
  const count = Number(option('cases', '600'));
  let indices = single === '' ? Array.from({ length: count }, (_, i) => i) : [Number(single)];
  const only = option('only', '');
  if (only !== '') {
    indices = indices.filter((i) => caseKind(i, seed) === only);
  }
  const started = Date.now();
  const reports = await runAll(indices, Number(option('budget-s', '1200')) * 1000);
  const byKind = new Map<string, Map<string, number>>();
  for (const r of reports) {
    const row = byKind.get(r.kind) ?? new Map<string, number>();
    row.set(r.cls, (row.get(r.cls) ?? 0) + 1);
    byKind.set(r.kind, row);
  }
  const classes = ['ok', 'refused', 'vague', 'silent', 'crash', 'hang'];
  console.log(
    `seed ${seed}: ${reports.length} cases in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  console.log(['kind'.padEnd(10), ...classes.map((c) => c.padStart(8))].join(''));
  for (const [kind, row] of [...byKind].sort()) {
    console.log(
      [kind.padEnd(10), ...classes.map((c) => String(row.get(c) ?? 0).padStart(8))].join(''),
    );
  }
  const bad = reports.filter((r) => r.cls !== 'ok' && r.cls !== 'refused');
  for (const r of bad.sort((a, b) => a.cls.localeCompare(b.cls) || a.index - b.index)) {
    console.log(
      `[${r.cls}] #${r.index} ${r.kind}: ${r.label.slice(0, 160)} -> ${r.why}${r.err[0] !== undefined ? ` | ${r.err[0].slice(0, 300)}` : ''}`,
    );
  }
  const sample = Number(option('sample', '10'));
  if (sample > 0 && single === '')
    for (const line of subprocessSample(reports, sample)) console.log(line);
  const reportPath = join(
    work,
    single === '' ? `report-seed${seed}.json` : `report-seed${seed}-case${single}.json`,
  );
  writeFileSync(reportPath, JSON.stringify(reports, null, 1));
  console.log(`full report: ${reportPath}`);
}

if (argv.includes('--worker')) startWorker(seed, base, work, baselinePaths);
else await parent();
