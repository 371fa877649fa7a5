/**
 * iodose as a library: the same functions the CLI uses, typed.
 * `import { runStudy, loadStudyManifest } from 'iodose'`.
 */
export { InputError, isUserError } from './core/errors.ts';
export { I124, I131, NUCLIDES, type Nuclide } from './physics/nuclides.ts';
export { decayFactor, decayCorrectToOrigin, i124To131Equivalent } from './physics/decay.ts';
export { sphereSValue } from './physics/s-values/sphere-s-values.ts';
export { fitKinetics, evaluateKinetics } from './kinetics/index.ts';
export type { KineticsResult, KineticsOptions, TimeActivityPoint } from './kinetics/index.ts';
export { doseGyPerGBq } from './dosimetry/lesion-dose.ts';
export { eanmBloodDose } from './dosimetry/eanm-blood.ts';
export { maximumTolerableActivity } from './dosimetry/mta.ts';
export { planTherapy } from './dosimetry/eligibility.ts';
export { SETTINGS_TABLE, defaultSettings } from './dosimetry/settings.ts';
export { studyManifestSchema, type StudyManifest } from './io/manifest/manifest-schema.ts';
export { loadStudyManifest } from './io/manifest/load-manifest.ts';
export { runStudy } from './study/run-study.ts';
export type { StudyResults } from './study/results.ts';
export { demoManifest } from './demo/demo-patient.ts';
