/**
 * A made-up patient's StudyResults, built by hand for rendering tests: two lesions (one lung
 * lesion that takes up iodine, one with a tiny 0.004% uptake), blood and whole-body curves, and a
 * lung-limited MTA (diffuse lung metastases). Numbers are self-consistent where the report shows
 * how they combine (doses, limits, MTA), not the output of the pipeline.
 */
import { decideTherapy } from '../../src/dosimetry/decision.ts';
import { findingsFrom } from '../../src/study/finding-codes.ts';
import type { KineticsResult, TimeActivityPoint } from '../../src/kinetics/index.ts';
import { fitQuality } from '../../src/kinetics/fit-quality.ts';
import type { BloodResult, LesionResult, StudyResults } from '../../src/study/results.ts';
import { defaultUncertaintySettings } from '../../src/dosimetry/uncertainty/settings.ts';

const T131 = 192.6; // h, 131I half-life (ICRP-107: 8.0252 d)
const LAMBDA131 = Math.LN2 / T131;

/** A mono-exponential KineticsResult A e^{-lambda (t - shift)} through `times`. */
export function monoFit(
  times: number[],
  amplitude: number,
  lambdaPerH: number,
  before: 'curve' | 'linear' | 'hold' = 'curve',
  shiftH = 0,
): KineticsResult {
  const f = (t: number): number => amplitude * Math.exp(-lambdaPerH * (t - shiftH));
  const points: TimeActivityPoint[] = times.map((t, i) => ({
    timeH: t,
    value: f(t) * (1 + 0.03 * (i % 2 === 0 ? 1 : -1)),
  }));
  const first = times[0] ?? 0;
  const last = times[times.length - 1] ?? 0;
  const integralFrom = (t: number): number => f(t) / lambdaPerH;
  const beforeFirstH =
    before === 'linear'
      ? (f(first) * first) / 2
      : before === 'hold'
        ? f(first) * first
        : integralFrom(0) - integralFrom(first);
  const measuredH = integralFrom(first) - integralFrom(last);
  const afterLastH = integralFrom(last);
  const total = beforeFirstH + measuredH + afterLastH;
  return {
    model: 'mono',
    params: { amplitude, lambdaPerH },
    paramSigmas: { amplitude: 0.05 * amplitude, lambdaPerH: 0.08 * lambdaPerH },
    covariance: [
      [(0.05 * amplitude) ** 2, 0],
      [0, (0.08 * lambdaPerH) ** 2],
    ],
    converged: true,
    exact: times.length === 2,
    residuals: points.map((p) => p.value - f(p.timeH)),
    aicc: null,
    candidates: [{ model: 'mono', aicc: null, converged: true, ssr: 0.0018 }],
    modelChoice: { selection: 'aicc', requested: null, used: 'mono', reason: null },
    quality: fitQuality(
      points,
      points.map((p) => f(p.timeH)),
    ),
    effectiveHalfLifeH: Math.LN2 / lambdaPerH,
    tail: 'fit',
    timeIntegratedH: total,
    timeIntegratedSigmaH: 0.09 * total,
    parts: { beforeFirstH, measuredH, afterLastH },
    warnings: [],
    points,
    curve: {
      components: [{ amplitude, lambdaPerH }],
      shiftH,
      knots: [],
      before,
      firstTimeH: first,
      lastTimeH: last,
      tail: { kind: 'curve' },
    },
    settings: {
      selection: 'aicc',
      physicalDecayConstantPerH: LAMBDA131,
      tailRule: 'seed',
      uptakePhase: before === 'linear' ? 'linear' : 'none',
      normalisedAtFirstPoint: before === 'hold',
      weighting: 'relative',
    },
  };
}

interface LesionSpec {
  id: string;
  site: string | null;
  volumeMl: number;
  uptake24hFraction: number;
  effectiveHalfLifeH: number;
  warnings?: string[];
}

const S_GY_PER_BQ_S_TIMES_G = 3.0e-11; // about 0.19 MeV absorbed per decay, x 1 g

function lesion(
  spec: LesionSpec,
  therapyGBq: number,
  mtaGBq: number,
  thresholdGy: number,
): LesionResult {
  const lambda = Math.LN2 / spec.effectiveHalfLifeH;
  const amplitude = spec.uptake24hFraction * Math.exp(lambda * 24);
  const times = [24, 48, 96];
  const fit = monoFit(times, amplitude, lambda);
  const massG = 1.04 * spec.volumeMl;
  const sValueGyPerBqS = S_GY_PER_BQ_S_TIMES_G / massG;
  const doseGyPerGBq = fit.timeIntegratedH * 3600 * sValueGyPerBqS * 1e9;
  const activityForThresholdGBq = doseGyPerGBq > 0 ? thresholdGy / doseGyPerGBq : null;
  return {
    id: spec.id,
    site: spec.site,
    volumeMl: spec.volumeMl,
    volumeSource: 'lesions[].volumeMl',
    massG,
    densityGPerMl: 1.04,
    recoveryCoefficient: 0.62,
    uptake24hPercent: 100 * spec.uptake24hFraction,
    residenceTimeH: fit.timeIntegratedH,
    residenceTimeSigmaH: fit.timeIntegratedSigmaH,
    effectiveHalfLifeH: fit.effectiveHalfLifeH,
    sValueGyPerBqS,
    doseGyPerGBq,
    doseSigmaGyPerGBq: 0.09 * doseGyPerGBq,
    dose95GyPerGBq: [0.84 * doseGyPerGBq, 1.19 * doseGyPerGBq],
    doseAtTherapyGy: doseGyPerGBq * therapyGBq,
    doseAtTherapySigmaGy: 0.09 * doseGyPerGBq * therapyGBq,
    probabilityReachesThreshold: doseGyPerGBq * therapyGBq >= thresholdGy ? 0.93 : 0.01,
    uncertainty: {
      doseSigmaGyPerGBq: 0.09 * doseGyPerGBq,
      relative: 0.09,
      components: {
        calibration: 0.05 * doseGyPerGBq,
        counting: 0.05 * doseGyPerGBq,
        recovery: 0.03 * doseGyPerGBq,
        volume: 0.05 * doseGyPerGBq,
        kinetics: 0.0 * doseGyPerGBq,
      },
      volumeRelSd: 0.15,
      interval95: 'lognormal (median = dose, same relative sd)',
      monteCarlo95GyPerGBq: [0.84 * doseGyPerGBq, 1.19 * doseGyPerGBq],
      monteCarloSigmaGyPerGBq: 0.09 * doseGyPerGBq,
    },
    reachesThreshold: doseGyPerGBq * therapyGBq >= thresholdGy,
    activityForThresholdGBq,
    thresholdActivityWithinMta:
      activityForThresholdGBq !== null && activityForThresholdGBq <= mtaGBq,
    points: fit.points.map((p, i) => ({
      at: `2024-03-0${5 + i}T09:15:00`,
      timeH: p.timeH,
      meanConcBqPerMl: 1500 / (i + 1),
      recoveryCoefficient: 0.62,
      activity124Bq: p.value * 37e6,
      fraction131: p.value,
    })),
    fit,
    warnings: spec.warnings ?? [],
    assessable: true,
    notAssessableReasons: [],
  };
}

function blood(weightKg: number): BloodResult {
  const bloodFit = monoFit([2, 6, 24, 48, 96], 6.0e-5, Math.LN2 / 14, 'linear');
  const decayAtFirst = Math.exp(-LAMBDA131 * 2);
  const wbLambda = Math.LN2 / 60;
  const wholeBodyFit = monoFit([2, 24, 48, 96], 1, wbLambda, 'hold', 2);
  const tauWb =
    (1 - decayAtFirst) / LAMBDA131 +
    decayAtFirst * (wholeBodyFit.timeIntegratedH - wholeBodyFit.parts.beforeFirstH);
  const beta = 108 * bloodFit.timeIntegratedH;
  const gamma = (0.0188 / weightKg ** (2 / 3)) * tauWb;
  return {
    doseGyPerGBq: beta + gamma,
    doseSigmaGyPerGBq: 0.07 * (beta + gamma),
    doseSigmaNotAssessableReason: null,
    betaFromBloodGyPerGBq: beta,
    gammaFromWholeBodyGyPerGBq: gamma,
    residenceTimeBloodPerMlH: bloodFit.timeIntegratedH,
    residenceTimeWholeBodyH: tauWb,
    wbRetention48hPercent: 100 * decayAtFirst * Math.exp(-wbLambda * 46),
    wbRetention48hFromCount: null,
    bloodPoints: bloodFit.points.map((p) => ({
      at: 'x',
      timeH: p.timeH,
      concBqPerMl: p.value * 37e6,
      fraction131PerMl: p.value,
    })),
    wholeBodyPoints: wholeBodyFit.points.map((p, i) => ({
      at: 'x',
      timeH: p.timeH,
      netCounts: 150000 * (1 - i * 0.2),
      retention131: i === 0 ? decayAtFirst : p.value * decayAtFirst,
    })),
    bloodFit,
    wholeBodyFit,
    wholeBodyFirstCountDecay131: decayAtFirst,
    warnings: ['whole body: only 4 counts; bi-exponential not supported'],
  };
}

/** Options of the fixture: lesion-1 uptake scales eligibility; blood can be left out. */
export interface FixtureOptions {
  lesion1Uptake24hFraction?: number;
  withBlood?: boolean;
  lesionIds?: [string, string];
}

/** Hand-built StudyResults of patient "P-TEST & <b>co</b>" (escaping shows in the header). */
export function makeResults(options: FixtureOptions = {}): StudyResults {
  const weightKg = 72;
  const planned = 7.4;
  const thresholdGy = 20;
  const b = options.withBlood === false ? null : blood(weightKg);
  const lungRetentionLimit = 3.0;
  const mta =
    b === null
      ? null
      : (() => {
          const bloodLimitGBq = 2 / b.doseGyPerGBq;
          const lungLimitGBq = lungRetentionLimit / (b.wbRetention48hPercent / 100);
          return {
            activityGBq: Math.min(bloodLimitGBq, lungLimitGBq),
            bloodLimitGBq,
            lungLimitGBq,
            retentionLimitActivityGBq: lungLimitGBq,
            limitedBy: bloodLimitGBq <= lungLimitGBq ? ('blood' as const) : ('retention' as const),
            retentionLimitGBq: lungRetentionLimit,
            diffuseLungMetastases: true,
            activitySigmaGBq: 0.07 * Math.min(bloodLimitGBq, lungLimitGBq),
            bloodLimitSigmaGBq: 0.05 * bloodLimitGBq,
            lungLimitSigmaGBq: 0.07 * lungLimitGBq,
          };
        })();
  const mtaGBq = mta?.activityGBq ?? Infinity;
  const therapyGBq = Math.min(planned, mtaGBq);
  const [id1, id2] = options.lesionIds ?? ['L1', 'L2'];
  const lesions = [
    lesion(
      {
        id: id1,
        site: 'lung, right lower lobe',
        volumeMl: 2.1,
        uptake24hFraction: options.lesion1Uptake24hFraction ?? 0.0015,
        effectiveHalfLifeH: 70,
      },
      therapyGBq,
      mtaGBq,
      thresholdGy,
    ),
    lesion(
      {
        id: id2,
        site: 'cervical lymph node',
        volumeMl: 0.85,
        uptake24hFraction: 0.0000412,
        effectiveHalfLifeH: 31,
        warnings: [
          'no recovery coefficient given for some measurements: RC = 1 used, partial-volume loss not corrected',
        ],
      },
      therapyGBq,
      mtaGBq,
      thresholdGy,
    ),
  ];
  const doses = lesions.map((l) => l.doseAtTherapyGy);
  const needed = lesions.flatMap((l) =>
    l.activityForThresholdGBq === null ? [] : [l.activityForThresholdGBq],
  );
  const minimum = needed.length > 0 ? Math.min(...needed) : null;
  const decision = decideTherapy({
    lesions: lesions.map((l) => ({
      ...l,
      doseAtPlannedGy: l.doseGyPerGBq * planned,
      notAssessableReasons: [],
    })),
    thresholdGy,
    plannedActivityGBq: planned,
    activityGBq: therapyGBq,
    mta:
      b === null
        ? { status: 'missing', reasons: ['no blood data'] }
        : { status: 'trusted', reasons: [] },
  });
  return {
    iodoseResults: 1,
    patient: { id: 'P-TEST & <b>co</b>', weightKg, diffuseLungMetastases: true },
    tracer: { nuclide: 'I-124', activityMBq: 37.2, administeredAt: '2024-03-04T09:15:00' },
    lesions,
    blood: b,
    mta,
    therapy: {
      plannedActivityGBq: planned,
      activityGBq: therapyGBq,
      limitedBy: mta === null ? 'plan (no MTA)' : planned <= mtaGBq ? 'plan' : 'mta',
      decision: decision.decision,
      decisionReasons: decision.reasons,
      eligible: decision.decision === 'eligible',
      eligibleByDoseAlone: lesions.some((l) => l.reachesThreshold),
      maxLesionDoseGy: Math.max(...doses),
      lesionDoseThresholdGy: thresholdGy,
      minimumEligibleActivityGBq: minimum,
      eligibleAtMta: mta === null ? null : minimum !== null && minimum <= mtaGBq,
      probabilityEligible: lesions.some((l) => l.reachesThreshold) ? 0.93 : 0.01,
      monteCarlo: {
        samples: 2000,
        seed: 2456,
        failedSamples: 0,
        bloodSampling: 'linear',
        method: 'test',
      },
    },
    warnings:
      b === null
        ? [
            'no blood samples or whole-body counts: MTA not computed, the planned activity is used unchecked',
          ]
        : [],
    findings: [
      ...findingsFrom(
        'study',
        b === null
          ? [
              'no blood samples or whole-body counts: MTA not computed, the planned activity is used unchecked',
            ]
          : [],
      ),
      ...lesions.flatMap((l) => findingsFrom('lesion', l.warnings, { lesionId: l.id })),
      ...findingsFrom('blood', b?.warnings ?? []),
    ],
    provenance: {
      tool: 'iodose',
      version: '0.1.0',
      manifest: 'examples/p-test/manifest.yaml',
      inputsSha256: '3f7a0c9e5b1d2468ace013579bdf2468ace013579bdf2468ace013579bdf2468',
      nuclearData: 'ICRP Publication 107 (Eckerman & Endo 2008)',
      halfLife131H: T131,
      halfLife124H: 100.22,
      sValues: 'iodose sphere S-values (Monte Carlo, unit-density spheres)',
      settings: {
        plannedActivityGBq: planned,
        lesionDoseThresholdGy: thresholdGy,
        bloodDoseLimitGy: 2,
        retention48hLimitGBq: 4.4,
        retention48hLimitLungGBq: lungRetentionLimit,
        lesionDensityGPerMl: 1.04,
        uptakeTimeH: 24,
        retentionTimeH: 48,
        uncertainty: defaultUncertaintySettings(),
        kinetics: {
          lesion: { models: ['mono'], tailRule: 'seed', uptakePhase: 'none' },
          blood: { tailRule: 'seed', uptakePhase: 'linear' },
          wholeBody: { tailRule: 'seed', uptakePhase: 'none' },
        },
      },
      createdAt: '2024-03-09T14:02:11.000Z',
    },
  };
}
