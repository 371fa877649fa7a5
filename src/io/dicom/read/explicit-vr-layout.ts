/**
 * Explicit VR element layout (PS3.5 7.1.2, Table 7.1-1): these VRs have two reserved bytes and a
 * 32-bit value length; every other VR a 16-bit length. Shared by the structure check and the
 * dataset walker.
 */
export const LONG_VRS = new Set([
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'SQ',
  'SV',
  'UC',
  'UN',
  'UR',
  'UT',
  'UV',
]);

/** The VRs with a 16-bit value length that a valid explicit VR element may carry. */
export const SHORT_VRS = new Set(
  'AE AS AT CS DA DS DT FL FD IS LO LT PN SH SL SS ST TM UI UL US'.split(' '),
);

/**
 * The valid explicit VRs by their two bytes (first byte << 8 | second): the VR and whether its
 * length is 32-bit; for a walker that reads a VR without making a string of it.
 */
export const VR_BY_CODE: ReadonlyMap<number, { vr: string; long: boolean }> = new Map(
  [...LONG_VRS, ...SHORT_VRS].map((vr) => [
    (vr.charCodeAt(0) << 8) | vr.charCodeAt(1),
    { vr, long: LONG_VRS.has(vr) },
  ]),
);
