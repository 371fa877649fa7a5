/**
 * The lesion VOIs of a study as DICOM Segmentations (PS3.3 A.51 Segmentation IOD, C.8.20): one
 * artefact `voi-<scanId>.seg.dcm` per PET scan, one segment per lesion (in the order given),
 * referencing the PET slices, so a user can check the VOIs over the PET in any DICOM viewer.
 */
import type { Artefact } from '../core/artefact.ts';
import type { SegPatientStudy } from '../io/dicom/seg/seg-types.ts';
import { assertDistinctNames, safeNameStem } from '../core/safe-name.ts';
import type { LoadedPet } from '../io/dicom/read/read-pet-series.ts';
import { segSourceFromSeries } from '../io/dicom/seg/seg-source.ts';
import { encodeSegmentation, SEGMENTATION_STORAGE } from '../io/dicom/seg/seg-writer.ts';
import type { IsocontourResult } from '../imaging/isocontour.ts';
import { IODOSE_VERSION } from '../core/version.ts';

/** One lesion VOI on one PET scan. */
export interface VoiForSeg {
  lesionId: string;
  scanId: string;
  voi: IsocontourResult;
  pet: LoadedPet;
}

/**
 * The SEG file name of a scan: `voi-<scanId>.seg.dcm`; an id with unsafe characters is sanitised
 * and gets a hash (core/safe-name.ts), so different scan ids never share a file.
 */
export function segFileName(scanId: string): string {
  return `voi-${safeNameStem(scanId)}.seg.dcm`;
}

/** The VOIs grouped by scan, in the order of first appearance; scan ids checked distinct. */
export function voisByScan(vois: readonly VoiForSeg[]): [string, VoiForSeg[]][] {
  const byScan = new Map<string, VoiForSeg[]>();
  for (const entry of vois) {
    const list = byScan.get(entry.scanId) ?? [];
    list.push(entry);
    byScan.set(entry.scanId, list);
  }
  assertDistinctNames([...byScan.keys()], 'scan ids', { field: 'scans' });
  return [...byScan];
}

/**
 * What a written SEG holds, for objects that reference its segments (the TID 1500 SR): its
 * instance, the study and PET series it belongs to, and the segment number of each lesion.
 */
export interface SegReference {
  scanId: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopClassUid: string;
  sopInstanceUid: string;
  /** The PET series the VOIs were drawn on. */
  sourceSeriesInstanceUid: string;
  /** Patient / Study attributes of the PET, as the SEG copied them. */
  patientStudy: SegPatientStudy;
  /** Segment Number (0062,0004) of each lesion, 1-based, in segment order. */
  segments: { lesionId: string; segmentNumber: number }[];
}

/** The Segmentation of one scan's VOIs (PS3.3 A.51): the artefact and what it references. */
export function scanSeg(
  scanId: string,
  entries: readonly VoiForSeg[],
): { artefact: Artefact; reference: SegReference } {
  const pet = (entries[0] as VoiForSeg).pet;
  if (entries.some((e) => e.pet.seriesInstanceUid !== pet.seriesInstanceUid)) {
    throw new Error(`scan ${scanId}: its VOIs were drawn on different PET series`);
  }
  const source = segSourceFromSeries(pet);
  const encoded = encodeSegmentation(
    source,
    entries.map((e) => ({
      label: e.lesionId,
      description: `lesion ${e.lesionId}, scan ${scanId}: ${e.voi.voxelCount} voxels, ${e.voi.volumeMl.toPrecision(4)} mL, threshold ${e.voi.thresholdBqPerMl.toPrecision(4)} Bq/mL`,
      voxelIndices: e.voi.voxelIndices,
    })),
    {
      seriesDescription: `iodose VOIs ${scanId}`,
      contentLabel: 'VOI',
      contentDescription: `lesion VOIs on PET ${scanId}`,
      softwareVersions: `iodose ${IODOSE_VERSION}`,
    },
  );
  return {
    artefact: { path: segFileName(scanId), bytes: encoded.bytes },
    reference: {
      scanId,
      studyInstanceUid: source.studyInstanceUid,
      seriesInstanceUid: encoded.seriesInstanceUid,
      sopClassUid: SEGMENTATION_STORAGE,
      sopInstanceUid: encoded.sopInstanceUid,
      sourceSeriesInstanceUid: source.seriesInstanceUid,
      patientStudy: source.patientStudy,
      segments: entries.map((e, n) => ({ lesionId: e.lesionId, segmentNumber: n + 1 })),
    },
  };
}

/** The Segmentation artefact of one scan's VOIs (PS3.3 A.51). */
export function scanSegArtefact(scanId: string, entries: readonly VoiForSeg[]): Artefact {
  return scanSeg(scanId, entries).artefact;
}

/** One Segmentation artefact per scan, in scan order. */
export function segArtefacts(vois: readonly VoiForSeg[]): Artefact[] {
  return voisByScan(vois).map(([scanId, entries]) => scanSegArtefact(scanId, entries));
}
