/**
 * One FDG PET of the cohort measured for PERCIST 1.0 (Wahl et al. 2009 J Nucl Med 50:122S): the
 * DICOM series in Bq/mL at the scan start (readPetSeries, 18F, administration = the header's
 * (0018,1078) Radiopharmaceutical Start DateTime), SUL = Bq/mL x LBM / (injected activity decayed
 * to the scan start) with the Janmahasatian LBM (weight, height, sex from the manifest, else the
 * header), the liver reference (3 cm sphere at liverLps) and per lesion:
 * - VOI: the background-adapted 50% isocontour at the seed (segmentIsocontour, on Bq/mL). It
 *   restricts the SULpeak sphere centre to voxels of the lesion, so a hotter neighbour (another
 *   lesion, bladder, brain) within the 15 mm search radius cannot capture the sphere; its volume
 *   is reported as the metabolic volume.
 * - SULpeak: the 1 mL sphere (sulPeak) centred on a VOI voxel that maximises its mean.
 * Plain numbers go to src/cohort (cohort-response.ts). Every error names the file and field.
 */
import { join } from 'node:path';
import { InputError, isUserError } from '../../core/errors.ts';
import type { CohortFdgScanEntry } from '../../io/manifest/cohort-manifest.ts';
import type { FdgLesionMeasurement, FdgScanMeasurement } from '../../cohort/cohort-response.ts';
import {
  F18_HALF_LIFE_H,
  leanBodyMassKg,
  sulPerBqPerMl,
  toSulVolume,
} from '../../response/index.ts';
import { dicomDateTimeToIso, dicomDtToIso } from '../../io/dicom/dicom-time.ts';
import { item, str, type Dataset } from '../../io/dicom/read/read-file.ts';
import { firstPetHeader } from '../../io/dicom/read/probe-header.ts';
import { pathKind } from '../../io/manifest/path-kinds.ts';
import { readPetSeriesAsync } from '../../io/dicom/read/read-pet-series.ts';
import { segmentIsocontour } from '../../imaging/isocontour.ts';
import { liverReference, sulPeak } from '../../response/sul-peak.ts';

/** DICOM attribute names used in messages. */
export const FDG_TAGS = {
  totalDose: '(0018,1074) Radionuclide Total Dose',
  startDateTime: '(0018,1078) Radiopharmaceutical Start DateTime',
  weight: '(0010,1030) Patient Weight',
  size: '(0010,1020) Patient Size',
  sex: '(0010,0040) Patient Sex',
} as const;

/** Largest manifest-vs-header uptake time difference without a warning, minutes. */
export const UPTAKE_TOLERANCE_MIN = 1;

/** Patient data the manifest may give (they win over the header). */
export interface FdgPatientData {
  sex?: 'M' | 'F' | undefined;
  heightCm?: number | undefined;
  weightKg?: number | undefined;
}

/** Where the scan is named: the cohort file and the field path of the patient. */
export interface FdgScanWhere {
  cohortPath: string;
  /** Folder of the cohort file (paths are relative to it). */
  cohortDir: string;
  /** Field path of the patient entry, e.g. `patients[2]`. */
  patientField: string;
  timepoint: string;
}

/** Injection time (local ISO) from (0018,1078), or (0018,1072) on the Series Date. */
function injectionTime(header: Dataset | undefined, folder: string): string {
  const radio = item(header, 'RadiopharmaceuticalInformationSequence');
  const where = { file: folder, field: FDG_TAGS.startDateTime };
  const dt = radio === undefined ? undefined : str(radio, 'RadiopharmaceuticalStartDateTime');
  if (dt !== undefined) return dicomDtToIso(dt, where);
  const tm = radio === undefined ? undefined : str(radio, 'RadiopharmaceuticalStartTime');
  const date = header === undefined ? undefined : str(header, 'SeriesDate');
  if (tm !== undefined && date !== undefined) return dicomDateTimeToIso(date, tm, where);
  throw new InputError(
    where,
    'the FDG injection time is missing from the PET header',
    'export the PET with its Radiopharmaceutical Information Sequence (0054,0016)',
  );
}

function headerNumber(header: Record<string, unknown>, key: string): number | undefined {
  const raw = header[key];
  const n = typeof raw === 'number' ? raw : Number(String(raw ?? '').trim());
  return raw !== undefined && raw !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** Weight (kg), height (m) and sex: the manifest's, else the header's; else an error naming both. */
function patientData(
  header: Record<string, unknown>,
  manifest: FdgPatientData,
  where: FdgScanWhere,
  folder: string,
): { weightKg: number; heightM: number; sex: 'M' | 'F' } {
  const missing = (field: string, tag: string): never => {
    throw new InputError(
      { file: where.cohortPath, field: `${where.patientField}.${field}` },
      `needed for the lean body mass (SUL) but neither in the manifest nor in the PET header ${tag} of ${folder}`,
      `give ${field} for the patient`,
    );
  };
  const weightKg = manifest.weightKg ?? headerNumber(header, 'PatientWeight');
  const sizeM = headerNumber(header, 'PatientSize');
  const heightM = manifest.heightCm === undefined ? sizeM : manifest.heightCm / 100;
  const headerSex = String(header['PatientSex'] ?? '').trim();
  const sex = manifest.sex ?? (headerSex === 'M' || headerSex === 'F' ? headerSex : undefined);
  if (weightKg === undefined) return missing('weightKg', FDG_TAGS.weight);
  if (heightM === undefined) return missing('heightCm', FDG_TAGS.size);
  if (sex === undefined) return missing('sex', FDG_TAGS.sex);
  return { weightKg, heightM, sex };
}

/** Runs `fn`, placing user errors without a file at `file`/`field`. */
function at<T>(file: string, field: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (isUserError(error) && error.file === undefined) {
      throw new InputError({ file, field }, error.expected, error.hint);
    }
    throw error;
  }
}

/** Measures one FDG PET of the cohort (see the file comment); SUL in g/mL. */
export async function measureFdgScan(
  entry: CohortFdgScanEntry,
  patient: FdgPatientData,
  where: FdgScanWhere,
): Promise<FdgScanMeasurement> {
  const field = `${where.patientField}.fdg.${where.timepoint}`;
  const folder = join(where.cohortDir, entry.pet);
  if (pathKind(folder) !== 'folder') {
    throw new InputError(
      { file: where.cohortPath, field: `${field}.pet` },
      `FDG PET folder not found: ${folder}`,
      'paths are relative to the cohort file',
    );
  }
  const administeredAt = injectionTime(firstPetHeader(folder, entry.series), folder);
  const pet = await readPetSeriesAsync(folder, {
    administeredAt,
    halfLifeH: F18_HALF_LIFE_H,
    ...(entry.series === undefined ? {} : { seriesInstanceUid: entry.series }),
  });
  const warnings = [...pet.warnings];
  const injectedActivityBq = pet.timing.totalDoseBq;
  if (injectedActivityBq === null || !(injectedActivityBq > 0)) {
    throw new InputError(
      { file: folder, field: FDG_TAGS.totalDose },
      `the injected FDG activity is missing from the PET header (got ${String(injectedActivityBq)})`,
      'export the PET with the Radionuclide Total Dose in Bq',
    );
  }
  const person = patientData(pet.header, patient, where, folder);
  const leanBodyMass = at(where.cohortPath, where.patientField, () =>
    leanBodyMassKg({ weightKg: person.weightKg, heightM: person.heightM, sex: person.sex }),
  );
  const headerUptakeMin = pet.scanStartH * 60;
  const uptakeMinutes = entry.uptakeMinutes ?? headerUptakeMin;
  if (Math.abs(uptakeMinutes - headerUptakeMin) > UPTAKE_TOLERANCE_MIN) {
    warnings.push(
      `uptake time ${uptakeMinutes.toFixed(1)} min from the manifest differs from the header's ${headerUptakeMin.toFixed(1)} min; the manifest's is used`,
    );
  }
  const factor = sulPerBqPerMl({
    leanBodyMassKg: leanBodyMass,
    injectedActivityBq,
    administrationToScanH: uptakeMinutes / 60,
    halfLifeH: F18_HALF_LIFE_H,
  });
  const sul = toSulVolume(pet.volume, factor);
  const liver = at(where.cohortPath, `${field}.liverLps`, () =>
    liverReference(sul, entry.liverLps),
  );
  const lesions = Object.entries(entry.lesions).map(([id, seed]): FdgLesionMeasurement => {
    const lesionField = `${field}.lesions.${id}`;
    const voi = at(where.cohortPath, lesionField, () => segmentIsocontour(pet.volume, seed));
    const peak = at(where.cohortPath, lesionField, () =>
      sulPeak(sul, { maskIndices: voi.voxelIndices }),
    );
    for (const w of voi.warnings) warnings.push(`lesion ${id}: ${w}`);
    return {
      id,
      sulPeak: peak.peak,
      peakCenterLps: peak.centerLps,
      sulMax: voi.maxConcBqPerMl * factor,
      metabolicVolumeMl: voi.volumeMl,
    };
  });
  return {
    source: folder,
    ...person,
    leanBodyMassKg: leanBodyMass,
    injectedActivityBq,
    uptakeMinutes,
    sulPerBqPerMl: factor,
    liver: {
      meanSul: liver.mean,
      sdSul: liver.sd,
      voxelCount: liver.voxelCount,
      centerLps: entry.liverLps,
    },
    lesions,
    newLesionIds: [...(entry.newLesions ?? [])],
    warnings,
  };
}
