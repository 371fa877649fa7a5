/**
 * The VR (PS3.6 Section 6) of each attribute iodose reads from image files. In explicit VR files
 * another VR means the element is damaged or mislabelled, and its value would be read wrongly
 * (e.g. Rows as a float), so file-structure.ts refuses it.
 */
const TABLE: [number, string[], string][] = [
  [0x00020010, ['UI'], 'Transfer Syntax UID'],
  [0x00080016, ['UI'], 'SOP Class UID'],
  [0x00080021, ['DA'], 'Series Date'],
  [0x00080022, ['DA'], 'Acquisition Date'],
  [0x0008002a, ['DT'], 'Acquisition DateTime'],
  [0x00080031, ['TM'], 'Series Time'],
  [0x00080032, ['TM'], 'Acquisition Time'],
  [0x00080060, ['CS'], 'Modality'],
  [0x00100010, ['PN'], "Patient's Name"],
  [0x00100020, ['LO'], 'Patient ID'],
  [0x00180050, ['DS'], 'Slice Thickness'],
  [0x00181072, ['TM'], 'Radiopharmaceutical Start Time'],
  [0x00181074, ['DS'], 'Radionuclide Total Dose'],
  [0x00181075, ['DS'], 'Radionuclide Half Life'],
  [0x00181078, ['DT'], 'Radiopharmaceutical Start DateTime'],
  [0x00181120, ['DS'], 'Gantry/Detector Tilt'],
  [0x00181242, ['IS'], 'Actual Frame Duration'],
  [0x0020000d, ['UI'], 'Study Instance UID'],
  [0x0020000e, ['UI'], 'Series Instance UID'],
  [0x00200032, ['DS'], 'Image Position (Patient)'],
  [0x00200037, ['DS'], 'Image Orientation (Patient)'],
  [0x00200052, ['UI'], 'Frame of Reference UID'],
  [0x00280002, ['US'], 'Samples per Pixel'],
  [0x00280008, ['IS'], 'Number of Frames'],
  [0x00280010, ['US'], 'Rows'],
  [0x00280011, ['US'], 'Columns'],
  [0x00280030, ['DS'], 'Pixel Spacing'],
  [0x00280100, ['US'], 'Bits Allocated'],
  [0x00280101, ['US'], 'Bits Stored'],
  [0x00280103, ['US'], 'Pixel Representation'],
  [0x00281052, ['DS'], 'Rescale Intercept'],
  [0x00281053, ['DS'], 'Rescale Slope'],
  [0x00540016, ['SQ'], 'Radiopharmaceutical Information Sequence'],
  [0x00541001, ['CS'], 'Units'],
  [0x00541102, ['CS'], 'Decay Correction'],
  [0x00541321, ['DS'], 'Decay Factor'],
  [0x52009229, ['SQ'], 'Shared Functional Groups Sequence'],
  [0x52009230, ['SQ'], 'Per-frame Functional Groups Sequence'],
  [0x7fe00010, ['OB', 'OW'], 'Pixel Data'],
];

/** Tag (group << 16 | element) to the VRs PS3.6 allows for it. */
export const EXPECTED_VR: ReadonlyMap<number, readonly string[]> = new Map(
  TABLE.map(([tag, vrs]) => [tag, vrs]),
);

/** The PS3.6 name of a tag of the table ("Rescale Slope"), or undefined. */
export function tagName(tag: number): string | undefined {
  return NAMES.get(tag);
}
const NAMES = new Map(TABLE.map(([tag, , name]) => [tag, name]));

/** PS3.5 6.2 Decimal String and Integer String grammars (one value, padding trimmed). */
const NUMBER_TEXT: Record<string, RegExp> = {
  DS: /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/,
  IS: /^[+-]?\d+$/,
};
const MAX_LENGTH: Record<string, number> = { DS: 16, IS: 12 };
const LATIN1 = new TextDecoder('latin1');

/**
 * For a DS or IS attribute iodose reads, the first value that breaks the PS3.5 grammar, else
 * undefined. dcmjs strips unexpected characters ("0.03C5" reads as 0.035), so a damaged digit
 * string would otherwise give another number silently.
 */
export function badNumberText(tag: number, value: Uint8Array): string | undefined {
  const vr = EXPECTED_VR.get(tag)?.[0];
  const grammar = vr === undefined ? undefined : NUMBER_TEXT[vr];
  if (vr === undefined || grammar === undefined) return undefined;
  const text = LATIN1.decode(value).replace(/[\0 ]+$/, '');
  if (text.length === 0) return undefined;
  return text
    .split('\\')
    .find((part) => part.length > (MAX_LENGTH[vr] ?? 16) || !grammar.test(part.trim()));
}
