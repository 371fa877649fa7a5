// `iodose calibrate` on a digital IEC phantom written as real DICOM: the recovery coefficients rise
// with sphere size towards a plateau below 1, the curve file validates against its schema and
// names the scanner, and a bad phantom manifest gives one clear line.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { recoveryFileSchema } from '../../src/calibration/recovery-file.ts';
import { buildIecPhantom } from '../../src/demo/iec-phantom.ts';
import { writeIecPhantom } from '../../src/demo/write-iec-phantom.ts';
import { runCli, tempDir, writeManifest } from '../helpers/cli.ts';

let manifestPath = '';
let dir = '';

beforeAll(() => {
  dir = tempDir('iodose-iec-');
  manifestPath = writeIecPhantom(join(dir, 'phantom'), buildIecPhantom()).manifestPath;
});

describe('iodose calibrate on a digital IEC phantom', () => {
  it('writes a recovery curve whose RC rises with sphere volume and stays below 1', async () => {
    const out = join(dir, 'rc.json');
    const run = await runCli(['calibrate', manifestPath, '--out', out]);
    expect(run.err).toEqual([]);
    expect(run.status).toBe(0);
    const file = recoveryFileSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    const measured = file.curve.points.map((p) => p.recoveryCoefficient);
    for (let i = 1; i < measured.length; i++) {
      expect(measured[i]).toBeGreaterThan(measured[i - 1] ?? Infinity);
    }
    expect(measured[0]).toBeLessThan(0.6); // 10 mm sphere at ~7.5 mm FWHM: strong partial volume
    expect(measured[5]).toBeGreaterThan(0.7);
    expect(measured[5]).toBeLessThan(1);
    expect(file.curve.rangeMl[0]).toBeCloseTo(0.5236, 3);
    expect(file.curve.rangeMl[1]).toBeCloseTo(26.522, 2);
    expect(file.curve.rmsResidual).toBeLessThan(0.05);
    expect(file.scanner['Manufacturer']).toBeDefined();
  });

  it('a phantom manifest with a missing PET folder names the folder', async () => {
    const bad = writeManifest(
      tempDir(),
      readFileSync(manifestPath, 'utf8').replace('pet: ./pet', 'pet: ./nowhere'),
      'phantom.yaml',
    );
    const run = await runCli(['calibrate', bad, '--out', join(dir, 'x.json')]);
    expect(run.status).toBe(2);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toContain('nowhere');
  });

  it('a sphere centre where there is no sphere is named, not met by an RC of NaN', async () => {
    const phantom = parse(readFileSync(manifestPath, 'utf8')) as {
      spheres: { centerLps: number[] }[];
    };
    const last = phantom.spheres.length - 1;
    const sphere = phantom.spheres[last];
    if (sphere === undefined) throw new Error('phantom without spheres');
    sphere.centerLps = [0, 0, 0];
    const bad = join(dirname(manifestPath), 'no-sphere.yaml');
    writeFileSync(bad, stringify(phantom));
    const run = await runCli(['calibrate', bad, '--out', join(dir, 'y.json')]);
    expect(run.status).toBe(2);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toContain(
      `${bad}: spheres[${last}].centerLps: no sphere found at [0, 0, 0] mm`,
    );
  });

  it('refuses --out naming its own phantom manifest (one line naming both), manifest kept', async () => {
    const before = readFileSync(manifestPath, 'utf8');
    const run = await runCli(['calibrate', manifestPath, '--out', manifestPath]);
    expect(run.status).toBe(2);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toContain(`${manifestPath}: is the phantom manifest ${manifestPath}`);
    expect(readFileSync(manifestPath, 'utf8')).toBe(before);
  });
});
