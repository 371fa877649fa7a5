/**
 * DICOM dates and times (PS3.5 Table 6.2-1: DA "YYYYMMDD", TM "HHMMSS.FFFFFF", DT
 * "YYYYMMDDHHMMSS.FFFFFF&ZZXX") as naive local ISO strings, the manifest's clock convention.
 */
import { InputError, type InputLocation } from '../../core/errors.ts';

function isoTime(tm: string, where: InputLocation): string {
  const text = tm.trim().replace(/:/g, '');
  const match = /^(\d{2})(\d{2})?(\d{2})?(\.\d{1,6})?$/.exec(text);
  if (match === null) {
    throw new InputError(where, `expected a DICOM time HHMMSS.FFFFFF, got ${JSON.stringify(tm)}`);
  }
  const [, h, mi = '00', s = '00', frac = ''] = match;
  return `${h}:${mi}:${s}${frac}`;
}

function isoDate(da: string, where: InputLocation): string {
  const text = da.trim().replace(/[.-]/g, '');
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (match === null) {
    throw new InputError(where, `expected a DICOM date YYYYMMDD, got ${JSON.stringify(da)}`);
  }
  return `${match[1]}-${match[2]}-${match[3]}`;
}

/** ISO local date-time "YYYY-MM-DDTHH:MM:SS[.ffffff]" from a DA and a TM value (PS3.5 6.2). */
export function dicomDateTimeToIso(da: string, tm: string, where: InputLocation): string {
  return `${isoDate(da, where)}T${isoTime(tm, where)}`;
}

/**
 * ISO local date-time from a DT value (PS3.5 6.2); a "&ZZXX" UTC offset is dropped because the
 * manifest and the DA/TM attributes are on the scanner's local clock.
 */
export function dicomDtToIso(dt: string, where: InputLocation): string {
  const text = dt.trim().replace(/[+-]\d{4}$/, '');
  const match = /^(\d{8})(\d{2,6}(?:\.\d{1,6})?)?$/.exec(text);
  if (match === null) {
    throw new InputError(
      where,
      `expected a DICOM date-time YYYYMMDDHHMMSS, got ${JSON.stringify(dt)}`,
    );
  }
  return dicomDateTimeToIso(match[1] ?? '', match[2] ?? '000000', where);
}
