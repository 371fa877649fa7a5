/**
 * `iodose calibrate`: phantom manifest -> PET series -> sphere recovery coefficients -> RC(V)
 * curve file. Paths in the manifest are relative to the manifest's folder.
 */
import { dirname, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { InputError } from '../core/errors.ts';
import { analysePhantom } from '../calibration/analyse-phantom.ts';
import type { RecoveryFile } from '../calibration/recovery-file.ts';
import { readPetSeries } from '../io/dicom/read/read-pet-series.ts';
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
export function runCalibration(manifestPath: string, createdAt: string): RecoveryFile {
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
  const pet = readPetSeries(petFolder, {
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
