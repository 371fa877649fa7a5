/**
 * Number and text formatting for the reports: significant figures (never fixed decimals, so an
 * uptake of 0.00412% keeps its digits), units, and HTML escaping of every user-provided string.
 */

/** Text shown for a missing value (null, undefined, NaN). */
export const MISSING = '\u2014';

/**
 * `value` to `digits` significant figures: plain decimals for 1e-5 <= |value| < 1e6 (1234.5 ->
 * "1230", 0.00412 -> "0.00412"), else exponent form ("4.12e-6"); "—" for null/NaN, "∞" for Infinity.
 */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return MISSING;
  if (!Number.isFinite(value)) return value > 0 ? '\u221e' : '\u2212\u221e';
  if (value === 0) return '0';
  const rounded = Number(value.toPrecision(digits));
  const exponent = Math.floor(Math.log10(Math.abs(rounded)));
  const sign = rounded < 0 ? '\u2212' : '';
  if (exponent < -5 || exponent >= 6) {
    const [mantissa = '', power = ''] = Math.abs(rounded)
      .toExponential(digits - 1)
      .split('e');
    return `${sign}${mantissa}e${power.replace('+', '')}`;
  }
  return sign + Math.abs(rounded).toFixed(Math.max(0, digits - 1 - exponent));
}

/**
 * A given value (setting, input) as written, up to 6 significant figures: 7.4 -> "7.4", 20 ->
 * "20", 192.6 -> "192.6"; computed values use formatNumber instead.
 */
export function formatGiven(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return formatNumber(value);
  return String(Number(value.toPrecision(6)))
    .replace('e+', 'e')
    .replace('-', '\u2212');
}

/** `value` with its unit ("5.21 GBq"), or "—" when missing (no unit then). */
export function formatQuantity(
  value: number | null | undefined,
  unit: string,
  digits: number | 'given' = 3,
): string {
  const text = digits === 'given' ? formatGiven(value) : formatNumber(value, digits);
  if (text === MISSING || unit === '') return text;
  return unit === '%' ? `${text}%` : `${text}\u00a0${unit}`;
}

/** `sigma` to 2 significant figures, in plain decimals when the value is ("± 0.0000051"). */
function formatSigma(sigma: number, valueText: string): string {
  if (valueText.includes('e')) return formatNumber(sigma, 2);
  const rounded = Number(sigma.toPrecision(2));
  const exponent = Math.floor(Math.log10(rounded));
  return exponent < -12 || exponent >= 6
    ? formatNumber(sigma, 2)
    : rounded.toFixed(Math.max(0, 1 - exponent));
}

/** "value ± sigma" (value to 3, sigma to 2 significant figures); just the value without sigma. */
export function formatWithSigma(value: number | null, sigma: number | null | undefined): string {
  const main = formatNumber(value);
  if (sigma === null || sigma === undefined || !Number.isFinite(sigma) || sigma <= 0) return main;
  return `${main} \u00b1 ${formatSigma(sigma, main)}`;
}

/** A local ISO date-time as "2024-03-04 09:15" (seconds kept when not zero); text unchanged if odd. */
export function formatDateTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2}))?/.exec(iso);
  if (match === null) return iso;
  const [, date, hm, seconds] = match;
  const tail = seconds !== undefined && seconds !== '00' ? `:${seconds}` : '';
  const zone = iso.endsWith('Z') ? ' UTC' : '';
  return `${date} ${hm}${tail}${zone}`;
}

/** `text` with &, <, >, " and ' replaced by entities: safe in HTML/SVG text and attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A probability as a percentage ("97%", "< 0.1%", "> 99.9%"); MISSING when absent. */
export function formatProbability(p: number | undefined): string {
  if (p === undefined || !Number.isFinite(p)) return MISSING;
  // A Monte Carlo of 1000 or more samples resolves 0.1%: 0 of N is below it, not impossible.
  if (p < 0.001) return '&lt; 0.1%';
  if (p > 0.999) return '&gt; 99.9%';
  return `${formatNumber(100 * p)}%`;
}
