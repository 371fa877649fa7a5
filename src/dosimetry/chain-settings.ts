/**
 * The settings the dosimetric chains run with: the clinical limits and method choices of
 * settings.ts, the kinetic options of each curve and the uncertainty budget. study/resolve-settings.ts
 * fills them from the defaults and a manifest.
 */
import type { KineticModelName, ModelSelection } from '../kinetics/index.ts';
import type { DosimetrySettings } from './settings.ts';
import type { UncertaintySettings } from './uncertainty/settings.ts';

/** Kinetic options of one curve after defaults are applied. */
export interface CurveOptions {
  /** Undefined with 'aicc': every model the points support. */
  models: KineticModelName[] | undefined;
  selection: ModelSelection;
  tailRule: 'seed' | 'fit' | 'physical';
  uptakePhase: 'none' | 'linear';
}

export interface RunSettings extends DosimetrySettings {
  lesionKinetics: CurveOptions;
  bloodKinetics: CurveOptions;
  wholeBodyKinetics: CurveOptions;
  uncertainty: UncertaintySettings;
}
