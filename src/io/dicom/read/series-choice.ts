/**
 * Instances grouped into series by (0020,000E) Series Instance UID, and the choice of one: by
 * UID, by modality, or the only one. Works on headers, so a folder's series are listed and one
 * chosen before any pixel is read.
 */
import { InputError } from '../../../core/errors.ts';
import { present, str } from './read-file.ts';
import { TAG } from '../tags.ts';
import type { DicomInstance } from './instance.ts';
import type { ReadSeriesOptions, SeriesSummary, SkippedFile } from './series-types.ts';

/** Media Storage Directory Storage (PS3.4 Annex B.5; PS3.10 8.6): a DICOMDIR, no series. */
const DICOMDIR_SOP_CLASS = '1.2.840.10008.1.3.10';

/**
 * True for an instance that claims to be a composite SOP instance (an image, SEG, SR ...): its
 * File Meta or data set names a SOP class other than the DICOMDIR's, or it holds image
 * attributes. Every composite IOD has the General Series module (PS3.3 C.7.3.1, Series Instance
 * UID Type 1), so such a file without a Series Instance UID is damaged - e.g. truncated at an
 * element boundary before (0020,000E) - never a file to skip.
 */
function isCompositeInstance(file: DicomInstance): boolean {
  const sopClass = file.mediaStorageSopClassUid || (str(file.dataset, 'SOPClassUID') ?? '');
  if (sopClass !== '' && sopClass !== DICOMDIR_SOP_CLASS) return true;
  return present(file.dataset, 'Rows') || file.hasPixelData;
}

/** Instances by Series Instance UID (in the order given). */
export type SeriesGroups = Map<string, DicomInstance[]>;

/**
 * Add an instance to its series. DICOM files that are no image and carry no Series Instance UID
 * (a DICOMDIR) are skipped with the reason; an image without one is refused (it would silently
 * drop a slice).
 */
export function addToSeries(
  groups: SeriesGroups,
  file: DicomInstance,
  skipped: SkippedFile[],
): void {
  const uid = str(file.dataset, 'SeriesInstanceUID');
  if (uid === undefined) {
    if (isCompositeInstance(file)) {
      throw new InputError(
        { file: file.path, field: TAG.seriesInstanceUid },
        'DICOM instance without a Series Instance UID: it cannot be placed in a series (a file cut short before (0020,000E) looks like this)',
        'the file is damaged or was exported incompletely: export the series again',
      );
    }
    skipped.push({
      path: file.path,
      reason: 'DICOM file without a Series Instance UID (not an image)',
    });
    return;
  }
  const list = groups.get(uid) ?? [];
  list.push(file);
  groups.set(uid, list);
}

export function summarise(uid: string, files: readonly DicomInstance[]): SeriesSummary {
  const ds = (files[0] as DicomInstance).dataset;
  const frameOfReferenceUid = str(ds, 'FrameOfReferenceUID');
  return {
    seriesInstanceUid: uid,
    modality: str(ds, 'Modality') ?? '',
    description: str(ds, 'SeriesDescription') ?? '',
    files: files.length,
    ...(frameOfReferenceUid === undefined ? {} : { frameOfReferenceUid }),
  };
}

function describe(list: SeriesSummary[]): string {
  return list
    .map((s) => `${s.seriesInstanceUid} ${s.modality} "${s.description}" (${s.files} files)`)
    .join('; ');
}

/** The one series the options select from `groups`; `label` names the folder in errors. */
export function chooseSeries(
  label: string,
  groups: SeriesGroups,
  options: ReadSeriesOptions,
): [string, DicomInstance[]] {
  const all = [...groups].map(([uid, files]) => summarise(uid, files));
  const field = TAG.seriesInstanceUid;
  if (all.length === 0) {
    throw new InputError(
      { file: label },
      'no DICOM image files found',
      'point the manifest at the folder holding the exported series',
    );
  }
  let candidates = all;
  if (options.seriesInstanceUid !== undefined) {
    candidates = all.filter((s) => s.seriesInstanceUid === options.seriesInstanceUid);
    if (candidates.length === 0) {
      throw new InputError(
        { file: label, field },
        `no series ${options.seriesInstanceUid}; the folder holds: ${describe(all)}`,
        'copy one of these UIDs into the manifest `series`',
      );
    }
  } else if (options.modality !== undefined) {
    candidates = all.filter((s) => s.modality === options.modality);
    if (candidates.length === 0) {
      throw new InputError(
        { file: label, field: TAG.modality },
        `no ${options.modality} series; the folder holds: ${describe(all)}`,
      );
    }
  }
  if (candidates.length > 1) {
    throw new InputError(
      { file: label, field },
      `${candidates.length} series in the folder: ${describe(candidates)}`,
      'give the Series Instance UID of the one to use as `series` in the manifest',
    );
  }
  const uid = (candidates[0] as SeriesSummary).seriesInstanceUid;
  return [uid, groups.get(uid) as DicomInstance[]];
}

/** One warning naming the skipped files (the first three) and why. */
export function skippedWarning(label: string, skipped: readonly SkippedFile[]): string {
  const named = skipped.slice(0, 3).map((s) => `${s.path}: ${s.reason}`);
  const more = skipped.length > 3 ? `; and ${skipped.length - 3} more` : '';
  return `${skipped.length} non-DICOM or non-image file(s) skipped in ${label} (${named.join('; ')}${more})`;
}
