/**
 * Coded concepts of the Segmentation IOD (PS3.3 C.8.20.2, PS3.16): the segmented property
 * category and type of a lesion VOI, the derivation of a frame and the purpose of its reference to
 * the source PET slice, as Code Sequence items (PS3.3 Table 8.8-1, Code Sequence Macro).
 */

/** One item of a Code Sequence (PS3.3 Table 8.8-1); keys are PS3.6 keywords. */
export interface CodeItem {
  CodeValue: string;
  CodingSchemeDesignator: string;
  CodeMeaning: string;
}

/** Segmented Property Category (0062,0003) of a lesion: CID 7150, SCT 49755003. */
export const MORPHOLOGICALLY_ALTERED_STRUCTURE: CodeItem = {
  CodeValue: '49755003',
  CodingSchemeDesignator: 'SCT',
  CodeMeaning: 'Morphologically Altered Structure',
};

/** Segmented Property Type (0062,000F) of a lesion VOI: CID 7151, SCT 4147007. */
export const MASS: CodeItem = {
  CodeValue: '4147007',
  CodingSchemeDesignator: 'SCT',
  CodeMeaning: 'Mass',
};

/** Derivation Code (0008,9215) of every frame: CID 7203, DCM 113076. */
export const SEGMENTATION_DERIVATION: CodeItem = {
  CodeValue: '113076',
  CodingSchemeDesignator: 'DCM',
  CodeMeaning: 'Segmentation',
};

/** Purpose of Reference (0040,A170) of the source PET slice: CID 7202, DCM 121322. */
export const SOURCE_IMAGE_FOR_PROCESSING: CodeItem = {
  CodeValue: '121322',
  CodingSchemeDesignator: 'DCM',
  CodeMeaning: 'Source image for image processing operation',
};
