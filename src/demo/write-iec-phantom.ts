/**
 * Writes a built IEC phantom to a folder: pet/ and ct/ DICOM series (one session, one Frame of
 * Reference), phantom.yaml (`iodose-phantom: 1`, the input of `iodose calibrate`) and truth.json.
 * The phantom is "filled" one hour before the scan: Radionuclide Total Dose is the activity in the
 * phantom at that time, so readers that check the administration see a consistent header.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  DecayCorrection,
  DicomEquipmentMeta,
  WrittenSeries,
} from '../io/dicom/write/write-meta.ts';
import { newSessionUids } from '../io/dicom/write/write-meta.ts';
import { writeCtSeries, writePetSeries } from '../io/dicom/write/write-series.ts';
import { I124 } from '../physics/nuclides.ts';
import { addHours } from './clock.ts';
import type { IecPhantom } from './iec-phantom.ts';
import { toYaml } from './yaml.ts';

/** Options of writeIecPhantom. */
export interface WriteIecOptions {
  /** Acquisition start (local ISO); the truth concentrations refer to it. */
  acquiredAt?: string;
  decayCorrection?: DecayCorrection;
  equipment?: DicomEquipmentMeta;
  reconstructionMethod?: string;
  convolutionKernel?: string;
}

/** Paths and series written by writeIecPhantom, with the wall-clock time it took. */
export interface WrittenIecPhantom {
  manifestPath: string;
  truthPath: string;
  pet: WrittenSeries;
  ct: WrittenSeries;
  writeSeconds: number;
}

/** Default scanner description of the simulated 124I PET/CT. */
export const SIMULATED_SCANNER: DicomEquipmentMeta = {
  manufacturer: 'iodose',
  manufacturerModelName: 'Digital PET/CT (124I, 7.5 mm FWHM)',
  institutionName: 'iodose phantom lab',
  stationName: 'SIMPET1',
};

/** Writes the phantom's DICOM, phantom.yaml and truth.json into `folder`. */
export function writeIecPhantom(
  folder: string,
  phantom: IecPhantom,
  options: WriteIecOptions = {},
): WrittenIecPhantom {
  const started = performance.now();
  mkdirSync(folder, { recursive: true });
  const acquiredAt = options.acquiredAt ?? '2024-03-01T10:00:00';
  const filledAt = addHours(acquiredAt, -1);
  const uids = newSessionUids();
  const base = {
    patient: { id: 'IEC-124I', name: 'Phantom^IEC Body', weightKg: 10 },
    study: {
      instanceUid: uids.studyInstanceUid,
      id: 'IEC1',
      description: 'IEC body phantom 124I',
      at: acquiredAt,
    },
    frameOfReferenceUid: uids.frameOfReferenceUid,
    acquiredAt,
    // The body phantom stands for the upper torso; without a known unpaired body part,
    // dciodvfy asks for Laterality (PS3.3 C.7.3.1, Type 2C).
    bodyPartExamined: 'CHEST',
    equipment: options.equipment ?? SIMULATED_SCANNER,
  };
  const ct = writeCtSeries(phantom.ct, join(folder, 'ct'), {
    ...base,
    seriesNumber: 1,
    seriesDescription: 'CT IEC phantom',
  });
  const activityAtFillingBq = phantom.truth.totalActivityBq * Math.exp(I124.decayConstantPerH * 1);
  const pet = writePetSeries(phantom.pet, join(folder, 'pet'), {
    ...base,
    seriesNumber: 2,
    seriesDescription: 'PET 124I IEC phantom',
    administeredAt: filledAt,
    activityBq: activityAtFillingBq,
    decayCorrection: options.decayCorrection ?? 'START',
    reconstructionMethod: options.reconstructionMethod ?? 'OSEM3D 3i21s',
    convolutionKernel: options.convolutionKernel ?? 'XYZ Gauss 5.0',
  });
  const truth = phantom.truth;
  const manifest = {
    'iodose-phantom': 1,
    nuclide: 'I-124',
    pet: './pet',
    referenceAt: acquiredAt,
    sphereConcBqPerMl: truth.sphereBqPerMl,
    backgroundConcBqPerMl: truth.backgroundBqPerMl,
    spheres: truth.spheres.map((s) => ({ diameterMm: s.diameterMm, centerLps: [...s.centerLps] })),
  };
  const manifestPath = join(folder, 'phantom.yaml');
  const header =
    '# Digital IEC body phantom (iodose src/demo): 124I concentrations at referenceAt (the scan start).\n' +
    '# CT of the same session in ./ct; ground truth in truth.json.\n';
  writeFileSync(manifestPath, header + toYaml(manifest));
  const truthPath = join(folder, 'truth.json');
  const truthFile = {
    ...truth,
    acquiredAt,
    filledAt,
    activityAtFillingBq,
    pet: './pet',
    ct: './ct',
  };
  writeFileSync(truthPath, `${JSON.stringify(truthFile, null, 2)}\n`);
  return { manifestPath, truthPath, pet, ct, writeSeconds: (performance.now() - started) / 1000 };
}
