// Uncertainty from the measurements to the decision (issue 7, item 3): the linear propagation
// against closed forms, the Monte Carlo against the linear propagation, and both against an
// independent numpy Monte Carlo (scripts/reference-uncertainty.py -> test/fixtures/uncertainty).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecoveryCurve } from '../../src/calibration/recovery-curve.ts';
import { I124, I131 } from '../../src/physics/nuclides.ts';
import { studyManifestSchema, type StudyManifest } from '../../src/io/manifest/manifest-schema.ts';
import { runStudy } from '../../src/study/run-study.ts';
import type { BloodSampling } from '../../src/dosimetry/uncertainty/study-uncertainty.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const context = { manifestPath: null, inputsSha256: '', createdAt: '' };

function manifestOf(raw: unknown): StudyManifest {
  return studyManifestSchema.parse(raw);
}

/** One lesion (given volume and RC) measured at t1 = 24 h and t2 = 96 h; no blood. */
function twoPointLesion(uncertainty: Record<string, number>, conc2 = 700): StudyManifest {
  return manifestOf({
    iodose: 1,
    patient: { id: 'A', weightKg: 70 },
    tracer: { nuclide: 'I-124', activityMBq: 37, administeredAt: '2024-03-04T00:00:00' },
    lesions: [{ id: 'L', volumeMl: 3.0 }],
    measurements: {
      lesions: [
        { lesion: 'L', at: '2024-03-05T00:00:00', meanConcBqPerMl: 2000, recoveryCoefficient: 0.7 },
        {
          lesion: 'L',
          at: '2024-03-08T00:00:00',
          meanConcBqPerMl: conc2,
          recoveryCoefficient: 0.7,
        },
      ],
    },
    settings: {
      uncertainty: {
        petCalibrationRelSd: 0,
        voiCountingRelSd: 0,
        volumeBoundarySdMm: 0,
        givenRecoveryRelSd: 0,
        monteCarloSamples: 200,
        ...uncertainty,
      },
    },
  });
}

describe('linear propagation against closed forms', () => {
  it('two points, independent relative sds r: sigma_tau / tau from d ln tau / d ln f_i', () => {
    const r = 0.05;
    const results = runStudy(twoPointLesion({ voiCountingRelSd: r }), context);
    const lesion = results.lesions[0];
    if (lesion?.fit === null || lesion === undefined) throw new Error('no fit');
    // tau = f1 e^{lambda t1} / lambda, lambda = ln(f1/f2) / (t2 - t1) (curve tail: lambda > l131)
    const [t1, t2] = [24, 96];
    const dt = t2 - t1;
    // From the inputs, not the fit: f_i = c_i e^{(l124 - l131) t_i} x const, so
    // lambda = ln(c1 / c2) / dt - (l124 - l131).
    const lambda = Math.log(2000 / 700) / dt - (I124.decayConstantPerH - I131.decayConstantPerH);
    expect(lesion.fit.params.lambdaPerH).toBeCloseTo(lambda, 10);
    expect(lambda).toBeGreaterThan(I131.decayConstantPerH);
    const g1 = 1 + t1 / dt - 1 / (lambda * dt);
    const g2 = -t1 / dt + 1 / (lambda * dt);
    const expected = r * Math.hypot(g1, g2);
    expect(lesion.uncertainty.relative).toBeCloseTo(expected, 5);
    expect(lesion.uncertainty.components.counting / lesion.doseGyPerGBq).toBeCloseTo(expected, 5);
    expect(lesion.uncertainty.components.kinetics).toBe(0);
  });

  it('a calibration common to both scans scales tau exactly: sigma / D = r_cal', () => {
    const results = runStudy(twoPointLesion({ petCalibrationRelSd: 0.07 }), context);
    expect(results.lesions[0]?.uncertainty.relative).toBeCloseTo(0.07, 6);
  });

  it('the volume enters activity and S(m): d ln D / d ln V = 1 + the log-log slope of the S table', () => {
    const boundary = 0.5;
    const results = runStudy(twoPointLesion({ volumeBoundarySdMm: boundary }), context);
    const lesion = results.lesions[0];
    if (lesion === undefined) throw new Error('no lesion');
    const table = JSON.parse(
      readFileSync(
        join(fixtures, '..', '..', 'data', 's-values', 'I-131-spheres-rho1.04.json'),
        'utf8',
      ),
    ) as { rows: { massG: number; electronSGyPerBqS: number; photonSGyPerBqS: number }[] };
    const mass = 1.04 * 3.0;
    const upper = table.rows.findIndex((row) => row.massG > mass);
    const a = table.rows[upper - 1];
    const b = table.rows[upper];
    if (a === undefined || b === undefined) throw new Error('mass outside the table');
    // S = e + p, each log-log between the two table rows: d ln S / d ln m = (e se + p sp) / (e + p)
    const logSlope = (ya: number, yb: number) => Math.log(yb / ya) / Math.log(b.massG / a.massG);
    const at = (ya: number, yb: number) =>
      ya * Math.exp(logSlope(ya, yb) * Math.log(mass / a.massG));
    const e = at(a.electronSGyPerBqS, b.electronSGyPerBqS);
    const p = at(a.photonSGyPerBqS, b.photonSGyPerBqS);
    const slope =
      (e * logSlope(a.electronSGyPerBqS, b.electronSGyPerBqS) +
        p * logSlope(a.photonSGyPerBqS, b.photonSGyPerBqS)) /
      (e + p);
    expect(slope).toBeLessThan(-0.9); // S roughly ~ 1/m
    const radiusMm = Math.cbrt((3 * 3000) / (4 * Math.PI));
    const rel = (3 * boundary) / radiusMm;
    const logSd = Math.sqrt(Math.log(1 + rel ** 2));
    expect(lesion.uncertainty.volumeRelSd).toBeCloseTo(rel, 10);
    expect(lesion.uncertainty.relative).toBeCloseTo(Math.abs(1 + slope) * logSd, 5);
  });
});

describe('Monte Carlo against the linear propagation', () => {
  it('sigma within 3% and the probability within 0.02 of the normal approximation', () => {
    // 5% counting and calibration: the dose is close to linear in its inputs; planned activity
    // chosen so that the dose at therapy is 3% above the threshold.
    const base = twoPointLesion({ voiCountingRelSd: 0.05, petCalibrationRelSd: 0.05 });
    const first = runStudy(base, context).lesions[0];
    if (first === undefined) throw new Error('no lesion');
    const planned = (1.03 * 20) / first.doseGyPerGBq;
    const manifest = manifestOf({
      ...base,
      therapy: { plannedActivityGBq: planned },
      settings: { uncertainty: { ...base.settings?.uncertainty, monteCarloSamples: 8000 } },
    });
    const lesion = runStudy(manifest, context).lesions[0];
    if (lesion === undefined) throw new Error('no lesion');
    const sigma = lesion.doseSigmaGyPerGBq;
    expect(lesion.uncertainty.monteCarloSigmaGyPerGBq / sigma).toBeGreaterThan(0.97);
    expect(lesion.uncertainty.monteCarloSigmaGyPerGBq / sigma).toBeLessThan(1.03);
    const z = (lesion.doseGyPerGBq * planned - 20) / (sigma * planned);
    expect(Math.abs(lesion.probabilityReachesThreshold - normalCdf(z))).toBeLessThan(0.02);
  });
});

interface Reference {
  manifest: unknown;
  recovery: {
    plateau: number;
    halfVolumeMl: number;
    slope: number;
    covariance: number[][];
    rangeMl: [number, number];
  };
  nominal: {
    lesionDoseGyPerGBq: number[];
    bloodDoseGyPerGBq: number;
    mtaGBq: number;
    wbRetention48hPercent: number;
  };
  monteCarlo: {
    lesionDoseSdGyPerGBq: number[];
    probabilityReachesThreshold: number[];
    probabilityEligible: number;
    bloodDoseSdGyPerGBq: number;
    wbRetention48hSdPercent: number;
    mtaSdGBq: number;
  };
}

describe('against the independent numpy Monte Carlo (scripts/reference-uncertainty.py)', () => {
  const reference = JSON.parse(
    readFileSync(join(fixtures, 'uncertainty', 'reference.json'), 'utf8'),
  ) as Reference;
  const recovery: RecoveryCurve = {
    model: 'hill-volume',
    ...reference.recovery,
    converged: true,
    points: [],
    rmsResidual: 0,
  };
  const samples = 20000;
  const run = (bloodSampling: BloodSampling) => {
    const raw = reference.manifest as { settings: Record<string, unknown> };
    const manifest = manifestOf({
      ...raw,
      settings: { ...raw.settings, uncertainty: { monteCarloSamples: samples } },
    });
    return runStudy(manifest, { ...context, recovery, uncertaintyBloodSampling: bloodSampling });
  };
  const full = run('full');

  it('reproduces the nominal doses, blood dose and MTA (same formulas, 1e-9)', () => {
    full.lesions.forEach((lesion, i) =>
      expect(lesion.doseGyPerGBq / (reference.nominal.lesionDoseGyPerGBq[i] ?? NaN)).toBeCloseTo(
        1,
        9,
      ),
    );
    expect((full.blood?.doseGyPerGBq ?? NaN) / reference.nominal.bloodDoseGyPerGBq).toBeCloseTo(
      1,
      9,
    );
    expect((full.mta?.activityGBq ?? NaN) / reference.nominal.mtaGBq).toBeCloseTo(1, 9);
  });

  // numpy: 400,000 samples (its own error negligible). Ours: 20,000 samples, so a probability
  // has a binomial sd <= 0.5 / sqrt(20000) = 0.0035: tolerance 0.015 (4 sd). A sample sd has a
  // relative sd of about 1 / sqrt(2 x 20000) = 0.5%: tolerance 3%. The linear lesion sds differ
  // from the Monte Carlo sds by the model's curvature (lesion Lb: lognormal volume with 26% sd,
  // 1/RC(V)): 8% here, tolerance 10%; the blood chain is nearly linear: tolerance 5%.
  it('lesion dose sds and probabilities, with the MTA from the full blood pipeline per sample', () => {
    full.lesions.forEach((lesion, i) => {
      const sd = reference.monteCarlo.lesionDoseSdGyPerGBq[i] ?? NaN;
      expect(Math.abs(lesion.uncertainty.monteCarloSigmaGyPerGBq / sd - 1)).toBeLessThan(0.03);
      expect(Math.abs(lesion.doseSigmaGyPerGBq / sd - 1)).toBeLessThan(0.1);
      const p = reference.monteCarlo.probabilityReachesThreshold[i] ?? NaN;
      expect(Math.abs(lesion.probabilityReachesThreshold - p)).toBeLessThan(0.015);
    });
    expect(
      Math.abs(full.therapy.probabilityEligible - reference.monteCarlo.probabilityEligible),
    ).toBeLessThan(0.015);
  });

  it('blood dose, R(48 h) and MTA sds (linear) within 5% of the numpy Monte Carlo', () => {
    const m = reference.monteCarlo;
    expect(
      Math.abs((full.blood?.doseSigmaGyPerGBq ?? NaN) / m.bloodDoseSdGyPerGBq - 1),
    ).toBeLessThan(0.05);
    expect(
      Math.abs((full.blood?.wbRetention48hSigmaPercent ?? NaN) / m.wbRetention48hSdPercent - 1),
    ).toBeLessThan(0.05);
    expect(Math.abs((full.mta?.activitySigmaGBq ?? NaN) / m.mtaSdGBq - 1)).toBeLessThan(0.05);
  });

  it('the default lognormal MTA sampling gives the same probabilities (same draws) within 0.01', () => {
    const linear = run('linear');
    linear.lesions.forEach((lesion, i) =>
      expect(
        Math.abs(
          lesion.probabilityReachesThreshold -
            (full.lesions[i]?.probabilityReachesThreshold ?? NaN),
        ),
      ).toBeLessThan(0.01),
    );
    expect(
      Math.abs(linear.therapy.probabilityEligible - full.therapy.probabilityEligible),
    ).toBeLessThan(0.01);
  });
});

/** Standard normal CDF (Abramowitz & Stegun 26.2.17, |error| < 7.5e-8). */
function normalCdf(x: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(x));
  const poly =
    t *
    (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = (Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI)) * poly;
  return x >= 0 ? 1 - tail : tail;
}
