// Start-up bench: wall time of `node bin/iodose --version` as a whole process (what a user or a
// script waits for), median over repeated runs, beside bare `node -e ''` for the share that is
// Node's own start. Runs the compiled dist/ (brought up to date first, scripts/fresh-dist.ts).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { freshDist } from '../scripts/fresh-dist.ts';

const ROOT = join(import.meta.dirname, '..');
const RUNS = 30;

function medianMs(args: string[]): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${run.stderr}`);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? NaN;
}

freshDist();
const version = medianMs([join(ROOT, 'bin', 'iodose'), '--version']);
const bare = medianMs(['-e', '']);
console.log(
  `${'iodose --version (whole process)'.padEnd(52)} median ${version.toFixed(1)} ms over ${RUNS} runs`,
);
console.log(
  `${"  of which node's own start (node -e '')".padEnd(52)} median ${bare.toFixed(1)} ms over ${RUNS} runs`,
);
