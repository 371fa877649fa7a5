// Curves generated from known parameters, noise-free: the fits must recover the parameters and
// the analytic integrals (sums of A / lambda, or the piecewise analytic forms of the tail and
// uptake rules).
import { describe, expect, it } from 'vitest';
import { evaluateKinetics, fitKinetics } from '../../src/kinetics/index.ts';
import { adaptiveSimpson } from '../../src/numerics/quadrature.ts';
import { I131 } from '../../src/physics/nuclides.ts';

const lambdaPhys = I131.decayConstantPerH;
const sample = (f: (t: number) => number, times: number[]) =>
  times.map((timeH) => ({ timeH, value: f(timeH) }));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('mono-exponential lesion curves', () => {
  it('T_eff 30 h through two scans (24 h, 96 h): exact, TIA within 0.1% of A / lambda', () => {
    const a = 0.012;
    const lambda = Math.LN2 / 30;
    const r = fitKinetics(
      sample((t) => a * Math.exp(-lambda * t), [24, 96]),
      {
        physicalDecayConstantPerH: lambdaPhys,
      },
    );
    expect(r.model).toBe('mono');
    expect(r.exact).toBe(true);
    expect(r.tail).toBe('fit');
    expect(rel(r.timeIntegratedH, a / lambda)).toBeLessThan(1e-3);
    expect(rel(r.effectiveHalfLifeH ?? NaN, 30)).toBeLessThan(1e-9);
    expect(r.covariance.flat().every((v) => v === 0)).toBe(true);
    expect(r.warnings).toContain(
      "only 2 points: exact mono-exponential through them, so the fit itself gives no uncertainty (none from residuals; the points' own uncertainties must be propagated)",
    );
  });

  it('T_eff 300 h > T_phys: integral of the curve to the last point + physical decay after it', () => {
    const a = 0.01;
    const lambda = Math.LN2 / 300;
    const tLast = 144;
    const r = fitKinetics(
      sample((t) => a * Math.exp(-lambda * t), [24, 72, tLast]),
      {
        physicalDecayConstantPerH: lambdaPhys,
      },
    );
    const analytic =
      (a / lambda) * (1 - Math.exp(-lambda * tLast)) + (a * Math.exp(-lambda * tLast)) / lambdaPhys;
    expect(r.tail).toBe('physical');
    expect(rel(r.timeIntegratedH, analytic)).toBeLessThan(1e-9);
    expect(r.warnings.some((w) => w.startsWith('T_eff > T_phys'))).toBe(true);
    // the tail is physical decay from the fitted value at the last point
    const after = evaluateKinetics(r, tLast + 100);
    expect(rel(after, a * Math.exp(-lambda * tLast) * Math.exp(-lambdaPhys * 100))).toBeLessThan(
      1e-9,
    );
  });

  it('an increasing curve (negative lambda) gets a finite integral through the physical tail', () => {
    const r = fitKinetics(
      [
        { timeH: 24, value: 0.01 },
        { timeH: 96, value: 0.012 },
      ],
      { physicalDecayConstantPerH: lambdaPhys },
    );
    const lambda = Math.log(0.01 / 0.012) / 72;
    const a = 0.01 * Math.exp(lambda * 24);
    const analytic = (a / lambda) * (1 - Math.exp(-lambda * 96)) + 0.012 / lambdaPhys;
    expect(r.params.lambdaPerH).toBeLessThan(0);
    expect(r.tail).toBe('physical');
    expect(r.effectiveHalfLifeH).toBeNull();
    expect(rel(r.timeIntegratedH, analytic)).toBeLessThan(1e-12);
  });

  it("tailRule 'fit' with an increasing curve still applies physical decay, with a warning", () => {
    const r = fitKinetics(
      [
        { timeH: 24, value: 0.01 },
        { timeH: 96, value: 0.012 },
      ],
      { physicalDecayConstantPerH: lambdaPhys, tailRule: 'fit' },
    );
    expect(r.tail).toBe('physical');
    expect(Number.isFinite(r.timeIntegratedH)).toBe(true);
    expect(r.warnings.some((w) => w.startsWith('fitted curve does not decay'))).toBe(true);
  });

  it("uptakePhase 'linear': triangle t1 f(t1) / 2 plus the curve from t1 on", () => {
    const a = 0.02;
    const lambda = Math.LN2 / 50;
    const t1 = 20;
    const r = fitKinetics(
      sample((t) => a * Math.exp(-lambda * t), [t1, 48, 96]),
      {
        physicalDecayConstantPerH: lambdaPhys,
        uptakePhase: 'linear',
      },
    );
    const f1 = a * Math.exp(-lambda * t1);
    expect(rel(r.parts.beforeFirstH, (t1 * f1) / 2)).toBeLessThan(1e-9);
    expect(rel(r.timeIntegratedH, (t1 * f1) / 2 + f1 / lambda)).toBeLessThan(1e-9);
    expect(evaluateKinetics(r, 0)).toBe(0);
    expect(rel(evaluateKinetics(r, t1 / 2), f1 / 2)).toBeLessThan(1e-9);
  });
});

describe('multi-exponential curves (noise-free, >= 6 points)', () => {
  const tBlood = [0.5, 1, 2, 4, 8, 24, 48, 72, 96];
  it('bi-exponential: parameters within 0.1%, integral within 0.1% of A1/l1 + A2/l2', () => {
    const truth = { amplitude1: 3e-4, lambda1PerH: 0.5, amplitude2: 5e-5, lambda2PerH: 0.02 };
    const f = (t: number) => 3e-4 * Math.exp(-0.5 * t) + 5e-5 * Math.exp(-0.02 * t);
    const r = fitKinetics(sample(f, tBlood), {
      physicalDecayConstantPerH: lambdaPhys,
      models: ['bi'],
    });
    for (const [k, v] of Object.entries(truth))
      expect(rel(r.params[k] ?? NaN, v)).toBeLessThan(1e-3);
    expect(rel(r.timeIntegratedH, 3e-4 / 0.5 + 5e-5 / 0.02)).toBeLessThan(1e-3);
  });

  it('bi-exponential data: AICc selection among all default candidates picks bi', () => {
    const f = (t: number) => 3e-4 * Math.exp(-0.5 * t) + 5e-5 * Math.exp(-0.02 * t);
    const r = fitKinetics(sample(f, tBlood), { physicalDecayConstantPerH: lambdaPhys });
    expect(r.model).toBe('bi');
    expect(r.candidates.map((c) => c.model)).toEqual(['mono', 'bi', 'tri', 'mono-uptake']);
  });

  it('tri-exponential from 12 samples: parameters and integral within 0.1%', () => {
    const p = [0.3, 1.5, 0.2, 0.15, 0.05, 0.01];
    const f = (t: number) =>
      0.3 * Math.exp(-1.5 * t) + 0.2 * Math.exp(-0.15 * t) + 0.05 * Math.exp(-0.01 * t);
    const times = [0.25, 0.5, 1, 2, 4, 8, 16, 24, 48, 72, 120, 168];
    const r = fitKinetics(sample(f, times), {
      physicalDecayConstantPerH: lambdaPhys,
      models: ['tri'],
    });
    Object.values(r.params).forEach((v, i) => expect(rel(v, p[i] ?? NaN)).toBeLessThan(1e-3));
    expect(rel(r.timeIntegratedH, 0.3 / 1.5 + 0.2 / 0.15 + 0.05 / 0.01)).toBeLessThan(1e-3);
  });

  it('mono-exponential with uptake: A, clearance and uptake constants recovered; f(0) = 0', () => {
    const f = (t: number) => 0.02 * (Math.exp(-0.01 * t) - Math.exp(-0.3 * t));
    const r = fitKinetics(sample(f, [1, 2, 4, 8, 24, 48, 96, 144]), {
      physicalDecayConstantPerH: lambdaPhys,
      models: ['mono-uptake'],
    });
    expect(rel(r.params.amplitude ?? NaN, 0.02)).toBeLessThan(1e-3);
    expect(rel(r.params.lambdaPerH ?? NaN, 0.01)).toBeLessThan(1e-3);
    expect(rel(r.params.uptakeLambdaPerH ?? NaN, 0.3)).toBeLessThan(1e-3);
    expect(rel(r.timeIntegratedH, 0.02 / 0.01 - 0.02 / 0.3)).toBeLessThan(1e-3);
    expect(Math.abs(evaluateKinetics(r, 0))).toBeLessThan(1e-15);
  });
});

describe('whole-body retention normalised at the first count', () => {
  const t0 = 2;
  const a = 0.7;
  const l1 = 0.1;
  const l2 = 0.01;
  const retention = (t: number) =>
    a * Math.exp(-l1 * (t - t0)) + (1 - a) * Math.exp(-l2 * (t - t0));
  const r = fitKinetics(sample(retention, [t0, 6, 24, 48, 72, 96, 144]), {
    physicalDecayConstantPerH: lambdaPhys,
    normalisedAtFirstPoint: true,
    models: ['bi'],
  });

  it('recovers a, l1 and l2 within 0.1%', () => {
    expect(rel(r.params.fraction1 ?? NaN, a)).toBeLessThan(1e-3);
    expect(rel(r.params.lambda1PerH ?? NaN, l1)).toBeLessThan(1e-3);
    expect(rel(r.params.lambda2PerH ?? NaN, l2)).toBeLessThan(1e-3);
  });

  it('R(48 h) from evaluateKinetics equals the generating curve; R = 1 on [0, t0]', () => {
    expect(rel(evaluateKinetics(r, 48), retention(48))).toBeLessThan(1e-6);
    expect(evaluateKinetics(r, 0)).toBe(1);
    expect(evaluateKinetics(r, t0)).toBeCloseTo(1, 12);
  });

  it('TIA = t0 (held at 100%) + a / l1 + (1 - a) / l2', () => {
    expect(rel(r.parts.beforeFirstH, t0)).toBeLessThan(1e-12);
    expect(rel(r.timeIntegratedH, t0 + a / l1 + (1 - a) / l2)).toBeLessThan(1e-3);
  });

  it('mono form through the first count and one more point is exact', () => {
    const m = fitKinetics(
      [
        { timeH: t0, value: 1 },
        { timeH: 48, value: 0.4 },
      ],
      { physicalDecayConstantPerH: lambdaPhys, normalisedAtFirstPoint: true },
    );
    expect(m.exact).toBe(true);
    expect(rel(m.params.lambdaPerH ?? NaN, Math.log(1 / 0.4) / 46)).toBeLessThan(1e-12);
    expect(rel(m.timeIntegratedH, t0 + 46 / Math.log(2.5))).toBeLessThan(1e-12);
  });
});

describe('trapezoid', () => {
  const points = [
    { timeH: 24, value: 0.01 },
    { timeH: 48, value: 0.008 },
    { timeH: 96, value: 0.005 },
  ];
  it('first value held from 0, trapezoids, tail from the last two points (faster than physical)', () => {
    const r = fitKinetics(points, { physicalDecayConstantPerH: lambdaPhys, models: ['trapezoid'] });
    const lambdaTail = Math.log(0.008 / 0.005) / 48;
    const analytic = 24 * 0.01 + 12 * 0.018 + 24 * 0.013 + 0.005 / lambdaTail;
    expect(r.model).toBe('trapezoid');
    expect(r.tail).toBe('fit');
    expect(rel(r.timeIntegratedH, analytic)).toBeLessThan(1e-12);
    expect(r.effectiveHalfLifeH).toBeNull();
  });
  it("uptakePhase 'linear' starts at 0; tailRule 'physical' decays at lambda_phys", () => {
    const r = fitKinetics(points, {
      physicalDecayConstantPerH: lambdaPhys,
      models: ['trapezoid'],
      uptakePhase: 'linear',
      tailRule: 'physical',
    });
    const analytic = 12 * 0.01 + 12 * 0.018 + 24 * 0.013 + 0.005 / lambdaPhys;
    expect(rel(r.timeIntegratedH, analytic)).toBeLessThan(1e-12);
    expect(evaluateKinetics(r, 12)).toBeCloseTo(0.005, 15);
  });
});

describe('parts agree with quadrature of evaluateKinetics', () => {
  it.each([
    ['none', 'seed'],
    ['linear', 'seed'],
    ['none', 'physical'],
  ] as const)(
    'uptake %s, tail %s: each part within 1e-8 of adaptive Simpson',
    (uptakePhase, tailRule) => {
      const f = (t: number) => 0.02 * (Math.exp(-0.01 * t) - Math.exp(-0.3 * t));
      const r = fitKinetics(sample(f, [3, 6, 24, 48, 96, 144]), {
        physicalDecayConstantPerH: lambdaPhys,
        models: ['mono-uptake'],
        uptakePhase,
        tailRule,
      });
      const g = (t: number) => evaluateKinetics(r, t);
      expect(rel(adaptiveSimpson(g, 0, 3, 1e-14), r.parts.beforeFirstH)).toBeLessThan(1e-8);
      expect(rel(adaptiveSimpson(g, 3, 144, 1e-14), r.parts.measuredH)).toBeLessThan(1e-8);
      expect(rel(adaptiveSimpson(g, 144, 144 + 40 * 200, 1e-14), r.parts.afterLastH)).toBeLessThan(
        1e-6,
      );
    },
  );
});

describe('model selection with few points', () => {
  const lesion = (t: number) => 0.01 * Math.exp(-0.02 * t) * (1 + 0.05 * Math.cos(t));
  it('3 or 4 scans: mono-exponential by least squares, AICc undefined (n < K + 2 = 5), said so', () => {
    for (const n of [3, 4]) {
      const r = fitKinetics(sample(lesion, [24, 48, 96, 144].slice(0, n)), {
        physicalDecayConstantPerH: lambdaPhys,
      });
      expect(r.model).toBe('mono');
      expect(r.exact).toBe(false);
      expect(r.aicc).toBeNull();
      expect(r.timeIntegratedSigmaH).toBeGreaterThan(0);
      expect(r.warnings).toContain(
        `AICc needs more points (${n}): mono-exponential used without model selection`,
      );
    }
  });
});
