/**
 * The fuzz worker: runs cases in this process (src/cli/main.ts `main`) as the parent asks, one
 * at a time, and reports each outcome. The parent's watchdog kills it when a case hangs.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { buildCase, type Base, type FuzzCase } from './cases.ts';
import {
  checkResults,
  classifyRefusal,
  largestChange,
  numericPaths,
  type Outcome,
} from './classify.ts';

export interface CaseReport extends Outcome {
  index: number;
  kind: string;
  label: string;
  args: string[];
  status: number | null;
  err: string[];
  ms: number;
  change?: number;
}

type Json = Parameters<typeof checkResults>[0];

/** An extreme value that should have been refused (a seed coordinate of 1e-300 mm is just 0). */
const EXTREME = /^extreme (?!.*seeds).* = (1e-300|1e\+308|-1e\+308|1e\+20|Infinity|-Infinity|NaN)$/;

function readJson(path: string): Json {
  return JSON.parse(readFileSync(path, 'utf8')) as Json;
}

async function runOne(
  fuzzCase: FuzzCase,
  baselines: Record<'meas' | 'image', Json>,
  numeric: Set<string>,
): Promise<Omit<CaseReport, 'index' | 'kind' | 'label' | 'args' | 'ms'>> {
  const out: string[] = [];
  const err: string[] = [];
  let status: number;
  try {
    status = await main(fuzzCase.args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  } catch (error) {
    return {
      cls: 'crash',
      why: `threw ${String(error)}`,
      status: null,
      err: [String((error as Error).stack)],
    };
  }
  const errShort = err.map((line) => (line.length > 400 ? `${line.slice(0, 400)}...` : line));
  if (status === 2) return { ...classifyRefusal(err), status, err: errShort };
  if (status !== 0)
    return { cls: 'crash', why: `exit ${status}`, status, err: errShort.slice(0, 6) };
  if (fuzzCase.label.split('; ').some((part) => EXTREME.test(part))) {
    return { cls: 'silent', why: 'an extreme value was accepted', status, err: errShort };
  }
  if (fuzzCase.resultsPath === null || !existsSync(fuzzCase.resultsPath)) {
    return { cls: 'ok', why: '', status, err: errShort };
  }
  const results = readJson(fuzzCase.resultsPath);
  const checked = checkResults(results, numeric);
  const change =
    fuzzCase.baseline === null ? undefined : largestChange(results, baselines[fuzzCase.baseline]);
  if (checked.cls !== 'ok')
    return { ...checked, status, err: errShort, ...(change === undefined ? {} : { change }) };
  if (fuzzCase.dicomHeaderDamage === true && change !== undefined && change > 0.01) {
    return {
      cls: 'silent',
      why: `header-only DICOM damage changed a lesion by ${(change * 100).toFixed(1)}%`,
      status,
      err: errShort,
      change,
    };
  }
  return { cls: 'ok', why: '', status, err: errShort, ...(change === undefined ? {} : { change }) };
}

/** Worker loop: { index } messages in, CaseReport messages out. */
export function startWorker(
  seed: number,
  base: Base,
  work: string,
  baselinePaths: Record<'meas' | 'image', string>,
): void {
  const baselines = { meas: readJson(baselinePaths.meas), image: readJson(baselinePaths.image) };
  const numeric = numericPaths([baselines.meas, baselines.image]);
  process.on('message', (message: { index: number }) => {
    void (async () => {
      const dir = join(work, `case-${message.index}`);
      rmSync(dir, { recursive: true, force: true });
      const started = Date.now();
      let report: CaseReport;
      try {
        const fuzzCase = buildCase(message.index, seed, dir, base);
        process.send?.({
          index: message.index,
          started: true,
          kind: fuzzCase.kind,
          label: fuzzCase.label,
          args: fuzzCase.args,
        });
        const outcome = await runOne(fuzzCase, baselines, numeric);
        report = {
          index: message.index,
          kind: fuzzCase.kind,
          label: fuzzCase.label,
          args: fuzzCase.args,
          ms: Date.now() - started,
          ...outcome,
        };
      } catch (error) {
        report = {
          index: message.index,
          kind: '?',
          label: 'harness error',
          args: [],
          ms: Date.now() - started,
          cls: 'crash',
          why: `harness: ${String(error)}`,
          status: null,
          err: [],
        };
      }
      if (!process.argv.includes('--keep') && (report.cls === 'ok' || report.cls === 'refused'))
        rmSync(dir, { recursive: true, force: true });
      process.send?.(report);
    })();
  });
  process.on('uncaughtException', (error) => {
    process.send?.({ uncaught: String(error.stack ?? error) });
    process.exit(70);
  });
  process.on('unhandledRejection', (error) => {
    process.send?.({ uncaught: String(error) });
    process.exit(70);
  });
  process.send?.({ ready: true });
}
