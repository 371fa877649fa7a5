/**
 * PetTiming from a loaded PET series: the first-slice header (classic PET Image and PET Isotope
 * modules, PS3.3 C.8.9.1/C.8.9.2, or the Enhanced PET equivalents) and per-slice acquisition
 * times.
 */
import { InputError } from '../../../core/errors.ts';
import { dicomDateTimeToIso, dicomDtToIso } from '../dicom-time.ts';
import type { PetTiming } from './pet-quantification.ts';
import type { SliceSource } from './read-series.ts';
import { TAG } from '../tags.ts';

type Header = Record<string, unknown>;

function text(h: Header | undefined, key: string): string | undefined {
  const v = h?.[key];
  const s = Array.isArray(v) ? v[0] : v;
  if (s === undefined || s === null) return undefined;
  const t = String(s).trim();
  return t.length > 0 ? t : undefined;
}

function number(h: Header | undefined, key: string): number | null {
  const t = text(h, key);
  const n = t === undefined ? NaN : Number(t);
  return Number.isFinite(n) ? n : null;
}

function firstItem(h: Header | undefined, key: string): Header | undefined {
  const v = h?.[key];
  if (Array.isArray(v)) return v[0] as Header | undefined;
  return v !== null && typeof v === 'object' ? (v as Header) : undefined;
}

/** (0054,1001) Units, or the Real World Value Mapping units code of Enhanced PET (UCUM Bq/ml). */
function units(h: Header): string | undefined {
  const classic = text(h, 'Units');
  if (classic !== undefined) return classic;
  const code = text(
    firstItem(firstItem(h, 'RealWorldValueMappingSequence'), 'MeasurementUnitsCodeSequence'),
    'CodeValue',
  );
  if (code === undefined) return undefined;
  return code.toLowerCase() === 'bq/ml' ? 'BQML' : code.toUpperCase();
}

/**
 * Extract PetTiming. When the header gives the administration time (0018,1072) without a date,
 * the date is taken from `administrationDateHint` (the manifest's; 124I scans are often a day or
 * more after administration), else from the Series Date, with a note in `notes`.
 */
export function extractPetTiming(
  header: Header,
  slices: readonly SliceSource[],
  folder: string,
  administrationDateHint?: string,
  notes: string[] = [],
): PetTiming {
  const where = { file: folder };
  const seriesDate = text(header, 'SeriesDate');
  const seriesTime = text(header, 'SeriesTime');
  const acquisitions = slices
    .map((s) => s.acquisitionDateTime)
    .filter((t): t is string => t !== null);
  const acquisitionDateTime = acquisitions.sort()[0];
  if (seriesDate === undefined || seriesTime === undefined || acquisitionDateTime === undefined) {
    throw new InputError(
      { ...where, field: TAG.seriesTime },
      'PET without Series Date/Time or Acquisition Date/Time',
      'the scan start time cannot be found; export the original scanner series',
    );
  }
  const seriesDateTime = dicomDateTimeToIso(seriesDate, seriesTime, {
    ...where,
    field: TAG.seriesTime,
  });
  const radio = firstItem(header, 'RadiopharmaceuticalInformationSequence');
  let administrationDateTime: string | null = null;
  const startDt = text(radio, 'RadiopharmaceuticalStartDateTime');
  const startTm = text(radio, 'RadiopharmaceuticalStartTime');
  if (startDt !== undefined)
    administrationDateTime = dicomDtToIso(startDt, {
      ...where,
      field: TAG.radiopharmaceuticalStart,
    });
  else if (startTm !== undefined) {
    const date = administrationDateHint?.slice(0, 10).replace(/-/g, '') ?? seriesDate;
    administrationDateTime = dicomDateTimeToIso(date, startTm, {
      ...where,
      field: '(0018,1072) Radiopharmaceutical Start Time',
    });
    notes.push(
      `header gives the administration time (0018,1072) without a date; date taken from ${administrationDateHint === undefined ? 'the Series Date' : 'the manifest'}`,
    );
  }
  const decay = decayCorrection(header, administrationDateTime, folder);
  const halfLifeS = number(radio, 'RadionuclideHalfLife');
  const ge = text(header, 'GEPostInjectionDateTime');
  const corrected = header['CorrectedImage'];
  return {
    acquisitionDateTime,
    seriesDateTime,
    administrationDateTime,
    decayCorrection: decay.mode,
    decayFactor: number(header, 'DecayFactor'),
    frameDurationMs: number(header, 'ActualFrameDuration'),
    units: units(header) ?? '',
    halfLifeH: halfLifeS === null ? null : halfLifeS / 3600,
    totalDoseBq: number(radio, 'RadionuclideTotalDose'),
    gePostInjectionDateTime:
      ge === undefined
        ? null
        : dicomDtToIso(ge, { ...where, field: '(0009,100D) GE post-injection DateTime' }),
    decayCorrectionDateTime: decay.reference,
    ...(corrected === undefined
      ? {}
      : { correctedImage: (Array.isArray(corrected) ? corrected : [corrected]).map(String) }),
  };
}

/** (0054,1102) Decay Correction, or Enhanced PET (0018,9758) Decay Corrected + (0018,9701). */
function decayCorrection(
  h: Header,
  adminIso: string | null,
  folder: string,
): { mode: PetTiming['decayCorrection']; reference: string | null } {
  const classic = text(h, 'DecayCorrection');
  if (classic === 'START' || classic === 'ADMIN' || classic === 'NONE')
    return { mode: classic, reference: null };
  const enhanced = text(h, 'DecayCorrected');
  if (enhanced === 'NO') return { mode: 'NONE', reference: null };
  const dt = text(h, 'DecayCorrectionDateTime');
  if (enhanced === 'YES' && dt !== undefined) {
    const reference = dicomDtToIso(dt, {
      file: folder,
      field: '(0018,9701) Decay Correction DateTime',
    });
    return { mode: reference === adminIso ? 'ADMIN' : 'START', reference };
  }
  throw new InputError(
    { file: folder, field: TAG.decayCorrection },
    `expected START, ADMIN or NONE, got ${JSON.stringify(classic ?? enhanced ?? '')}`,
    'export the PET with its decay-correction attributes',
  );
}
