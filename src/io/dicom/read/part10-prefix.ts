/**
 * Is it a Part 10 file? The 128-byte preamble and "DICM" prefix (PS3.10 7.1), and what a file
 * without them that still looks like DICOM is.
 */

/** True when the bytes carry the Part 10 "DICM" prefix at offset 128 (PS3.10 7.1). */
export function hasDicomPrefix(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 132 &&
    bytes[128] === 0x44 &&
    bytes[129] === 0x49 &&
    bytes[130] === 0x43 &&
    bytes[131] === 0x4d
  );
}

/** Why a file that is not Part 10 is skipped (listed in the series' skippedFiles). */
export const NOT_DICOM_REASON = 'not a DICOM file (no "DICM" at byte 128)';

/**
 * A file without the "DICM" prefix that still looks like DICOM: File Meta Information at byte
 * 132 (the prefix is damaged), or a data set at byte 0 (no Part 10 header: group 0002 or 0008).
 */
export function looksLikeDicom(bytes: Uint8Array): string | undefined {
  const at = (n: number): number => bytes[n] ?? -1;
  if (at(132) === 0x02 && at(133) === 0 && at(134) === 0 && at(135) === 0)
    return 'the "DICM" prefix at byte 128 is damaged but File Meta Information follows it';
  if ((at(0) === 0x02 || at(0) === 0x08) && at(1) === 0 && bytes.length > 8)
    return 'a DICOM data set without the Part 10 preamble and "DICM" prefix (PS3.10 7.1)';
  return undefined;
}
