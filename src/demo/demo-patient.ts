/**
 * The bundled demo patient (measurement level): a synthetic study built from known curves, so
 * its true residence times are known. Lesions follow mono-exponential 131I-equivalent curves;
 * blood and whole-body retention bi-exponential ones, with a fixed +-2% pattern of measurement
 * error so the fits have something to do. Values are written as a physicist would measure them:
 * 124I at acquisition time, not decay-corrected, concentrations lowered by the recovery
 * coefficient of the lesion size.
 */
import { I124, I131 } from '../physics/nuclides.ts';
import type { StudyManifest } from '../io/manifest/manifest-schema.ts';

/** Known truth of one demo lesion: 131I-equivalent fraction at t = 0 and effective half-life. */
export interface DemoLesionTruth {
  id: string;
  site: string;
  volumeMl: number;
  recoveryCoefficient: number;
  fractionAtZero: number;
  effectiveHalfLifeH: number;
}

export const DEMO_ADMINISTERED_AT = '2024-03-04T09:15:00';
export const DEMO_ACTIVITY_MBQ = 37;
const SCAN_TIMES_H = [24, 108];
const SAMPLE_TIMES_H = [2, 4, 6, 24, 48, 72, 96, 120];
/** Fixed relative measurement errors applied to blood and whole-body values, in order. */
const ERROR_PATTERN = [1.02, 0.985, 1.01, 0.99, 1.015, 0.99, 1.005, 0.98];

export const DEMO_LESIONS: readonly DemoLesionTruth[] = [
  {
    id: 'L1',
    site: 'liver',
    volumeMl: 6.3,
    recoveryCoefficient: 0.78,
    fractionAtZero: 0.0024,
    effectiveHalfLifeH: 70,
  },
  {
    id: 'L2',
    site: 'lung',
    volumeMl: 1.2,
    recoveryCoefficient: 0.52,
    fractionAtZero: 0.00008,
    effectiveHalfLifeH: 40,
  },
  {
    id: 'L3',
    site: 'thyroid bed',
    volumeMl: 12.4,
    recoveryCoefficient: 0.86,
    fractionAtZero: 0.0006,
    effectiveHalfLifeH: 30,
  },
];

/** Blood: 131I-equivalent fraction of administered activity per mL, bi-exponential. */
export const DEMO_BLOOD_TRUTH = { a1: 3.5e-5, halfLife1H: 8, a2: 2.5e-6, halfLife2H: 60 };
/** Whole body: 131I-equivalent retention relative to the first count, bi-exponential from t0. */
export const DEMO_WHOLE_BODY_TRUTH = { fraction1: 0.9, halfLife1H: 10, halfLife2H: 70 };

function at(hours: number): string {
  const ms = Date.UTC(2024, 2, 4, 9, 15, 0) + Math.round(hours * 3_600_000);
  return new Date(ms).toISOString().slice(0, 19);
}

/** 124I value at acquisition time from a 131I-equivalent value at `timeH` (inverse conversion). */
function to124AtAcquisition(value131: number, timeH: number): number {
  return value131 * Math.exp((I131.decayConstantPerH - I124.decayConstantPerH) * timeH);
}

function biExp(a1: number, h1: number, a2: number, h2: number, timeH: number): number {
  return a1 * Math.exp((-Math.LN2 / h1) * timeH) + a2 * Math.exp((-Math.LN2 / h2) * timeH);
}

/** The demo study manifest (plain data, ready to be written as YAML). */
export function demoManifest(): StudyManifest {
  const administeredBq = DEMO_ACTIVITY_MBQ * 1e6;
  const measurements = DEMO_LESIONS.flatMap((lesion) =>
    SCAN_TIMES_H.map((timeH) => {
      const fraction =
        lesion.fractionAtZero * Math.exp((-Math.LN2 / lesion.effectiveHalfLifeH) * timeH);
      const trueConc = (to124AtAcquisition(fraction, timeH) * administeredBq) / lesion.volumeMl;
      return {
        lesion: lesion.id,
        at: at(timeH),
        meanConcBqPerMl: sixFigures(trueConc * lesion.recoveryCoefficient),
        recoveryCoefficient: lesion.recoveryCoefficient,
      };
    }),
  );
  const blood = SAMPLE_TIMES_H.map((timeH, index) => {
    const b = DEMO_BLOOD_TRUTH;
    const fraction = biExp(b.a1, b.halfLife1H, b.a2, b.halfLife2H, timeH);
    const conc = to124AtAcquisition(fraction, timeH) * administeredBq * (ERROR_PATTERN[index] ?? 1);
    return { at: at(timeH), concBqPerMl: sixFigures(conc) };
  });
  const firstH = SAMPLE_TIMES_H[0] ?? 0;
  const wholeBody = SAMPLE_TIMES_H.map((timeH, index) => {
    const w = DEMO_WHOLE_BODY_TRUTH;
    const retention131 = biExp(
      w.fraction1,
      w.halfLife1H,
      1 - w.fraction1,
      w.halfLife2H,
      timeH - firstH,
    );
    // Counts follow 124I: undo the 131I decay since the first count, apply 124I decay.
    const counts =
      150_000 *
      retention131 *
      Math.exp((I131.decayConstantPerH - I124.decayConstantPerH) * (timeH - firstH)) *
      (index === 0 ? 1 : (ERROR_PATTERN[index] ?? 1));
    return { at: at(timeH), netCounts: Math.round(counts) };
  });
  return {
    iodose: 1,
    patient: { id: 'DEMO-01', weightKg: 72, heightCm: 168, sex: 'F', diffuseLungMetastases: false },
    tracer: {
      nuclide: 'I-124',
      activityMBq: DEMO_ACTIVITY_MBQ,
      administeredAt: DEMO_ADMINISTERED_AT,
    },
    therapy: { plannedActivityGBq: 7.4, lesionDoseThresholdGy: 20, bloodDoseLimitGy: 2 },
    lesions: DEMO_LESIONS.map((lesion) => ({
      id: lesion.id,
      site: lesion.site,
      volumeMl: lesion.volumeMl,
    })),
    measurements: { lesions: measurements },
    blood,
    wholeBody,
  };
}

/** Rounds to six significant figures, as a counter or scanner would report. */
function sixFigures(value: number): number {
  return Number(value.toPrecision(6));
}
