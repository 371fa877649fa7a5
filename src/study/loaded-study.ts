/**
 * The images of one study, read once (app/load-study-images.ts reads them): per PET/CT session
 * the PET (Bq/mL at the scan start, timing, series identity, frame of reference) and its CT, the
 * extra CTs (lesion volumes only) and the lesion masks. Lesion measurement (measure-lesions.ts)
 * consumes it without I/O, and the volumes stay here for what comes next (voxel dosimetry).
 */
import type { Volume } from '../core/volume.ts';
import type { LoadedPet } from '../io/dicom/read/read-pet-series.ts';
import type { LoadedSeries } from '../io/dicom/read/read-series.ts';

/** One PET/CT session: a manifest scan (`scans[index]`). */
export interface LoadedSession {
  id: string;
  /** Index in the manifest's `scans`. */
  index: number;
  /** The PET series: volume in Bq/mL at the scan start, timing, UIDs, frame of reference. */
  pet: LoadedPet;
  /** The CT of the same session (same frame of reference, checked), or null. */
  ct: LoadedSeries | null;
}

/** A CT read for lesion volumes only (`extraCts[index]`). */
export interface LoadedExtraCt {
  id: string;
  index: number;
  ct: LoadedSeries;
}

/** A lesion mask (`lesions[lesionIndex].ctMasks[maskIndex]`), read on its grid. */
export interface LoadedMask {
  lesionIndex: number;
  maskIndex: number;
  /** The manifest field, `lesions[2].ctMasks[0]`. */
  field: string;
  /** The path as the manifest gives it. */
  path: string;
  /** The file read (absolute path) and the SHA-256 of its bytes, for the inputs hash. */
  file: { path: string; sha256: string };
  kind: 'NIfTI' | 'SEG' | 'RTSTRUCT';
  mask: Volume<Uint8Array>;
  warnings: string[];
}

export interface LoadedStudy {
  sessions: LoadedSession[];
  extraCts: LoadedExtraCt[];
  masks: LoadedMask[];
}

/** Every series of the study: PET and CT of each session, then the extra CTs. */
export function seriesOf(study: LoadedStudy): LoadedSeries[] {
  return [
    ...study.sessions.flatMap((s) => (s.ct === null ? [s.pet] : [s.pet, s.ct])),
    ...study.extraCts.map((c) => c.ct),
  ];
}
