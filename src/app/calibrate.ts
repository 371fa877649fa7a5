/**
 * Use case "calibrate" (`iodose calibrate`): phantom manifest -> PET series -> sphere recovery
 * coefficients -> RC(V) curve file. Paths in the manifest are relative to the manifest's folder.
 */
import { dirname, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import type { ArtefactSink, InputRef } from '../core/artefact.ts';
import { InputError } from '../core/errors.ts';
import { analysePhantom } from '../calibration/analyse-phantom.ts';
import type { RecoveryFile } from '../calibration/recovery-file.ts';
import { readPetSeriesAsync } from '../io/dicom/read/read-pet-series.ts';
import { decayFactor } from '../physics/decay.ts';
import { I124 } from '../physics/nuclides.ts';
import {
  parseManifestText,
  readManifestBytes,
  validateWith,
} from '../io/manifest/load-manifest.ts';
import {
  IEC_SPHERE_DIAMETERS_MM,
  phantomManifestSchema,
} from '../io/manifest/phantom-manifest-schema.ts';
import { expectInputFolder } from '../io/manifest/path-kinds.ts';
import { IODOSE_VERSION } from '../core/version.ts';
import { stages, type RunControl } from './progress.ts';

const SCANNER_KEYS = [
  'Manufacturer',
  'ManufacturerModelName',
  'StationName',
  'ReconstructionMethod',
  'ConvolutionKernel',
  'SeriesDescription',
  'SliceThickness',
  'Units',
  'DecayCorrection',
];

/** Analyses the phantom of `manifestPath` and returns the recovery file contents. */
export async function runCalibration(
  manifestPath: string,
  createdAt: string,
): Promise<RecoveryFile> {
  const bytes = readManifestBytes(manifestPath);
  const manifest = validateWith(
    phantomManifestSchema,
    parseManifestText(bytes.toString('utf8'), manifestPath),
    manifestPath,
  );
  const spheres = manifest.spheres.map((sphere, index) => {
    const diameterMm = sphere.diameterMm ?? IEC_SPHERE_DIAMETERS_MM[index];
    if (diameterMm === undefined) {
      throw new InputError(
        { file: manifestPath, field: `spheres[${index}].diameterMm` },
        'missing; only the first six spheres default to the IEC diameters (10 ... 37 mm)',
      );
    }
    return { diameterMm, centerLps: sphere.centerLps };
  });
  const petFolder = resolve(dirname(manifestPath), manifest.pet);
  expectInputFolder(
    petFolder,
    { file: manifestPath, field: 'pet' },
    'the folder of the phantom PET DICOM series',
  );
  const pet = await readPetSeriesAsync(petFolder, {
    administeredAt: manifest.referenceAt,
    halfLifeH: I124.halfLifeH,
    ...(manifest.series === undefined ? {} : { seriesInstanceUid: manifest.series }),
  });
  // True concentrations at the scan start: the reference values decayed from referenceAt.
  const decay = decayFactor(I124, pet.scanStartH);
  let analysis: ReturnType<typeof analysePhantom>;
  try {
    analysis = analysePhantom(
      pet.volume,
      spheres,
      manifest.sphereConcBqPerMl * decay,
      manifest.backgroundConcBqPerMl * decay,
    );
  } catch (error) {
    if (error instanceof InputError) throw error.inFile(manifestPath);
    throw error;
  }
  const scanner = Object.fromEntries(
    SCANNER_KEYS.flatMap((key) => (pet.header[key] === undefined ? [] : [[key, pet.header[key]]])),
  );
  return {
    iodoseRecovery: 1,
    nuclide: 'I-124',
    segmentation: 'background-adapted 50% isocontour (same as patients)',
    curve: analysis.curve,
    scanner,
    spheres: analysis.spheres.map((sphere) => ({ ...sphere })),
    warnings: [
      ...pet.warnings.filter((warning) => !/administration/.test(warning)),
      ...analysis.spheres.flatMap((sphere) => sphere.warnings),
      ...(analysis.curve.converged ? [] : ['the recovery curve fit did not converge']),
    ],
    provenance: {
      tool: 'iodose',
      version: IODOSE_VERSION,
      manifest: manifestPath,
      manifestSha256: createHash('sha256').update(bytes).digest('hex'),
      petFolder,
      scanStartHAfterReference: pet.scanStartH,
      trueSphereConcAtScanBqPerMl: analysis.trueSphereConcBqPerMl,
      trueBackgroundConcAtScanBqPerMl: analysis.trueBackgroundConcBqPerMl,
      createdAt,
    },
  };
}

/** Options of calibrate. */
export interface CalibrateOptions extends RunControl {
  /** Takes the recovery file (JSON text) as its one artefact. */
  sink: ArtefactSink;
  /** The artefact's path (default recovery.json). */
  name?: string | undefined;
  /** The file's provenance.createdAt (default now). */
  createdAt?: string | undefined;
}

/** A calibration: the recovery file, the artefact path and the inputs read. */
export interface CalibrationRun {
  recovery: RecoveryFile;
  artefacts: string[];
  inputs: InputRef[];
}

/** Calibrates from the phantom of `manifestPath` (stages calibrate, output). */
export async function calibrate(
  manifestPath: string,
  options: CalibrateOptions,
): Promise<CalibrationRun> {
  const run = stages(options, `calibration ${manifestPath}`);
  const createdAt = options.createdAt ?? new Date().toISOString();
  const recovery = await run.run('calibrate', () => runCalibration(manifestPath, createdAt));
  const petFolder = recovery.provenance['petFolder'];
  const inputs: InputRef[] = [
    { path: resolve(manifestPath), what: 'the phantom manifest' },
    ...(typeof petFolder === 'string' ? [{ path: petFolder, what: 'the phantom PET folder' }] : []),
  ];
  const path = options.name ?? 'recovery.json';
  const step = run.begin('output', 1);
  options.sink.declareInputs?.(inputs);
  await options.sink.put({ path, text: `${JSON.stringify(recovery, null, 2)}\n` });
  step(1);
  return { recovery, artefacts: [path], inputs };
}
