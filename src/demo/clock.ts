/** Phantom clock: local ISO date-times on the scanner clock (src/core/time.ts convention). */
import { parseLocalDateTimeMs } from '../core/time.ts';

/** Local ISO date-time `hours` after `iso` (whole milliseconds). */
export function addHours(iso: string, hours: number): string {
  const ms = parseLocalDateTimeMs(iso, { field: 'date-time' }) + Math.round(hours * 3_600_000);
  return new Date(ms).toISOString().slice(0, 19);
}
