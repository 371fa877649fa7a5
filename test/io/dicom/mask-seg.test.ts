/**
 * DICOM Segmentation masks (PS3.3 A.51, C.8.20) read back in LPS. (1) Two lesions written by the
 * project's own writeSegmentation on a source grid (axial, oblique, and with k against the
 * normal): every mask voxel, mapped through LPS into the source grid, lands on a voxel centre,
 * and the set equals the written voxel indices exactly; a segment with empty slices between its
 * frames keeps the gap. (2) Segmentations written by pydicom (an independent writer): BINARY with
 * two segments on a non-axial plane with rectangular pixels, frames shuffled, a gap of two
 * slices; FRACTIONAL (8 bit, cut at one half); LABELMAP (value = segment number); a single frame
 * with Slice Thickness only. pydicom's script lists the LPS centre of every set pixel from its own
 * geometry; the mask must hold exactly those voxels. Skipped, loudly, without pydicom.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ijkToLps,
  IDENTITY_DIRECTION,
  lpsToIjk,
  voxelIndex,
  type Mat3,
  type Vec3,
  type Volume,
} from '../../../src/core/volume.ts';
import { readSegMask } from '../../../src/io/dicom/masks/mask-seg.ts';
import {
  writeSegmentation,
  type SegReferencedSeries,
} from '../../../src/io/dicom/seg/seg-writer.ts';
import { newUid } from '../../../src/io/dicom/write/write-uid.ts';
import { hasPydicom, warnMissing } from '../../helpers/external-tools.ts';

const root = mkdtempSync(join(tmpdir(), 'iodose-mask-seg-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const pydicom = hasPydicom();
if (!pydicom) warnMissing('python3-pydicom', 'reading pydicom-written Segmentations');

/** Source voxel indices of the mask voxels, each mapped through LPS (must land on centres). */
function sourceIndices(mask: Volume<Uint8Array>, source: Omit<Volume, 'data'>): number[] {
  const out: number[] = [];
  const [nx, ny, nz] = mask.size;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        if (mask.data[i + nx * (j + ny * k)] !== 1) continue;
        const s = lpsToIjk(source, ijkToLps(mask, [i, j, k]));
        const r = s.map(Math.round) as unknown as Vec3;
        s.forEach((v, a) => expect(Math.abs(v - r[a]!)).toBeLessThan(1e-3));
        out.push(voxelIndex(source.size, ...r));
      }
  return out.sort((a, b) => a - b);
}

const s = Math.SQRT1_2;
const OBLIQUE: Mat3 = [s, 0, s, s, 0, -s, 0, 1, 0];
const K_AGAINST_NORMAL: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, -1];

describe.each([
  ['axial', IDENTITY_DIRECTION],
  ['oblique', OBLIQUE],
  ['k against the normal', K_AGAINST_NORMAL],
])('readSegMask on our own writeSegmentation output (%s source)', (name, direction) => {
  const geometry = {
    size: [11, 9, 10] as Vec3,
    spacingMm: [4, 3.2, 3.5] as Vec3,
    originLps: [-20, 30, -15] as Vec3,
    direction,
  };
  const source: SegReferencedSeries = {
    geometry,
    studyInstanceUid: newUid(),
    seriesInstanceUid: newUid(),
    frameOfReferenceUid: newUid(),
    patientStudy: { PatientID: 'MASK01' },
    slices: Array.from({ length: 10 }, () => ({
      sopClassUid: '1.2.840.10008.5.1.4.1.1.128',
      sopInstanceUid: newUid(),
    })),
  };
  /** A ball of radius 8 mm around voxel (4, 4, 4); and a lesion on slices 2 and 6 only. */
  const ball: number[] = [];
  const split: number[] = [];
  const centre = ijkToLps(geometry, [4, 4, 4]);
  for (let k = 0; k < 10; k++)
    for (let j = 0; j < 9; j++)
      for (let i = 0; i < 11; i++) {
        const p = ijkToLps(geometry, [i, j, k]);
        if (Math.hypot(p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]) <= 8)
          ball.push(voxelIndex(geometry.size, i, j, k));
        if ((k === 2 || k === 6) && i >= 6 && j >= 5 && (i + j) % 3 !== 0)
          split.push(voxelIndex(geometry.size, i, j, k));
      }
  const path = join(root, `own-${name.replace(/ /g, '-')}.seg.dcm`);
  writeSegmentation(
    source,
    [
      { label: 'L1', voxelIndices: Int32Array.from(ball) },
      { label: 'L2 split', voxelIndices: Int32Array.from(split) },
    ],
    path,
    { seriesDescription: 'VOI' },
  );

  it('segment 1 by number: exactly the written voxels, same spacing and direction', () => {
    const read = readSegMask(path, { number: 1 });
    expect(sourceIndices(read.mask, geometry)).toEqual(ball);
    expect(read.label).toBe('L1');
    expect(read.frameOfReferenceUid).toBe(source.frameOfReferenceUid);
    expect(read.warnings).toEqual([]);
    read.mask.spacingMm.forEach((v, a) => expect(v).toBeCloseTo(geometry.spacingMm[a]!, 6));
    expect(read.mask.size.slice(0, 2)).toEqual([11, 9]);
  });

  it('segment "L2 split" by label: both slices, the 3 slices between them empty', () => {
    const read = readSegMask(path, { label: 'l2  split' });
    expect(sourceIndices(read.mask, geometry)).toEqual(split);
    expect(read.segmentNumber).toBe(2);
    // The grid covers the frames of both segments (slices 1..7 of the ball and 2, 6).
    expect(read.mask.size[2]).toBeGreaterThanOrEqual(5);
  });

  it('names the available segments when the choice is missing, unknown or ambiguous', () => {
    expect(() => readSegMask(path, { label: 'L3' })).toThrow(
      /own-.*\.seg\.dcm: \(0062,0002\) Segment Sequence: no segment "L3"; the file holds segments 1 "L1", 2 "L2 split"/,
    );
    expect(() => readSegMask(path, { number: 2, label: 'L1' })).toThrow(
      /no segment number 2 and "L1"/,
    );
    expect(() => readSegMask(path, {})).toThrow(
      /no choice given: 2 segments match \(1 "L1", 2 "L2 split"\)/,
    );
  });
});

it('refuses a file that is not DICOM', () => {
  const path = join(root, 'not-dicom.dcm');
  writeFileSync(path, 'hello');
  expect(() => readSegMask(path, { number: 1 })).toThrow(/not-dicom\.dcm: not a DICOM file/);
});

/** pydicom writer: argv out, kind (BINARY | FRACTIONAL | LABELMAP | SINGLE); prints the expectation. */
const WRITE_SEG = `
import json, sys
import numpy as np
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
from pydicom.pixel_data_handlers.numpy_handler import pack_bits
out, kind = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(7)
rows, cols = 7, 9                       # 63-pixel frames: not byte-aligned
row = np.array([0.8, 0.6, 0.0])         # direction of increasing column index
col = np.array([0.0, 0.0, -1.0])        # direction of increasing row index
normal = np.cross(row, col)
dr, dc, dz = 1.5, 0.75, 2.5             # Pixel Spacing = [dr (between rows), dc]
origin = np.array([10.0, -20.0, 30.0])
if kind == 'SINGLE':
    layout = [(1, 0)]
elif kind == 'LABELMAP':
    layout = [(0, 2), (0, 0), (0, 1)]                 # one frame per slice, value = segment
else:
    layout = [(1, 1), (1, 2), (2, 0), (2, 5), (1, 0)]   # (segment, slice); slices 3, 4 empty
order = [3, 0, 4, 2, 1] if len(layout) == 5 else list(range(len(layout)))  # frames stored shuffled
frames, expected = [], {'1': [], '2': []}
for n in order:
    seg, k = layout[n]
    if kind == 'LABELMAP':
        values = rng.integers(0, 3, size=(rows, cols)).astype(np.uint8)
        for label in (1, 2):
            for r, c in zip(*np.nonzero(values == label)):
                p = origin + k * dz * normal + c * dc * row + r * dr * col
                expected[str(label)].append([float(x) for x in p])
        frames.append((seg, k, values))
        continue
    if kind == 'FRACTIONAL':
        values = rng.integers(0, 256, size=(rows, cols)).astype(np.uint8)
        inside = values >= 127.5
    else:
        values = (rng.random((rows, cols)) < 0.4).astype(np.uint8)
        inside = values == 1
    frames.append((seg, k, values))
    for r, c in zip(*np.nonzero(inside)):
        p = origin + k * dz * normal + c * dc * row + r * dr * col
        expected[str(seg)].append([float(x) for x in p])
meta = FileMetaDataset()
meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.66.' + ('7' if kind == 'LABELMAP' else '4')
meta.MediaStorageSOPInstanceUID = generate_uid()
meta.TransferSyntaxUID = ExplicitVRLittleEndian
ds = FileDataset(out, {}, file_meta=meta, preamble=b'\\0' * 128)
ds.is_little_endian, ds.is_implicit_VR = True, False
ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
ds.Modality = 'SEG'
ds.PatientID, ds.StudyInstanceUID, ds.SeriesInstanceUID = 'PY01', generate_uid(), generate_uid()
ds.FrameOfReferenceUID = '1.2.826.0.1.3680043.8.498.1'
ds.SegmentationType = kind if kind in ('FRACTIONAL', 'LABELMAP') else 'BINARY'
if kind == 'FRACTIONAL':
    ds.SegmentationFractionalType, ds.MaximumFractionalValue = 'PROBABILITY', 255
def segment(number, label):
    s = Dataset()
    s.SegmentNumber, s.SegmentLabel, s.SegmentAlgorithmType = number, label, 'MANUAL'
    return s
ds.SegmentSequence = [segment(1, 'Lesion A'), segment(2, 'Lesion B')][: 1 if kind == 'SINGLE' else 2]
measures = Dataset()
measures.PixelSpacing = [dr, dc]
measures.SliceThickness = dz
if kind != 'SINGLE':
    measures.SpacingBetweenSlices = dz
orient = Dataset()
orient.ImageOrientationPatient = [*row, *col]
shared = Dataset()
shared.PixelMeasuresSequence, shared.PlaneOrientationSequence = [measures], [orient]
ds.SharedFunctionalGroupsSequence = [shared]
per = []
for seg, k, _ in frames:
    fg, pos, ident = Dataset(), Dataset(), Dataset()
    pos.ImagePositionPatient = [float(x) for x in origin + k * dz * normal]
    ident.ReferencedSegmentNumber = seg
    fg.PlanePositionSequence = [pos]
    if kind != 'LABELMAP':
        fg.SegmentIdentificationSequence = [ident]
    per.append(fg)
ds.PerFrameFunctionalGroupsSequence = per
ds.NumberOfFrames, ds.Rows, ds.Columns = len(frames), rows, cols
ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PixelRepresentation = 1, 'MONOCHROME2', 0
stack = np.stack([v for _, _, v in frames])
if kind in ('FRACTIONAL', 'LABELMAP'):
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = 8, 8, 7
    ds.PixelData = stack.tobytes()
else:
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = 1, 1, 0
    ds.PixelData = pack_bits(stack.ravel())
ds.save_as(out, write_like_original=False)
print(json.dumps({'expected': expected, 'normal': normal.tolist(), 'origin': origin.tolist(),
                  'row': row.tolist(), 'col': col.tolist()}))
`;

interface PySeg {
  expected: Record<string, Vec3[]>;
  normal: Vec3;
  origin: Vec3;
  row: Vec3;
  col: Vec3;
}

function pySeg(kind: 'BINARY' | 'FRACTIONAL' | 'LABELMAP' | 'SINGLE'): { path: string; py: PySeg } {
  const path = join(root, `py-${kind}.seg.dcm`);
  const out = execFileSync('/usr/bin/python3', ['-c', WRITE_SEG, path, kind]);
  return { path, py: JSON.parse(out.toString('utf8')) as PySeg };
}

/** The mask holds exactly the voxels whose LPS centres pydicom listed. */
function expectVoxelsAt(mask: Volume<Uint8Array>, points: readonly Vec3[]) {
  const hits = new Set<number>();
  for (const p of points) {
    const ijk = lpsToIjk(mask, p);
    const r = ijk.map(Math.round) as unknown as Vec3;
    ijk.forEach((v, a) => expect(Math.abs(v - r[a]!)).toBeLessThan(1e-4));
    const n = voxelIndex(mask.size, ...r);
    expect(mask.data[n]).toBe(1);
    hits.add(n);
  }
  expect(mask.data.reduce((sum, v) => sum + v, 0)).toBe(hits.size);
  expect(hits.size).toBe(points.length);
}

describe.skipIf(!pydicom)('readSegMask on Segmentations written by pydicom', () => {
  it('BINARY, 2 segments, shuffled frames, non-axial rectangular pixels, 2 empty slices', () => {
    const { path, py } = pySeg('BINARY');
    for (const [number, label] of [
      [1, 'Lesion A'],
      [2, 'Lesion B'],
    ] as const) {
      const read = readSegMask(path, { number });
      expect(read.label).toBe(label);
      expectVoxelsAt(read.mask, py.expected[String(number)]!);
      expect(read.mask.size).toEqual([9, 7, 6]);
      expect(read.mask.spacingMm).toEqual([0.75, 1.5, 2.5]);
      expect(read.mask.originLps).toEqual(py.origin);
      const d = read.mask.direction;
      [py.row, py.col, py.normal].forEach((axis, c) =>
        axis.forEach((v, r) => expect(d[3 * r + c]).toBeCloseTo(v, 9)),
      );
      expect(read.frameOfReferenceUid).toBe('1.2.826.0.1.3680043.8.498.1');
    }
  });

  it('FRACTIONAL (8 bit, maximum 255): voxels with value >= 127.5', () => {
    const { path, py } = pySeg('FRACTIONAL');
    expectVoxelsAt(readSegMask(path, { label: 'Lesion B' }).mask, py.expected['2']!);
    expectVoxelsAt(readSegMask(path, { label: 'Lesion A' }).mask, py.expected['1']!);
  });

  it('LABELMAP (Label Map Segmentation, value = segment number, frames shared)', () => {
    const { path, py } = pySeg('LABELMAP');
    expectVoxelsAt(readSegMask(path, { number: 1 }).mask, py.expected['1']!);
    expectVoxelsAt(readSegMask(path, { number: 2 }).mask, py.expected['2']!);
  });

  it('one frame: the slice spacing is the Slice Thickness; the only segment needs no choice', () => {
    const { path, py } = pySeg('SINGLE');
    const read = readSegMask(path, {});
    expect(read.mask.size).toEqual([9, 7, 1]);
    expect(read.mask.spacingMm[2]).toBe(2.5);
    expectVoxelsAt(read.mask, py.expected['1']!);
  });

  it('refuses a DICOM file that is not a Segmentation', () => {
    const { path } = pySeg('SINGLE');
    // The same file with Modality and SOP Class changed by pydicom.
    const other = join(root, 'ct.dcm');
    execFileSync('/usr/bin/python3', [
      '-c',
      `import pydicom,sys; d=pydicom.dcmread(sys.argv[1]); d.Modality='CT'; d.SOPClassUID='1.2.840.10008.5.1.4.1.1.2'; d.save_as(sys.argv[2])`,
      path,
      other,
    ]);
    expect(() => readSegMask(other, { number: 1 })).toThrow(
      /ct\.dcm: \(0008,0016\) SOP Class UID: not a DICOM Segmentation \(SOP Class 1\.2\.840\.10008\.5\.1\.4\.1\.1\.2, Modality CT\)/,
    );
  });
});
