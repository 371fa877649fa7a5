/**
 * The records of the byte-level reader: a parsed instance (naturalized data set, PS3.6 keywords
 * as keys, as dcmjs's naturalizeDataset gives them) with its Pixel Data located, not copied.
 */

/** A naturalized dataset: PS3.6 keywords (or hex tags for private ones) to values. */
export type Dataset = Record<string, unknown>;

/** The bytes of one instance and where they came from (a file path, an upload, a URL). */
export interface InstanceBytes {
  bytes: Uint8Array;
  source: string;
}

/** Where Pixel Data (7FE0,0010) lies: views into the instance's bytes, nothing copied. */
export type PixelDataRef =
  | { encapsulated: false; vr: string; bytes: Uint8Array }
  | {
      encapsulated: true;
      vr: string;
      /** Basic Offset Table (PS3.5 A.4): each frame's first fragment, from the first fragment. */
      offsets: number[];
      fragments: Uint8Array[];
      /** Byte offset of each fragment's item tag relative to the first fragment's item tag. */
      fragmentOffsets: number[];
    };

/** A parsed Part 10 instance (PS3.10 7.1). */
export interface DicomFile {
  /** Where the bytes came from (a file path for files). */
  path: string;
  transferSyntaxUid: string;
  /** (0002,0002) Media Storage SOP Class UID of the File Meta Information ('' when absent). */
  mediaStorageSopClassUid: string;
  dataset: Dataset;
  /** SHA-256 of all the instance's bytes, for provenance; '' when only its header was read. */
  sha256: string;
}

/** A parsed instance with its Pixel Data located (null: none, or only the header was read). */
export interface DicomInstance extends DicomFile {
  pixelData: PixelDataRef | null;
  /** True when the data set has a top-level (7FE0,0010) Pixel Data (also for header reads). */
  hasPixelData: boolean;
  /** Value length of Pixel Data in bytes; null when undefined (encapsulated) or absent. */
  pixelDataLength: number | null;
  /**
   * Offset in the instance's bytes of the Pixel Data value, for native (not encapsulated) pixel
   * data of a data set that is not deflated; null otherwise (also for header reads that stop
   * before it). With pixelDataLength, where a second read finds the pixels without parsing.
   */
  pixelDataOffset: number | null;
}
