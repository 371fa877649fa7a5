/**
 * A lesion mask from a DICOM Segmentation (PS3.3 A.51 Segmentation IOD, C.8.20 Segmentation
 * modules; SOP Class 1.2.840.10008.5.1.4.1.1.66.4, and Label Map Segmentation .66.7): one segment
 * of the Segment Sequence (0062,0002), chosen by Segment Number or Label, rasterised onto the grid
 * of all frames (mask-seg-grid.ts). Frame f belongs to the segment of its per-frame Segment
 * Identification (0062,000A) > Referenced Segment Number (0062,000B); its pixels are decoded by
 * mask-seg-pixels.ts (BINARY, FRACTIONAL at one half, LABELMAP). Reads what seg-writer.ts writes.
 */
import { InputError } from '../../../core/errors.ts';
import { voxelCount, type Volume } from '../../../core/volume.ts';
import { selectEntry, type MaskEntry } from './mask-select.ts';
import { segGrid } from './mask-seg-grid.ts';
import { segFrameReader, type SegmentationType } from './mask-seg-pixels.ts';
import { item, items, num, parseDicomFile, str, type Dataset } from '../read/read-file.ts';
import { TAG } from '../tags.ts';

/** One segment's mask, its label, the frame of reference and warnings. */
export interface SegMask {
  mask: Volume<Uint8Array>;
  label: string;
  /** Segment Number (0062,0004) of the chosen segment. */
  segmentNumber: number;
  frameOfReferenceUid: string | null;
  warnings: string[];
}

const SEG_CLASSES = new Set(['1.2.840.10008.5.1.4.1.1.66.4', '1.2.840.10008.5.1.4.1.1.66.7']);
const TYPES: readonly SegmentationType[] = ['BINARY', 'FRACTIONAL', 'LABELMAP'];
const SEGMENT_SEQUENCE = '(0062,0002) Segment Sequence';

function segments(ds: Dataset): MaskEntry[] {
  return items(ds, 'SegmentSequence').map((s, n) => ({
    number: num(s, 'SegmentNumber') ?? n + 1,
    name: str(s, 'SegmentLabel') ?? '',
  }));
}

/** Segment Number of each frame: per-frame, else shared, else the only segment. */
function frameSegments(ds: Dataset, frames: number, only: number | null, file: string): number[] {
  const shared = item(ds, 'SharedFunctionalGroupsSequence');
  const perFrame = items(ds, 'PerFrameFunctionalGroupsSequence');
  return Array.from({ length: frames }, (_, f) => {
    const id =
      item(perFrame[f], 'SegmentIdentificationSequence') ??
      item(shared, 'SegmentIdentificationSequence');
    const number = num(id ?? {}, 'ReferencedSegmentNumber') ?? only;
    if (number === null) {
      throw new InputError(
        { file, field: '(0062,000A) Segment Identification Sequence' },
        `frame ${f + 1} names no Referenced Segment Number and the file holds several segments`,
      );
    }
    return number;
  });
}

/** The mask of one segment of a DICOM Segmentation in LPS (PS3.3 A.51, C.8.20). */
export function readSegMask(path: string, segment: { number?: number; label?: string }): SegMask {
  const file = parseDicomFile(path);
  if (file === null) {
    throw new InputError({ file: path }, 'not a DICOM file', 'give the path of the SEG .dcm file');
  }
  const ds = file.dataset;
  const sopClass = str(ds, 'SOPClassUID') ?? '';
  const modality = str(ds, 'Modality') ?? '';
  if (!SEG_CLASSES.has(sopClass) && modality !== 'SEG') {
    throw new InputError(
      { file: path, field: TAG.sopClass },
      `not a DICOM Segmentation (SOP Class ${sopClass || 'absent'}, Modality ${modality || 'absent'})`,
      'give a SEG file, or read an RTSTRUCT with readRtstructMask',
    );
  }
  const type = (str(ds, 'SegmentationType') ?? '') as SegmentationType;
  if (!TYPES.includes(type)) {
    throw new InputError(
      { file: path, field: '(0062,0001) Segmentation Type' },
      `Segmentation Type "${type}"; expected ${TYPES.join(', ')}`,
    );
  }
  const list = segments(ds);
  const chosen = selectEntry(
    list,
    {
      ...(segment.number === undefined ? {} : { number: segment.number }),
      ...(segment.label === undefined ? {} : { name: segment.label }),
    },
    { what: 'segment', numberKey: 'segment number', nameKey: 'segment label' },
    { file: path, field: SEGMENT_SEQUENCE },
  );
  const frames = num(ds, 'NumberOfFrames') ?? 1;
  if (!(frames >= 1)) {
    throw new InputError(
      { file: path, field: TAG.numberOfFrames },
      'the Segmentation has no frames',
    );
  }
  const { grid, sliceOfFrame, warnings } = segGrid(ds, frames, path);
  const read = segFrameReader(file, type, frames);
  const owner =
    type === 'LABELMAP'
      ? null
      : frameSegments(ds, frames, list.length === 1 ? chosen.number : null, path);
  const plane = grid.size[0] * grid.size[1];
  const data = new Uint8Array(voxelCount(grid.size));
  let inside = 0;
  for (let f = 0; f < frames; f++) {
    if (owner !== null && owner[f] !== chosen.number) continue;
    const pixels = read(f, chosen.number);
    const offset = (sliceOfFrame[f] ?? 0) * plane;
    for (let p = 0; p < plane; p++) {
      if (pixels[p] === 1 && data[offset + p] === 0) {
        data[offset + p] = 1;
        inside++;
      }
    }
  }
  if (inside === 0) warnings.push(`${path}: segment ${chosen.number} "${chosen.name}" is empty`);
  return {
    mask: { ...grid, data },
    label: chosen.name,
    segmentNumber: chosen.number,
    frameOfReferenceUid: str(ds, 'FrameOfReferenceUID') ?? null,
    warnings,
  };
}
