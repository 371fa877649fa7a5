/**
 * iodose as a library: the same functions the CLI uses, typed.
 * `import { runStudy, loadStudyManifest } from 'iodose'`.
 * The use cases (`computeStudy`, `calibrate`, `computeCohort`, `exportStudy`, `runDemo`) are
 * what the CLI runs; `folderOutputs()` gives them the CLI's file sinks.
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
export { computeLesionChain, type LesionChainContext } from './dosimetry/lesion-chain.ts';
export type {
  LesionChainInput,
  LesionPointInput,
  LesionVolumeInput,
  LesionDosimetry,
} from './dosimetry/lesion-chain-types.ts';
export { computeBloodChain } from './dosimetry/blood-chain.ts';
export type {
  BloodChainInput,
  BloodSampleInput,
  WholeBodyCountInput,
  BloodChainResult,
} from './dosimetry/blood-chain-types.ts';
export type { LoadedStudy, LoadedSession } from './study/loaded-study.ts';
export { measureStudyImages, type StudyImages } from './study/measure-lesions.ts';
export { loadStudyImages } from './app/load-study-images.ts';
// DICOM from bytes (uploads, DICOMweb responses) and from folders.
export { parseInstance } from './io/dicom/read/parse-instance.ts';
export { assembleSeries } from './io/dicom/read/assemble-instances.ts';
export type { InstanceBytes, DicomInstance, Dataset } from './io/dicom/read/instance.ts';
export { readSeriesAsync, listSeriesAsync } from './io/dicom/read/folder-series.ts';
export { readPetSeriesAsync, type LoadedPet } from './io/dicom/read/read-pet-series.ts';
export type { StudyResults } from './study/results.ts';
export { demoManifest } from './demo/demo-patient.ts';

// Use cases (src/app): each takes a sink for its artefacts, a progress callback and an AbortSignal.
export {
  memorySink,
  prefixedSink,
  artefactBytes,
  type Artefact,
  type ArtefactSink,
  type MemorySink,
  type InputRef,
  type FolderOutputs,
} from './core/artefact.ts';
export { AbortedError, type Progress, type RunControl } from './app/progress.ts';
export { computeStudy, type StudyRun, type StudyRunOptions } from './app/study/compute-study.ts';
export type { StudySource, StudyFile, StudyInMemory } from './app/study/study-source.ts';
export {
  calibrate,
  runCalibration,
  type CalibrateOptions,
  type CalibrationRun,
} from './app/calibrate.ts';
export type { RecoveryFile } from './calibration/recovery-file.ts';
export {
  computeCohort,
  type CohortRun,
  type CohortRunOptions,
} from './app/cohort/compute-cohort.ts';
export type { CohortAnalysis } from './cohort/cohort-analysis.ts';
export {
  exportStudy,
  type ExportFormat,
  type ExportOptions,
  type ExportRun,
} from './app/export.ts';
export {
  runDemo,
  type DemoKind,
  type DemoRunOptions,
  type StudyDemoRun,
  type CohortDemoRun,
} from './app/demo.ts';
export { folderOutputs, outputSetSink } from './report/output/folder-outputs.ts';
