/**
 * Lesion (sphere) absorbed dose per administered activity, MIRD schema:
 * D/A [Gy/GBq] = tau [h] x 3600 [s/h] x S [Gy/(Bq s)] x 1e9 [Bq/GBq]
 * (design/architecture.md "Dose per activity"; Bolch et al. 2009, MIRD Pamphlet 21).
 */

/** Absorbed dose per administered activity, Gy/GBq, from a residence time (h) and S (Gy/(Bq s)). */
export function doseGyPerGBq(residenceTimeH: number, sValueGyPerBqS: number): number {
  return residenceTimeH * 3600 * sValueGyPerBqS * 1e9;
}
