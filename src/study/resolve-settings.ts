/**
 * The settings of one run: the defaults of src/dosimetry/settings.ts, overridden by the
 * manifest's `therapy` and `settings` blocks. Kinetic defaults per curve are chosen here.
 */
import { defaultSettings, type DosimetrySettings } from '../dosimetry/settings.ts';
import {
  defaultUncertaintySettings,
  type UncertaintySettings,
} from '../dosimetry/uncertainty/settings.ts';
import type { KineticModelName } from '../kinetics/index.ts';
import type { CurveSettings, StudyManifest } from './manifest-schema.ts';

/** Kinetic options of one curve after defaults are applied. */
export interface CurveOptions {
  models: KineticModelName[] | undefined;
  tailRule: 'seed' | 'fit' | 'physical';
  uptakePhase: 'none' | 'linear';
}

export interface RunSettings extends DosimetrySettings {
  lesionKinetics: CurveOptions;
  bloodKinetics: CurveOptions;
  wholeBodyKinetics: CurveOptions;
  uncertainty: UncertaintySettings;
}

/**
 * Kinetic defaults. Lesions: mono-exponential from t = 0 (seed paper, Data analysis). Blood and
 * whole body: model chosen by AICc among those the points support (the seed fitted
 * bi-exponentials). Tail: physical 131I decay after the last point when T_eff > T_phys (seed).
 * Blood after oral intake is 0 at t = 0, so it rises linearly to the first sample.
 */
const CURVE_DEFAULTS = {
  lesion: { models: ['mono'], tailRule: 'seed', uptakePhase: 'none' },
  blood: { models: undefined, tailRule: 'seed', uptakePhase: 'linear' },
  wholeBody: { models: undefined, tailRule: 'seed', uptakePhase: 'none' },
} as const satisfies Record<
  string,
  { models: readonly KineticModelName[] | undefined; tailRule: string; uptakePhase: string }
>;

function curve(
  defaults: (typeof CURVE_DEFAULTS)[keyof typeof CURVE_DEFAULTS],
  given: CurveSettings | undefined,
): CurveOptions {
  return {
    models: given?.models ?? (defaults.models === undefined ? undefined : [...defaults.models]),
    tailRule: given?.tailRule ?? defaults.tailRule,
    uptakePhase: given?.uptakePhase ?? defaults.uptakePhase,
  };
}

/** Settings for one study: defaults overridden by the manifest. */
export function resolveSettings(manifest: StudyManifest): RunSettings {
  const base = defaultSettings();
  const therapy = manifest.therapy ?? {};
  const settings = manifest.settings ?? {};
  return {
    plannedActivityGBq: therapy.plannedActivityGBq ?? base.plannedActivityGBq,
    lesionDoseThresholdGy: therapy.lesionDoseThresholdGy ?? base.lesionDoseThresholdGy,
    bloodDoseLimitGy: therapy.bloodDoseLimitGy ?? base.bloodDoseLimitGy,
    retention48hLimitGBq: therapy.retention48hLimitGBq ?? base.retention48hLimitGBq,
    retention48hLimitLungGBq: therapy.retention48hLimitLungGBq ?? base.retention48hLimitLungGBq,
    lesionDensityGPerMl: settings.lesionDensityGPerMl ?? base.lesionDensityGPerMl,
    uptakeTimeH: settings.uptakeTimeH ?? base.uptakeTimeH,
    retentionTimeH: settings.retentionTimeH ?? base.retentionTimeH,
    lesionKinetics: curve(CURVE_DEFAULTS.lesion, settings.lesionKinetics),
    bloodKinetics: curve(CURVE_DEFAULTS.blood, settings.bloodKinetics),
    wholeBodyKinetics: curve(CURVE_DEFAULTS.wholeBody, settings.wholeBodyKinetics),
    uncertainty: { ...defaultUncertaintySettings(), ...settings.uncertainty },
  };
}
