/**
 * The settings of one run: the defaults of src/dosimetry/settings.ts, overridden by the
 * manifest's `therapy` and `settings` blocks. Kinetic defaults per curve are chosen here.
 */
import { defaultSettings } from '../dosimetry/settings.ts';
import { defaultUncertaintySettings } from '../dosimetry/uncertainty/settings.ts';
import type { KineticModelName, ModelSelection } from '../kinetics/index.ts';
import type { CurveOptions, RunSettings } from '../dosimetry/chain-settings.ts';
import type { CurveSettings, StudyManifest } from '../io/manifest/manifest-schema.ts';

/**
 * Kinetic defaults. Lesions: mono-exponential from t = 0 (seed paper, Data analysis). Blood and
 * whole body: the seed's bi-exponential wherever the points determine one, else the
 * mono-exponential (selection 'preferred', src/kinetics/model-choice.ts says what "determine"
 * requires); `selection: aicc` chooses by AICc instead, among `models` or, without them, every
 * model the points support. Tail: physical 131I decay after the last point when T_eff > T_phys
 * (seed).
 * Blood before the first sample: a linear rise from 0 at administration to the fitted value at
 * the first sample (the seed's rule, kept: after oral intake nothing is in the blood at t = 0 and
 * the activity rises during absorption; the fitted curve extrapolated back to t = 0 would put its
 * largest value there instead). How much it matters: on the noise-free bi-exponential curve of
 * test/dosimetry/blood-chain-default-bi.test.ts (first sample at 2 h, effective half-lives 6 h and 40 h)
 * the triangle is 4.97e-5 h/mL (5.4% of tau_blood) below the bi-exponential integrated from
 * t = 0, which lowers the blood dose by 4.0% (0.0054 Gy/GBq); the test computes both by hand.
 */
const CURVE_DEFAULTS = {
  lesion: { models: ['mono'], selection: 'aicc', tailRule: 'seed', uptakePhase: 'none' },
  blood: {
    models: ['bi', 'mono'],
    selection: 'preferred',
    tailRule: 'seed',
    uptakePhase: 'linear',
  },
  wholeBody: {
    models: ['bi', 'mono'],
    selection: 'preferred',
    tailRule: 'seed',
    uptakePhase: 'none',
  },
} as const satisfies Record<
  string,
  {
    models: readonly KineticModelName[] | undefined;
    selection: ModelSelection;
    tailRule: string;
    uptakePhase: string;
  }
>;

function curve(
  defaults: (typeof CURVE_DEFAULTS)[keyof typeof CURVE_DEFAULTS],
  given: CurveSettings | undefined,
): CurveOptions {
  const selection = given?.selection ?? defaults.selection;
  // selection aicc without models: every supported model; else the models given or the defaults
  const models =
    given?.models ??
    (selection === 'aicc' && defaults.selection === 'preferred' ? undefined : [...defaults.models]);
  return {
    models,
    selection,
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
