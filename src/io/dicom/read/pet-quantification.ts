/**
 * PET values to Bq/mL at the scan start, not decay-corrected (the manifest's convention), from
 * extracted header values: (0054,1001) Units, (0054,1102) Decay Correction, (0054,1321) Decay
 * Factor and the (0054,0016) Radiopharmaceutical Information Sequence (PS3.3 C.8.9.1, C.8.9.2).
 * Pure functions; each vendor variant has a JSON fixture in test/fixtures/dicom/pet-quantification.
 *
 * Scan start (the START reference) follows calculate-suv and the QIBA SUV profile: Series
 * DateTime when it is not after the earliest Acquisition DateTime (GE, Philips, usual Siemens);
 * otherwise the series was re-created after the scan (Siemens BQML quirk), and the scan start is
 * GE's private (0009,100D) post-injection DateTime when present, else the earliest Acquisition
 * DateTime.
 */
import { InputError, type InputLocation } from '../../../core/errors.ts';
import { hoursBetween, parseLocalDateTimeMs } from '../../../core/time.ts';
import { TAG } from '../tags.ts';

/** Timing and units of a PET series, as naive local ISO date-times (see dicom-time.ts). */
export interface PetTiming {
  /** Earliest (0008,0022/0032) Acquisition DateTime over the slices. */
  acquisitionDateTime: string;
  /** (0008,0021/0031) Series DateTime. */
  seriesDateTime: string;
  /** (0018,1078) Radiopharmaceutical Start DateTime, or (0018,1072) time on a known date. */
  administrationDateTime: string | null;
  decayCorrection: 'START' | 'ADMIN' | 'NONE';
  /** (0054,1321) Decay Factor of the first slice. */
  decayFactor: number | null;
  /** (0054,1001) Units, e.g. BQML, CNTS, GML. */
  units: string;
  /** (0018,1075) Radionuclide Half Life, converted to hours. */
  halfLifeH: number | null;
  /** (0018,1074) Radionuclide Total Dose, Bq. */
  totalDoseBq: number | null;
  /** GE private (0009,100D) post-injection DateTime, when present. */
  gePostInjectionDateTime?: string | null;
  /** Enhanced PET (0018,9701) Decay Correction DateTime: an explicit reference time. */
  decayCorrectionDateTime?: string | null;
  /** (0018,1242) Actual Frame Duration, ms: NONE images hold the frame average. */
  frameDurationMs?: number | null;
  /** (0028,0051) Corrected Image values (DECY, ATTN, ...). */
  correctedImage?: string[];
}

/** Which header time gave the scan start. */
export type ScanStartSource = 'series' | 'acquisition' | 'ge-private';

/** What the manifest says and what the scale needs besides the header. */
export interface PetExpectation {
  /** Manifest administration time, ISO local. */
  administeredAt: string;
  /** Half-life of the tracer (I-124), hours. */
  halfLifeH: number;
  /** Bq/mL per unit for Units other than BQML (CNTS, CPS, GML). */
  unitFactorBqPerMlPerUnit?: number;
}

/** The factor from stored (rescaled) values to Bq/mL at the scan start, and its provenance. */
export interface AcquisitionScale {
  factor: number;
  scanStartDateTime: string;
  scanStartSource: ScanStartSource;
  /** Hours from the manifest administration to the scan start. */
  scanStartH: number;
  /** Time the stored values were decay-corrected to (null for NONE). */
  referenceDateTime: string | null;
  warnings: string[];
}

/** Largest relative half-life difference accepted without a warning. */
export const HALF_LIFE_TOLERANCE = 0.01;
/** Largest header-vs-manifest administration time difference without a warning, minutes. */
export const ADMINISTRATION_TOLERANCE_MIN = 1;
const COUNT_UNITS = new Set(['CNTS', 'CPS', 'PROPCNTS', 'PROPCPS', 'GML']);

/** Scan start date-time and its source (calculate-suv's calculateScanTimes rule; see above). */
export function petScanStart(
  timing: PetTiming,
  where: InputLocation = {},
): { dateTime: string; source: ScanStartSource } {
  const series = parseLocalDateTimeMs(timing.seriesDateTime, { ...where, field: TAG.seriesTime });
  const acquisition = parseLocalDateTimeMs(timing.acquisitionDateTime, {
    ...where,
    field: TAG.acquisitionTime,
  });
  if (series <= acquisition) return { dateTime: timing.seriesDateTime, source: 'series' };
  const ge = timing.gePostInjectionDateTime;
  if (ge !== undefined && ge !== null) return { dateTime: ge, source: 'ge-private' };
  return { dateTime: timing.acquisitionDateTime, source: 'acquisition' };
}

/** Bq/mL per stored unit from (0054,1001) Units; refuses count units without a factor. */
export function unitScale(
  units: string,
  expect: Pick<PetExpectation, 'unitFactorBqPerMlPerUnit'>,
  where: InputLocation = {},
): number {
  const field = TAG.units;
  if (units === 'BQML') return 1;
  if (COUNT_UNITS.has(units)) {
    const factor = expect.unitFactorBqPerMlPerUnit;
    if (factor === undefined || !(factor > 0)) {
      throw new InputError(
        { ...where, field },
        `PET values are in ${units}, not Bq/mL (BQML), and no calibration factor was given`,
        'give the scanner calibration as unitFactorBqPerMlPerUnit (Bq/mL per unit), or export the PET in BQML',
      );
    }
    return factor;
  }
  throw new InputError(
    { ...where, field },
    `PET Units ${JSON.stringify(units)} are not an activity concentration (expected BQML, or CNTS/GML with a factor)`,
    'export the PET in BQML',
  );
}

/**
 * Factor from stored (rescaled) values to Bq/mL at the scan start, not decay-corrected:
 * unit scale x exp(-lambda (t_start - t_ref)), t_ref the time the scanner decay-corrected to
 * (START: scan start, factor 1; ADMIN: header administration time; NONE: no correction).
 * The header half-life is used to undo the scanner's correction, since the scanner used it.
 */
export function petToBqPerMlAtAcquisition(
  timing: PetTiming,
  expect: PetExpectation,
  where: InputLocation = {},
): AcquisitionScale {
  const warnings: string[] = [];
  const units = unitScale(timing.units, expect, where);
  const start = petScanStart(timing, where);
  const startMs = parseLocalDateTimeMs(start.dateTime, where);
  const adminMs = parseLocalDateTimeMs(expect.administeredAt, {
    ...where,
    field: 'tracer.administeredAt',
  });
  const headerHalfLifeH = timing.halfLifeH ?? expect.halfLifeH;
  if (timing.halfLifeH === null)
    warnings.push(`${TAG.radionuclideHalfLife} missing; ${expect.halfLifeH} h assumed`);
  else if (Math.abs(timing.halfLifeH / expect.halfLifeH - 1) > HALF_LIFE_TOLERANCE) {
    warnings.push(
      `${TAG.radionuclideHalfLife} is ${round(timing.halfLifeH)} h but the tracer's is ${round(expect.halfLifeH)} h: the scanner was set up for another nuclide; its decay correction is undone with the header half-life`,
    );
  }
  const headerAdminMs =
    timing.administrationDateTime === null
      ? null
      : parseLocalDateTimeMs(timing.administrationDateTime, {
          ...where,
          field: TAG.radiopharmaceuticalStart,
        });
  if (
    headerAdminMs !== null &&
    Math.abs(headerAdminMs - adminMs) > ADMINISTRATION_TOLERANCE_MIN * 60_000
  ) {
    warnings.push(
      `${TAG.radiopharmaceuticalStart} ${timing.administrationDateTime} differs from the manifest administration ${expect.administeredAt} by ${round(hoursBetween(adminMs, headerAdminMs))} h; the manifest time is t = 0`,
    );
  }
  let referenceDateTime: string | null = null;
  let referenceMs: number | null = null;
  if (
    timing.decayCorrectionDateTime !== undefined &&
    timing.decayCorrectionDateTime !== null &&
    timing.decayCorrection !== 'NONE'
  ) {
    referenceDateTime = timing.decayCorrectionDateTime;
    referenceMs = parseLocalDateTimeMs(referenceDateTime, where);
  } else if (timing.decayCorrection === 'START') {
    referenceDateTime = start.dateTime;
    referenceMs = startMs;
  } else if (timing.decayCorrection === 'ADMIN') {
    referenceDateTime = timing.administrationDateTime ?? expect.administeredAt;
    referenceMs = headerAdminMs ?? adminMs;
    if (headerAdminMs === null)
      warnings.push(
        `Decay Correction ADMIN without ${TAG.radiopharmaceuticalStart}: the manifest administration time is used`,
      );
  }
  const decay =
    referenceMs === null
      ? frameAverageToStart(timing, headerHalfLifeH)
      : Math.exp((-Math.LN2 / headerHalfLifeH) * hoursBetween(referenceMs, startMs));
  checkDecayFactor(timing, decay, warnings);
  if (
    timing.decayCorrection !== 'NONE' &&
    timing.correctedImage !== undefined &&
    !timing.correctedImage.includes('DECY')
  ) {
    warnings.push(
      `${TAG.decayCorrection} is ${timing.decayCorrection} but (0028,0051) Corrected Image lacks DECY`,
    );
  }
  return {
    factor: units * decay,
    scanStartDateTime: start.dateTime,
    scanStartSource: start.source,
    scanStartH: hoursBetween(adminMs, startMs),
    referenceDateTime,
    warnings,
  };
}

/**
 * NONE: the stored value is the frame average, C_start (1 - e^-x) / x with x = lambda x frame
 * duration (the Decay Factor definition of PS3.3 C.8.9.4.1.x); 1 when the duration is unknown.
 */
function frameAverageToStart(timing: PetTiming, halfLifeH: number): number {
  const ms = timing.frameDurationMs;
  if (ms === undefined || ms === null || !(ms > 0)) return 1;
  const x = (Math.LN2 / halfLifeH) * (ms / 3_600_000);
  return x / -Math.expm1(-x);
}

/** ADMIN images: (0054,1321) Decay Factor should be about 1/decay (PS3.3 C.8.9.4.1.x). */
function checkDecayFactor(timing: PetTiming, decay: number, warnings: string[]): void {
  if (timing.decayCorrection !== 'ADMIN' || timing.decayFactor === null) return;
  const expected = 1 / decay;
  if (Math.abs(timing.decayFactor / expected - 1) > 0.05) {
    warnings.push(
      `${TAG.decayFactor} ${round(timing.decayFactor)} disagrees with the header times (expected about ${round(expected)}): check the administration time`,
    );
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
