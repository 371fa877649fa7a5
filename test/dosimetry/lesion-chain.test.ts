// The lesion chain on typed inputs (no manifest): a lesion built from a known mono-exponential
// 131I-equivalent curve, checked against the closed forms written here - activity = C / RC x V,
// the 124I -> 131I conversion, residence time f0 / lambda, uptake at 24 h, D/A = tau x S - and
// errors placed on the sources the inputs name. Half-lives ICRP-107 (131I 8.0207 d, 124I
// 4.1760 d), written here independently of src/.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputErrorOf } from '../helpers/input-error.ts';
import type { RunSettings } from '../../src/dosimetry/chain-settings.ts';
import { computeLesionChain, type LesionChainContext } from '../../src/dosimetry/lesion-chain.ts';
import type { LesionChainInput } from '../../src/dosimetry/lesion-chain-types.ts';

const LAMBDA_131 = Math.LN2 / (8.0207 * 24);
const LAMBDA_124 = Math.LN2 / (4.176 * 24);
const A0_MBQ = 40;
const F0 = 0.003; // 131I-equivalent fraction of the administered activity at t = 0
const TEFF_H = 40; // effective half-life, shorter than 131I's: the fitted tail applies
const LAMBDA = Math.LN2 / TEFF_H;
const VOLUME_ML = 5;
const RC = 0.75;
const TIMES_H = [4, 24, 48, 96];

const fraction131 = (h: number) => F0 * Math.exp(-LAMBDA * h);
/** 124I mean concentration at acquisition that a fraction f131 of the activity gives, Bq/mL. */
const conc124 = (h: number) =>
  (fraction131(h) * Math.exp((LAMBDA_131 - LAMBDA_124) * h) * A0_MBQ * 1e6 * RC) / VOLUME_ML;

const settings: LesionChainContext['settings'] = {
  lesionDensityGPerMl: 1.04,
  uptakeTimeH: 24,
  lesionKinetics: { models: ['mono'], selection: 'aicc', tailRule: 'seed', uptakePhase: 'none' },
} satisfies Pick<RunSettings, 'lesionDensityGPerMl' | 'uptakeTimeH' | 'lesionKinetics'>;
const context: LesionChainContext = { administeredActivityMBq: A0_MBQ, recovery: null, settings };

function lesion(times = TIMES_H, volumeMl = VOLUME_ML): LesionChainInput {
  return {
    id: 'L7',
    site: 'lung',
    volume: { volumeMl, source: { field: 'lesions[2]', origin: 'ct-mask (SEG x)' }, volumesMl: [] },
    // given out of time order: the chain sorts
    points: [...times].reverse().map((h, k) => ({
      at: `t${h}`,
      timeH: h,
      meanConcBqPerMl: conc124(h),
      recoveryCoefficient: RC,
      timeSource: { field: `scans[${k}].pet`, origin: 'the PET scan start (DICOM header)' },
      valueSource: { field: `lesions[2].seedsLps.s${k}` },
    })),
    curveField: 'lesions[2]',
  };
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('the lesion chain from a known mono-exponential curve', () => {
  const r = computeLesionChain(lesion(), context);

  it('points in time order: activity C / RC x V and the 131I-equivalent fraction', () => {
    expect(r.points.map((p) => p.timeH)).toEqual(TIMES_H);
    for (const p of r.points) {
      expect(rel(p.activity124Bq, (conc124(p.timeH) / RC) * VOLUME_ML)).toBeLessThan(1e-12);
      expect(rel(p.fraction131, fraction131(p.timeH))).toBeLessThan(1e-9);
    }
  });

  it('residence time f0 / lambda, T_eff and uptake at 24 h (0.1%)', () => {
    expect(rel(r.residenceTimeH, F0 / LAMBDA)).toBeLessThan(1e-3);
    expect(rel(r.effectiveHalfLifeH ?? NaN, TEFF_H)).toBeLessThan(1e-3);
    expect(rel(r.uptake24hPercent, 100 * fraction131(24))).toBeLessThan(1e-3);
  });

  it('D/A = tau x 3600 s/h x S x 1e9 Bq/GBq at the mass 1.04 g/mL x V', () => {
    expect(rel(r.massG, 1.04 * VOLUME_ML)).toBeLessThan(1e-12);
    expect(rel(r.doseGyPerGBq, r.residenceTimeH * 3600 * r.sValueGyPerBqS * 1e9)).toBeLessThan(
      1e-12,
    );
  });

  it('S is the stored sphere table (data/s-values, rho 1.04) interpolated log-log in mass, by numpy', () => {
    // independent of src/: numpy.interp of ln S against ln m, electrons and photons apart, summed
    const table = join(import.meta.dirname, '../../data/s-values/I-131-spheres-rho1.04.json');
    const script = [
      'import json, sys, numpy as np',
      'rows = json.load(open(sys.argv[1]))["rows"]',
      'm = np.log([r["massG"] for r in rows]); x = np.log(float(sys.argv[2]))',
      'f = lambda k: np.exp(np.interp(x, m, np.log([r[k] for r in rows])))',
      'print(repr(f("electronSGyPerBqS") + f("photonSGyPerBqS")))',
    ].join('\n');
    const out = execFileSync('/usr/bin/python3', ['-c', script, table, String(1.04 * VOLUME_ML)]);
    const expected = Number(out.toString().trim());
    expect(rel(r.sValueGyPerBqS, expected)).toBeLessThan(1e-9);
  });

  it('says where the volume came from: the origin of its source', () => {
    expect(r.volumeSource).toBe('ct-mask (SEG x)');
    expect(r.id).toBe('L7');
    expect(r.site).toBe('lung');
  });
});

describe('errors name the sources of the inputs', () => {
  it('a duplicate time names the time source of the later point, with the lesion', () => {
    const error = inputErrorOf(() => computeLesionChain(lesion([4, 24, 24, 96]), context));
    // reversed input: 96 (scans[0]), 24 (scans[1]), 24 (scans[2]), 4 (scans[3]); sorted, the
    // second 24 h point is scans[2]
    expect(error.field).toBe('scans[2].pet');
    expect(error.message).toMatch(/^scans\[2\]\.pet: lesion L7: duplicate time 24 h/);
  });

  it('too few points names the curve field', () => {
    const error = inputErrorOf(() => computeLesionChain(lesion([24]), context));
    expect(error.message).toMatch(/^lesions\[2\]\.points: too few points for any model: got 1/);
  });

  it('a volume outside the S-value table names the volume source and says what it was', () => {
    const error = inputErrorOf(() => computeLesionChain(lesion(TIMES_H, 1e6), context));
    expect(error.field).toBe('lesions[2]');
    expect(error.expected).toMatch(/\(volume from ct-mask \(SEG x\)\)$/);
  });

  it('a recovery coefficient missing beside given ones names its recovery source', () => {
    const input = lesion();
    const [first, ...rest] = input.points;
    if (first === undefined) throw new Error('no points');
    const withoutRc = { ...first };
    delete withoutRc.recoveryCoefficient;
    const error = inputErrorOf(() =>
      computeLesionChain(
        {
          ...input,
          points: [
            {
              ...withoutRc,
              recoverySource: { field: 'measurements.lesions[4].recoveryCoefficient' },
            },
            ...rest,
          ],
        },
        context,
      ),
    );
    expect(error.message).toMatch(
      /^measurements\.lesions\[4\]\.recoveryCoefficient: missing, while other measurements of lesion "L7" give one/,
    );
  });
});

describe('the recovery curve at the volume, and a warning that names the volume source', () => {
  // Hill model RC = a / (1 + (h / V)^s) (calibration/recovery-curve.ts), written out here.
  const curve = {
    model: 'hill-volume' as const,
    plateau: 0.9,
    halfVolumeMl: 1,
    slope: 1.5,
    converged: true,
    points: [],
    rangeMl: [0.5, 4] as [number, number],
    rmsResidual: 0.01,
  };
  const input = lesion();
  const noRc = {
    ...input,
    points: input.points.map((p) => {
      const copy = { ...p };
      delete copy.recoveryCoefficient;
      return copy;
    }),
  };
  const r = computeLesionChain(noRc, { ...context, recovery: curve });
  const rc = 0.9 / (1 + (1 / VOLUME_ML) ** 1.5);

  it('applies the curve at the lesion volume to every point', () => {
    for (const p of r.points) expect(p.recoveryCoefficient).toBeCloseTo(rc, 12);
    expect(r.recoveryOutsideRange).toBe(true);
  });

  it('warns of the extrapolation with the volume and where it came from', () => {
    expect(r.warnings).toContain(
      'volume 5.00 mL (ct-mask (SEG x)) lies outside the calibrated recovery range 0.500-4.00 mL: RC extrapolated',
    );
  });
});
