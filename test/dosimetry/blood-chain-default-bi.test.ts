// The seed's blood and whole-body method by default (issue 7, item 1): noise-free bi-exponential
// blood and whole-body curves through the blood chain (computeBloodChain, typed inputs), checked against
// closed-form integrals written here. Parameters from the plausible ranges of physics.md (Jentzen
// 2015: tau_WB 31 h, R(48 h) 16%, blood dose about 0.1 Gy/GBq). Half-lives ICRP-107 (131I 8.0207 d,
// 124I 4.1760 d), written independently of src/.
import { describe, expect, it } from 'vitest';
import { computeBloodChain } from '../../src/dosimetry/blood-chain.ts';
import type { StudyManifest } from '../../src/io/manifest/manifest-schema.ts';
import { resolveSettings } from '../../src/study/resolve-settings.ts';

const LAMBDA_131 = Math.LN2 / (8.0207 * 24);
const LAMBDA_124 = Math.LN2 / (4.176 * 24);
const ADMIN_MS = Date.UTC(2024, 2, 4, 9, 15, 0);
const A0_BQ = 37e6;
const WEIGHT_KG = 68;
const T0 = 2; // first sample and first whole-body count, h

// Blood, 131I-equivalent fraction of the administered activity per mL (effective half-lives 6 h, 40 h).
const BLOOD = { a1: 4e-5, l1: Math.LN2 / 6, a2: 1e-5, l2: Math.LN2 / 40 };
// Whole body, 131I-equivalent retention relative to the first count at T0 (effective 6 h, 58 h):
// tau_WB = 31.0 h and R(48 h) = 16.0%.
const WB = { f: 0.73, l1: Math.LN2 / 6, l2: Math.LN2 / 58 };

const at = (h: number) => new Date(ADMIN_MS + Math.round(h * 3_600_000)).toISOString().slice(0, 19);
const to124 = (value131: number, h: number) => value131 * Math.exp((LAMBDA_131 - LAMBDA_124) * h);
const blood = (h: number) =>
  BLOOD.a1 * Math.exp(-BLOOD.l1 * h) + BLOOD.a2 * Math.exp(-BLOOD.l2 * h);
const wbRelative = (h: number) =>
  WB.f * Math.exp(-WB.l1 * (h - T0)) + (1 - WB.f) * Math.exp(-WB.l2 * (h - T0));

function run(sampleH: number[], settings: StudyManifest['settings'] = undefined) {
  // The run's defaults (and the overrides under test) as a manifest gives them.
  const manifest: StudyManifest = {
    iodose: 1,
    patient: { id: 'BI', weightKg: WEIGHT_KG, diffuseLungMetastases: false },
    tracer: { nuclide: 'I-124', activityMBq: A0_BQ / 1e6, administeredAt: at(0) },
    lesions: [],
    blood: [],
    wholeBody: [],
    ...(settings === undefined ? {} : { settings }),
  };
  const source = (field: string) => ({ field });
  return computeBloodChain(
    {
      samples: sampleH.map((h, i) => ({
        at: at(h),
        timeH: h,
        concBqPerMl: to124(blood(h), h) * A0_BQ,
        timeSource: source(`blood[${i}].at`),
        valueSource: source(`blood[${i}].concBqPerMl`),
      })),
      wholeBody: sampleH.map((h, i) => ({
        at: at(h),
        timeH: h,
        // counts follow 124I: the 131I-equivalent retention with 131I decay since T0 swapped for 124I
        netCounts: 1e5 * wbRelative(h) * Math.exp((LAMBDA_131 - LAMBDA_124) * (h - T0)),
        timeSource: source(`wholeBody[${i}].at`),
        valueSource: source(`wholeBody[${i}].netCounts`),
      })),
      weightKg: WEIGHT_KG,
      administeredActivityMBq: A0_BQ / 1e6,
    },
    resolveSettings(manifest),
  );
}

// Closed forms. Whole body: 100% biologically until T0, then the bi-exponential (with 131I decay).
const decayT0 = Math.exp(-LAMBDA_131 * T0);
const tauWb = (1 - decayT0) / LAMBDA_131 + decayT0 * (WB.f / WB.l1 + (1 - WB.f) / WB.l2);
const r48 = decayT0 * wbRelative(48);
// Blood: the true curve from 0, and the pipeline's rule (linear rise from 0 to the first sample).
const tauBloodTrue = BLOOD.a1 / BLOOD.l1 + BLOOD.a2 / BLOOD.l2;
const trueBeforeFirst =
  (BLOOD.a1 * (1 - Math.exp(-BLOOD.l1 * T0))) / BLOOD.l1 +
  (BLOOD.a2 * (1 - Math.exp(-BLOOD.l2 * T0))) / BLOOD.l2;
const triangle = (T0 * blood(T0)) / 2;
const ruleDifferenceH = trueBeforeFirst - triangle; // what the linear rise leaves out
const gammaFactor = 0.0188 / WEIGHT_KG ** (2 / 3);
const doseTrue = 108 * tauBloodTrue + gammaFactor * tauWb;
const rel = (a: number, b: number) => (a - b) / b;

describe('six noise-free samples (2, 6, 24, 48, 72, 108 h): the bi-exponential by default', () => {
  const r = run([2, 6, 24, 48, 72, 108]);

  it('the test curve has the plausible values it was built for', () => {
    expect(tauWb).toBeCloseTo(31, 0);
    expect(100 * r48).toBeCloseTo(16, 0);
    // the linear rise leaves out 5.4% of the true tau_blood on this curve (resolve-settings.ts)
    expect(ruleDifferenceH / tauBloodTrue).toBeGreaterThan(0.053);
    expect(ruleDifferenceH / tauBloodTrue).toBeLessThan(0.055);
  });

  it('both fits are bi-exponential, as requested, with nothing passed over', () => {
    expect(r.bloodFit.model).toBe('bi');
    expect(r.wholeBodyFit.model).toBe('bi');
    expect(r.bloodFit.modelChoice).toEqual({
      selection: 'preferred',
      requested: 'bi',
      used: 'bi',
      reason: null,
    });
    expect(r.wholeBodyFit.modelChoice.reason).toBeNull();
    expect(r.bloodFit.converged && r.wholeBodyFit.converged).toBe(true);
  });

  it('tau_WB and R(48 h) within 0.5% of the closed forms', () => {
    expect(Math.abs(rel(r.residenceTimeWholeBodyH, tauWb))).toBeLessThan(0.005);
    expect(Math.abs(rel(r.wbRetention48hPercent, 100 * r48))).toBeLessThan(0.005);
  });

  it('tau_blood is the linear rise plus the bi-exponential from the first sample (0.5%)', () => {
    const expected = triangle + tauBloodTrue - trueBeforeFirst;
    expect(Math.abs(rel(r.residenceTimeBloodPerMlH, expected))).toBeLessThan(0.005);
  });

  it('the blood dose is within what the pre-first-sample rule leaves out (108 x difference)', () => {
    const allowed = 108 * ruleDifferenceH;
    expect(Math.abs(r.doseGyPerGBq - doseTrue)).toBeLessThanOrEqual(allowed * 1.005);
    expect(r.doseGyPerGBq).toBeLessThan(doseTrue); // the triangle is below the curve
  });

  it('fit quality: no point missed, no warning; R(48 h) from the 48-h count agrees', () => {
    expect(r.bloodFit.quality.maxRelativeMiss).toBeLessThan(1e-4);
    expect(r.wholeBodyFit.quality.maxRelativeMiss).toBeLessThan(1e-4);
    expect(r.bloodFit.quality.flags).toEqual([]);
    expect(r.wbRetention48hFromCount?.percent).toBeCloseTo(100 * r48, 6);
    expect(r.wbRetention48hFromCount?.countTimesH).toEqual([48, 72]);
    expect(r.warnings).toEqual([]);
  });
});

describe('the same curves by AICc (selection: aicc): mono-exponentials, and the checks say so', () => {
  const r = run([2, 6, 24, 48, 72, 108], {
    bloodKinetics: { selection: 'aicc' },
    wholeBodyKinetics: { selection: 'aicc' },
  });

  it('AICc with K = p + 1 cannot rank a bi-exponential on six points: mono', () => {
    expect(r.bloodFit.model).toBe('mono');
    expect(r.wholeBodyFit.model).toBe('mono');
    expect(r.bloodFit.modelChoice.selection).toBe('aicc');
  });

  it('the misfit of the first sample is named with time, fitted and measured value', () => {
    const miss = r.bloodFit.quality.flags.find((f) => f.kind === 'miss' && f.index === 0);
    expect(miss).toBeDefined();
    const measured = blood(2);
    const line = r.warnings.find((w) => w.startsWith('blood: blood sample at 2.0 h: fitted'));
    expect(line).toContain(`the measured ${(100 * measured).toPrecision(3)} %/mL`);
  });

  it('R(48 h) of the fit disagrees with the 48-h count by more than 10%: warned', () => {
    const fromCount = r.wbRetention48hFromCount;
    expect(fromCount?.percent).toBeCloseTo(100 * r48, 6);
    expect(Math.abs(fromCount?.fitDifference ?? 0)).toBeGreaterThan(0.1);
    expect(r.warnings.some((w) => w.includes('read from the counts at 48.0 and 72.0 h'))).toBe(
      true,
    );
  });
});

describe("the seed's own schedule (2, 24, 108 h): too few samples for a bi-exponential", () => {
  const r = run([2, 24, 108]);

  it('falls back to mono-exponentials and says why, in the result and as a warning', () => {
    expect(r.bloodFit.model).toBe('mono');
    expect(r.wholeBodyFit.model).toBe('mono');
    expect(r.bloodFit.modelChoice).toMatchObject({ requested: 'bi', used: 'mono' });
    expect(r.bloodFit.modelChoice.reason).toContain(
      '3 points for the 4 parameters of a bi-exponential: it needs at least 5',
    );
    expect(r.wholeBodyFit.modelChoice.reason).toContain(
      '2 points after the first (normalising) one for the 3 parameters of a bi-exponential: it needs at least 4',
    );
    expect(
      r.warnings.some((w) =>
        w.startsWith('blood: mono-exponential used instead of the bi-exponential'),
      ),
    ).toBe(true);
    expect(
      r.warnings.some((w) =>
        w.startsWith('whole body: mono-exponential used instead of the bi-exponential'),
      ),
    ).toBe(true);
  });

  it('the blood fallback keeps the linear rise to the first sample', () => {
    expect(r.bloodFit.curve.before).toBe('linear');
    expect(r.bloodFit.parts.beforeFirstH).toBeCloseTo(
      (T0 * (r.bloodFit.points[0]!.value - r.bloodFit.residuals[0]!)) / 2,
      12,
    );
  });
});

describe('errors of the blood chain name the sources of its inputs', () => {
  const input = (sampleH: number[], firstCount = 1e5) => ({
    samples: sampleH.map((h, i) => ({
      at: at(h),
      timeH: h,
      concBqPerMl: to124(blood(h), h) * A0_BQ,
      timeSource: { field: `blood[${i}].at` },
      valueSource: { field: `blood[${i}].concBqPerMl` },
    })),
    wholeBody: sampleH.map((h, i) => ({
      at: at(h),
      timeH: h,
      netCounts: i === 0 ? firstCount : 1e5 * wbRelative(h),
      timeSource: { field: `wholeBody[${i}].at` },
      valueSource: { field: `wholeBody[${i}].netCounts` },
    })),
    weightKg: WEIGHT_KG,
    administeredActivityMBq: A0_BQ / 1e6,
  });
  const settings = resolveSettings({
    iodose: 1,
    patient: { id: 'BI', weightKg: WEIGHT_KG, diffuseLungMetastases: false },
    tracer: { nuclide: 'I-124', activityMBq: A0_BQ / 1e6, administeredAt: at(0) },
    lesions: [],
    blood: [],
    wholeBody: [],
  });

  it('a repeated sample time names the later sample (in the order given, not sorted)', () => {
    // given 48, 2, 24, 48 h: sorted 2, 24, 48, 48; the second 48 h is blood[3]
    expect(() => computeBloodChain(input([48, 2, 24, 48]), settings)).toThrow(
      /^blood\[3\]\.at: duplicate time 48 h/,
    );
  });

  it('a first count of 0 names that count', () => {
    expect(() => computeBloodChain(input([2, 24, 48, 72], 0), settings)).toThrow(
      /^wholeBody\[0\]\.netCounts: the first whole-body count must be > 0/,
    );
  });
});
