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
