/**
 * Series ingest: find the image series in a folder (grouped by (0020,000E) Series Instance UID),
 * choose one, sort its planes along the slice normal and build a Volume of rescaled values
 * (PS3.3 C.11.1: value = stored x Rescale Slope + Rescale Intercept, per slice); CT in HU.
 */
import { InputError } from '../../../core/errors.ts';
import { voxelCount, type Volume } from '../../../core/volume.ts';
import { listFolderFiles, type SkippedFile } from './folder-walk.ts';
import { seriesGeometry } from './geometry.ts';
import { readFramePlanes, type FramePlane } from './read-frames.ts';
import {
  NOT_DICOM_REASON,
  num,
  parseDicomFile,
  present,
  str,
  type Dataset,
  type DicomFile,
} from './read-file.ts';
import { checkPlanesAgree, checkSeriesConsistency } from './series-consistency.ts';
import { selectedHeader } from './series-header.ts';
import { TAG } from '../tags.ts';

/** One series found in a folder. */
export interface SeriesSummary {
  seriesInstanceUid: string;
  modality: string;
  description: string;
  files: number;
  frameOfReferenceUid?: string;
}

/** Where each slice k of the volume came from, with its rescale and acquisition time. */
export interface SliceSource {
  file: string;
  frameIndex: number;
  rescaleSlope: number;
  rescaleIntercept: number;
  acquisitionDateTime: string | null;
}

/** A series read into a Volume of rescaled values (HU for CT). */
export interface LoadedSeries {
  volume: Volume;
  modality: 'PT' | 'CT' | string;
  seriesInstanceUid: string;
  frameOfReferenceUid: string | null;
  files: string[];
  /** SHA-256 of each file in `files`, same order. */
  filesSha256: string[];
  /** Selected attributes of the first slice (keywords as in PS3.6). */
  header: Record<string, unknown>;
  /** slices[k] describes slice k of the volume. */
  slices: SliceSource[];
  /** Files in the folder not read as part of any series (not DICOM, no series), and why. */
  skippedFiles: SkippedFile[];
  warnings: string[];
}

/** Options of readSeries: which series to take when the folder holds several. */
export interface ReadSeriesOptions {
  modality?: 'PT' | 'CT';
  seriesInstanceUid?: string;
}

interface Scan {
  series: Map<string, DicomFile[]>;
  skipped: SkippedFile[];
}

/** Media Storage Directory Storage (PS3.4 Annex B.5; PS3.10 8.6): a DICOMDIR, no series. */
const DICOMDIR_SOP_CLASS = '1.2.840.10008.1.3.10';

/**
 * True for a file that claims to be a composite SOP instance (an image, SEG, SR ...): its File
 * Meta or data set names a SOP class other than the DICOMDIR's, or it holds image attributes.
 * Every composite IOD has the General Series module (PS3.3 C.7.3.1, Series Instance UID Type 1),
 * so such a file without a Series Instance UID is damaged - e.g. truncated at an element boundary
 * before (0020,000E) - never a file to skip.
 */
function isCompositeInstance(file: DicomFile): boolean {
  const sopClass = file.mediaStorageSopClassUid || (str(file.dataset, 'SOPClassUID') ?? '');
  if (sopClass !== '' && sopClass !== DICOMDIR_SOP_CLASS) return true;
  return present(file.dataset, 'Rows') || file.dataset['PixelData'] !== undefined;
}

/**
 * Parse every file under `folder`. Files that are not DICOM, and DICOM files that are no image
 * and carry no Series Instance UID (a DICOMDIR), are skipped with the reason; an image without
 * one is refused (it would silently drop a slice), as is any damaged file (read-file.ts).
 */
function scanFolder(folder: string, headerOnly: boolean): Scan {
  const series = new Map<string, DicomFile[]>();
  const listed = listFolderFiles(folder);
  const skipped = [...listed.skipped];
  for (const path of listed.files) {
    const file = parseDicomFile(path, { headerOnly });
    if (file === null) {
      skipped.push({ path, reason: NOT_DICOM_REASON });
      continue;
    }
    const uid = str(file.dataset, 'SeriesInstanceUID');
    if (uid === undefined) {
      if (isCompositeInstance(file)) {
        throw new InputError(
          { file: path, field: TAG.seriesInstanceUid },
          'DICOM instance without a Series Instance UID: it cannot be placed in a series (a file cut short before (0020,000E) looks like this)',
          'the file is damaged or was exported incompletely: export the series again',
        );
      }
      skipped.push({ path, reason: 'DICOM file without a Series Instance UID (not an image)' });
      continue;
    }
    const list = series.get(uid) ?? [];
    list.push(file);
    series.set(uid, list);
  }
  return { series, skipped };
}

function summarise(uid: string, files: DicomFile[]): SeriesSummary {
  const ds = (files[0] as DicomFile).dataset;
  const frameOfReferenceUid = str(ds, 'FrameOfReferenceUID');
  return {
    seriesInstanceUid: uid,
    modality: str(ds, 'Modality') ?? '',
    description: str(ds, 'SeriesDescription') ?? '',
    files: files.length,
    ...(frameOfReferenceUid === undefined ? {} : { frameOfReferenceUid }),
  };
}

/** The series in a folder (recursively), one summary per Series Instance UID (0020,000E). */
export function listSeries(folder: string): SeriesSummary[] {
  const { series } = scanFolder(folder, true);
  return [...series].map(([uid, files]) => summarise(uid, files));
}

function describe(list: SeriesSummary[]): string {
  return list
    .map((s) => `${s.seriesInstanceUid} ${s.modality} "${s.description}" (${s.files} files)`)
    .join('; ');
}

function choose(folder: string, scan: Scan, options: ReadSeriesOptions): [string, DicomFile[]] {
  const all = [...scan.series].map(([uid, files]) => summarise(uid, files));
  const field = TAG.seriesInstanceUid;
  if (all.length === 0) {
    throw new InputError(
      { file: folder },
      'no DICOM image files found',
      'point the manifest at the folder holding the exported series',
    );
  }
  let candidates = all;
  if (options.seriesInstanceUid !== undefined) {
    candidates = all.filter((s) => s.seriesInstanceUid === options.seriesInstanceUid);
    if (candidates.length === 0) {
      throw new InputError(
        { file: folder, field },
        `no series ${options.seriesInstanceUid}; the folder holds: ${describe(all)}`,
        'copy one of these UIDs into the manifest `series`',
      );
    }
  } else if (options.modality !== undefined) {
    candidates = all.filter((s) => s.modality === options.modality);
    if (candidates.length === 0) {
      throw new InputError(
        { file: folder, field: TAG.modality },
        `no ${options.modality} series; the folder holds: ${describe(all)}`,
      );
    }
  }
  if (candidates.length > 1) {
    throw new InputError(
      { file: folder, field },
      `${candidates.length} series in the folder: ${describe(candidates)}`,
      'give the Series Instance UID of the one to use as `series` in the manifest',
    );
  }
  const uid = (candidates[0] as SeriesSummary).seriesInstanceUid;
  return [uid, scan.series.get(uid) as DicomFile[]];
}

/** Read one series from a folder into a Volume (rescaled values; CT in HU). */
export function readSeries(folder: string, options: ReadSeriesOptions = {}): LoadedSeries {
  const scan = scanFolder(folder, false);
  const [uid, files] = choose(folder, scan, options);
  const warnings: string[] = [];
  if (scan.skipped.length > 0) warnings.push(skippedWarning(folder, scan.skipped));
  const firstDs = (files[0] as DicomFile).dataset;
  const modality = str(firstDs, 'Modality') ?? '';
  checkSeriesConsistency(files, modality);
  const planes = files.flatMap((f) => readFramePlanes(f));
  const first = planes[0] as FramePlane;
  checkPlanesAgree(planes, first);
  const assumed = planes.filter((p) => p.rescaleAssumed);
  if (assumed.length > 0) {
    warnings.push(
      `${assumed.length} CT slice(s) without Rescale Slope and Intercept (e.g. ${(assumed[0] as FramePlane).file}): stored values taken as Hounsfield units (slope 1, intercept 0)`,
    );
  }
  const tilt = Math.max(...files.map((f) => Math.abs(num(f.dataset, 'GantryDetectorTilt') ?? 0)));
  const { order, geometry } = seriesGeometry(
    planes,
    [first.format.columns, first.format.rows],
    folder,
    tilt,
  );
  const data = new Float32Array(voxelCount(geometry.size));
  const perSlice = first.format.rows * first.format.columns;
  const slices: SliceSource[] = order.map((n, k) => {
    const plane = planes[n] as FramePlane;
    const samples = plane.samples();
    const { rescaleSlope: m, rescaleIntercept: b } = plane;
    const offset = k * perSlice;
    for (let v = 0; v < perSlice; v++) data[offset + v] = (samples[v] ?? 0) * m + b;
    return {
      file: plane.file,
      frameIndex: plane.frameIndex,
      rescaleSlope: m,
      rescaleIntercept: b,
      acquisitionDateTime: plane.acquisitionDateTime,
    };
  });
  if (modality === 'CT') checkHounsfield(firstDs, folder, warnings);
  return {
    volume: { ...geometry, data },
    modality,
    seriesInstanceUid: uid,
    frameOfReferenceUid: str(firstDs, 'FrameOfReferenceUID') ?? null,
    files: files.map((f) => f.path),
    filesSha256: files.map((f) => f.sha256),
    header: selectedHeader(firstDs),
    slices,
    skippedFiles: scan.skipped,
    warnings,
  };
}

/** One warning naming the skipped files (the first three) and why. */
function skippedWarning(folder: string, skipped: readonly SkippedFile[]): string {
  const named = skipped.slice(0, 3).map((s) => `${s.path}: ${s.reason}`);
  const more = skipped.length > 3 ? `; and ${skipped.length - 3} more` : '';
  return `${skipped.length} non-DICOM or non-image file(s) skipped in ${folder} (${named.join('; ')}${more})`;
}

/** CT values are HU when (0028,1054) Rescale Type is absent or HU (PS3.3 C.11.1.1.2). */
function checkHounsfield(ds: Dataset, folder: string, warnings: string[]): void {
  const type = str(ds, 'RescaleType');
  if (type !== undefined && type !== 'HU') {
    warnings.push(
      `${folder}: CT (0028,1054) Rescale Type is ${type}, not HU; values used as they are`,
    );
  }
}
