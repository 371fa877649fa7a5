/**
 * The lesion VOIs of a study as DICOM Segmentations (PS3.3 A.51 Segmentation IOD, C.8.20): one
 * artefact `voi-<scanId>.seg.dcm` per PET scan, one segment per lesion (in the order given),
 * referencing the PET slices, so a user can check the VOIs over the PET in any DICOM viewer.
 */
import type { Artefact } from '../core/artefact.ts';
import { assertDistinctNames, safeNameStem } from '../core/safe-name.ts';
import type { LoadedPet } from '../io/dicom/read/read-pet-series.ts';
import { segSourceFromSeries } from '../io/dicom/seg/seg-source.ts';
import { encodeSegmentation } from '../io/dicom/seg/seg-writer.ts';
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

/** The Segmentation artefact of one scan's VOIs (PS3.3 A.51). */
export function scanSegArtefact(scanId: string, entries: readonly VoiForSeg[]): Artefact {
  const pet = (entries[0] as VoiForSeg).pet;
  if (entries.some((e) => e.pet.seriesInstanceUid !== pet.seriesInstanceUid)) {
    throw new Error(`scan ${scanId}: its VOIs were drawn on different PET series`);
  }
  const { bytes } = encodeSegmentation(
    segSourceFromSeries(pet),
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
  return { path: segFileName(scanId), bytes };
}

/** One Segmentation artefact per scan, in scan order. */
export function segArtefacts(vois: readonly VoiForSeg[]): Artefact[] {
  return voisByScan(vois).map(([scanId, entries]) => scanSegArtefact(scanId, entries));
}
