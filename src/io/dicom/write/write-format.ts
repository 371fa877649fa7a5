/**
 * Value formatting for written DICOM attributes (PS3.5 Table 6.2-1): DA "YYYYMMDD", TM "HHMMSS",
 * DT "YYYYMMDDHHMMSS", DS at most 16 characters. Inputs are naive local ISO date-times on the
 * scanner clock, the manifest convention (src/core/time.ts).
 */
import { parseLocalDateTimeMs } from '../../../core/time.ts';

function parts(iso: string): { date: string; time: string } {
  const ms = parseLocalDateTimeMs(iso, { field: 'date-time' });
  const text = new Date(ms).toISOString(); // UTC arithmetic on a naive clock: no zone shift
  const date = text.slice(0, 10).replace(/-/g, '');
  const whole = text.slice(11, 19).replace(/:/g, '');
  const millis = text.slice(20, 23);
  return { date, time: millis === '000' ? whole : `${whole}.${millis}` };
}

/** The current local date-time as a naive ISO string ("2024-03-05T09:15:00"). */
export function nowLocalIso(): string {
  const t = new Date();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${two(t.getMonth() + 1)}-${two(t.getDate())}T${two(t.getHours())}:${two(t.getMinutes())}:${two(t.getSeconds())}`;
}

/** DICOM DA "YYYYMMDD" of a local ISO date-time. */
export function dicomDate(iso: string): string {
  return parts(iso).date;
}

/** DICOM TM "HHMMSS[.FFF]" of a local ISO date-time. */
export function dicomTime(iso: string): string {
  return parts(iso).time;
}

/** DICOM DT "YYYYMMDDHHMMSS[.FFF]" of a local ISO date-time (no zone offset: scanner clock). */
export function dicomDateTime(iso: string): string {
  const p = parts(iso);
  return `${p.date}${p.time}`;
}

/** A DS string (PS3.5 6.2: at most 16 characters) with as many significant digits as fit. */
export function decimalString(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`DS value must be finite, got ${value}`);
  if (Object.is(value, -0) || value === 0) return '0';
  for (let digits = 15; digits >= 1; digits--) {
    const text = trimZeros(value.toPrecision(digits));
    if (text.length <= 16) return text;
  }
  throw new Error(`cannot write ${value} as a DS of 16 characters`);
}

function trimZeros(text: string): string {
  const [mantissa = '', exponent] = text.split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  return exponent === undefined ? trimmed : `${trimmed}e${exponent}`;
}
