/**
 * Numbers as the CLI prints them (src/cli/summary.ts: sig3, withSd, probability), so the page and
 * `iodose run` show the same digits. Written out again here: web/ talks to the server over HTTP
 * and imports only its types.
 */

/** Three significant figures, or "-" for a missing value. */
export function sig3(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  return Number(value.toPrecision(3)).toString();
}

/** "14.7 ± 1.4" (value and 1 sd, 3 significant figures each); the value alone without an sd. */
export function withSd(value: number | null | undefined, sd: number | null | undefined): string {
  if (sd === null || sd === undefined || !Number.isFinite(sd)) return sig3(value);
  return `${sig3(value)} ± ${sig3(sd)}`;
}

/** A probability as "0.97", "<0.01" or ">0.99", or "-". */
export function probability(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '-';
  if (p < 0.005) return '<0.01';
  if (p > 0.995) return '>0.99';
  return p.toFixed(2);
}

/** An LPS point as "12.3, -45.6, 78.9" (one decimal, mm). */
export function lpsText(point: readonly number[]): string {
  return point.map((v) => v.toFixed(1)).join(', ');
}
