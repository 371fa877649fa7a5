/**
 * Exports the lesion VOIs of a study as DICOM Segmentations (PS3.3 A.51 Segmentation IOD, C.8.20):
 * one file `voi-<scanId>.seg.dcm` per PET scan, one segment per lesion (in the order given),
 * referencing the PET slices, so a user can check the VOIs over the PET in any DICOM viewer.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { assertDistinctNames, safeNameStem } from '../core/safe-name.ts';
import type { LoadedPet } from '../io/dicom/read/read-pet-series.ts';
import { segSourceFromSeries } from '../io/dicom/seg/seg-source.ts';
import { writeSegmentation } from '../io/dicom/seg/seg-writer.ts';
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

/**
 * Writes one Segmentation per scan (PS3.3 A.51) into the folder `target`, or to the path
 * `target(fileName)` gives (an output set's staging path); returns the paths in scan order.
 */
export function exportVoisAsSeg(
  vois: readonly VoiForSeg[],
  target: string | ((fileName: string) => string),
): string[] {
  const byScan = new Map<string, VoiForSeg[]>();
  for (const entry of vois) {
    const list = byScan.get(entry.scanId) ?? [];
    list.push(entry);
    byScan.set(entry.scanId, list);
  }
  assertDistinctNames([...byScan.keys()], 'scan ids', { field: 'scans' });
  const pathFor =
    typeof target === 'string'
      ? (name: string) => {
          mkdirSync(target, { recursive: true });
          return join(target, name);
        }
      : target;
  const paths: string[] = [];
  for (const [scanId, entries] of byScan) {
    const pet = (entries[0] as VoiForSeg).pet;
    if (entries.some((e) => e.pet.seriesInstanceUid !== pet.seriesInstanceUid)) {
      throw new Error(`scan ${scanId}: its VOIs were drawn on different PET series`);
    }
    const path = pathFor(segFileName(scanId));
    writeSegmentation(
      segSourceFromSeries(pet),
      entries.map((e) => ({
        label: e.lesionId,
        description: `lesion ${e.lesionId}, scan ${scanId}: ${e.voi.voxelCount} voxels, ${e.voi.volumeMl.toPrecision(4)} mL, threshold ${e.voi.thresholdBqPerMl.toPrecision(4)} Bq/mL`,
        voxelIndices: e.voi.voxelIndices,
      })),
      path,
      {
        seriesDescription: `iodose VOIs ${scanId}`,
        contentLabel: 'VOI',
        contentDescription: `lesion VOIs on PET ${scanId}`,
        softwareVersions: `iodose ${IODOSE_VERSION}`,
      },
    );
    paths.push(path);
  }
  return paths;
}
