// The demo runs end to end and writes the results contract of design/architecture.md; the
// executable bin/iodose (running dist/, compiled by test/global-build.ts) works as a real process
// with exit status and one-line errors.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_LESIONS } from '../../src/demo/demo-patient.ts';
import { runCli, tempDir } from '../helpers/cli.ts';
import type { StudyResults } from '../../src/study/results.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('iodose demo', () => {
  it('writes the manifest, results.json and report.html and prints the summary', async () => {
    const dir = tempDir();
    const run = await runCli(['demo', '--out', dir, '--no-pdf', '--measurements']);
    expect(run.err).toEqual([]);
    expect(run.status).toBe(0);
    expect(existsSync(join(dir, 'manifest.yaml'))).toBe(true);
    expect(run.out.join('\n')).toMatch(/patient DEMO-01: (NOT )?ELIGIBLE/);
    const results = JSON.parse(readFileSync(join(dir, 'results', 'results.json'), 'utf8'));
    for (const field of [
      'id',
      'site',
      'volumeMl',
      'massG',
      'recoveryCoefficient',
      'uptake24hPercent',
      'residenceTimeH',
      'effectiveHalfLifeH',
      'doseGyPerGBq',
      'doseAtTherapyGy',
      'warnings',
    ]) {
      expect(results.lesions[0]).toHaveProperty(field);
    }
    expect(results.blood).toHaveProperty('doseGyPerGBq');
    expect(results.blood).toHaveProperty('residenceTimeWholeBodyH');
    expect(results.blood).toHaveProperty('wbRetention48hPercent');
    expect(Object.keys(results.mta)).toEqual(
      expect.arrayContaining(['activityGBq', 'bloodLimitGBq', 'lungLimitGBq', 'limitedBy']),
    );
    expect(Object.keys(results.therapy)).toEqual(
      expect.arrayContaining(['activityGBq', 'eligible', 'maxLesionDoseGy']),
    );
    expect(Object.keys(results.provenance)).toEqual(
      expect.arrayContaining(['version', 'inputsSha256', 'settings']),
    );
    expect(results.provenance.inputsSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(dir, 'results', 'report.html'), 'utf8')).toContain('DEMO-01');
  });

  it('recovers the residence times of its known curves within 0.1% (mono-exponential truth)', async () => {
    const dir = tempDir();
    await runCli(['demo', '--out', dir, '--no-pdf', '--measurements']);
    const results = JSON.parse(readFileSync(join(dir, 'results', 'results.json'), 'utf8'));
    for (const truth of DEMO_LESIONS) {
      const lambda = Math.LN2 / truth.effectiveHalfLifeH;
      const lesion = results.lesions.find((l: { id: string }) => l.id === truth.id);
      // Values are rounded to 6 significant figures in the manifest: 1e-3 is ample.
      expect(Math.abs(lesion.residenceTimeH / (truth.fractionAtZero / lambda) - 1)).toBeLessThan(
        1e-3,
      );
    }
  });
});

describe('bin/iodose as a process', () => {
  it('prints its version and exits 0', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'iodose'), '--version'], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  // The image-level demo as a real process: DICOM read by the byte reader with its hashing
  // worker thread, which must keep the process alive until every file is hashed (an in-process
  // run cannot show that: vitest keeps the event loop alive).
  it('runs the image-level demo (phantom calibration and patient) and exits 0', () => {
    const out = tempDir();
    const run = spawnSync(
      process.execPath,
      [join(ROOT, 'bin', 'iodose'), 'demo', '--out', out, '--no-pdf'],
      { encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const results = JSON.parse(
      readFileSync(join(out, 'results', 'results.json'), 'utf8'),
    ) as StudyResults;
    expect(results.therapy.decision).toBe('eligible');
    expect(results.lesions).toHaveLength(5);
  }, 180_000);

  it('a missing manifest: exit status 2 and one line on stderr, no stack trace', () => {
    const missing = join(tempDir(), 'missing.yaml');
    const run = spawnSync(
      process.execPath,
      [join(ROOT, 'bin', 'iodose'), 'run', missing, '--out', tempDir()],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      `iodose: ${missing}: file not found (give the path of a YAML or JSON manifest)`,
    ]);
  });
});
