/**
 * RT Structure Set ROIs (PS3.3 C.8.8.5, C.8.8.6) written by pydicom and rasterised onto a CT-like
 * grid (0.5 mm pixels, 2.5 mm slices) by the even-odd rule. ROI "Disc": a circle of radius 10 mm
 * (360-gon, area within 0.01 % of pi r^2) on 4 slices; per slice the voxel area is within 1.5 % of
 * pi r^2 and the volume within 1.5 % of 4 x 2.5 mm x pi r^2. ROI "Frame": a 30 mm square with a
 * 14 mm square hole, both turned by 20 degrees, on 2 slices: area within 1.5 % of 900 - 196 mm^2
 * and no voxel at the centre of the hole. The same areas on a grid with j and k reversed; stray
 * contours (tilted, outside the grid, POINT) are reported; ROI choices are checked.
 * Skipped, loudly, without pydicom.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  lpsToIjk,
  voxelIndex,
  type Mat3,
  type Vec3,
  type Volume,
} from '../../../src/core/volume.ts';
import { readRtstructMask } from '../../../src/io/dicom/masks/mask-rtstruct.ts';
import { readSegMask } from '../../../src/io/dicom/masks/mask-seg.ts';
import { maskVolumeMl } from '../../../src/imaging/ct-volume.ts';
import { hasPydicom, warnMissing } from '../../helpers/external-tools.ts';

const root = mkdtempSync(join(tmpdir(), 'iodose-mask-rt-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const pydicom = hasPydicom();
if (!pydicom) warnMissing('python3-pydicom', 'rasterising pydicom-written RTSTRUCT contours');

const CENTRE = [3.3, -4.7] as const;
const R_MM = 10;
const DISC_Z = [0, 2.5, 5, 7.5];
const FRAME_Z = [5, 10];
const FRAME_OUTER_MM = 30;
const FRAME_INNER_MM = 14;

/** pydicom writer of the RTSTRUCT: argv out. Coordinates as DS strings of at most 16 chars. */
const WRITE_RTSTRUCT = `
import sys
import numpy as np
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
cx, cy, r = ${CENTRE[0]}, ${CENTRE[1]}, ${R_MM}
def circle(z, n=360, tilt=0.0):
    t = 2 * np.pi * np.arange(n) / n
    return [(cx + r * np.cos(a), cy + r * np.sin(a), z + tilt * np.cos(a)) for a in t]
def square(side, z, deg=20.0):
    c, s, h = np.cos(np.radians(deg)), np.sin(np.radians(deg)), side / 2
    return [(cx + c * x - s * y, cy + s * x + c * y, z) for x, y in [(-h, -h), (h, -h), (h, h), (-h, h)]]
def contour(points, kind='CLOSED_PLANAR'):
    c = Dataset()
    c.ContourGeometricType, c.NumberOfContourPoints = kind, len(points)
    c.ContourData = [f'{v:.6f}' for p in points for v in p]
    return c
meta = FileMetaDataset()
meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.481.3'
meta.MediaStorageSOPInstanceUID = generate_uid()
meta.TransferSyntaxUID = ExplicitVRLittleEndian
ds = FileDataset(sys.argv[1], {}, file_meta=meta, preamble=b'\\0' * 128)
ds.is_little_endian, ds.is_implicit_VR = True, False
ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
ds.Modality, ds.PatientID = 'RTSTRUCT', 'RT01'
ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
ds.StructureSetLabel = 'lesions'
for_uid = '1.2.826.0.1.3680043.8.498.2'
ref = Dataset()
ref.FrameOfReferenceUID = for_uid
ds.ReferencedFrameOfReferenceSequence = [ref]
rois = {
    1: ('Disc', [contour(circle(z)) for z in ${JSON.stringify(DISC_Z)}]),
    2: ('Frame', [contour(square(a, z)) for z in ${JSON.stringify(FRAME_Z)}
                  for a in (${FRAME_OUTER_MM}, ${FRAME_INNER_MM})]),
    3: ('GTV', [contour(circle(2.5))]),
    4: ('GTV', None),
    5: ('Strays', [contour(circle(5.0, tilt=3.0)), contour(circle(100.0)),
                   contour([(cx, cy, 5.0)], 'POINT'), contour(circle(7.5))]),
}
ds.StructureSetROISequence, ds.ROIContourSequence = [], []
for number, (name, contours) in rois.items():
    item = Dataset()
    item.ROINumber, item.ROIName, item.ReferencedFrameOfReferenceUID = number, name, for_uid
    item.ROIGenerationAlgorithm = 'MANUAL'
    ds.StructureSetROISequence.append(item)
    if contours is not None:
        rc = Dataset()
        rc.ReferencedROINumber, rc.ROIDisplayColor, rc.ContourSequence = number, [255, 0, 0], contours
        ds.ROIContourSequence.append(rc)
ds.save_as(sys.argv[1], write_like_original=False)
`;

const AXIAL: Omit<Volume, 'data'> = {
  size: [100, 100, 6],
  spacingMm: [0.5, 0.5, 2.5],
  originLps: [-20, -28, 0],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};
/** The same region with j and k running the other way (origin at the far corner). */
const REVERSED: Omit<Volume, 'data'> = {
  size: [100, 100, 6],
  spacingMm: [0.5, 0.5, 2.5],
  originLps: [-20, 21.5, 12.5],
  direction: [1, 0, 0, 0, -1, 0, 0, 0, -1] as Mat3,
};

/** Area (mm^2) of the mask on the grid slice that holds LPS z. */
function sliceAreaMm2(mask: Volume<Uint8Array>, zMm: number): number {
  const k = Math.round(lpsToIjk(mask, [0, 0, zMm])[2]);
  const [nx, ny] = mask.size;
  let n = 0;
  for (let v = k * nx * ny; v < (k + 1) * nx * ny; v++) n += mask.data[v] ?? 0;
  return n * mask.spacingMm[0] * mask.spacingMm[1];
}

describe.skipIf(!pydicom)('readRtstructMask on a pydicom RTSTRUCT', () => {
  const path = join(root, 'rtstruct.dcm');
  beforeAll(() => {
    execFileSync('/usr/bin/python3', ['-c', WRITE_RTSTRUCT, path]);
  });

  it.each([
    ['axial', AXIAL],
    ['j and k reversed', REVERSED],
  ])('"Disc" on the %s grid: pi r^2 per slice, 4 slices of 2.5 mm', (_, grid) => {
    const read = readRtstructMask(path, { name: 'Disc' }, grid);
    const disc = Math.PI * R_MM ** 2;
    for (const z of DISC_Z)
      expect(Math.abs(sliceAreaMm2(read.mask, z) / disc - 1)).toBeLessThan(0.015);
    expect(sliceAreaMm2(read.mask, 10)).toBe(0);
    expect(
      Math.abs(maskVolumeMl(read.mask) / ((DISC_Z.length * 2.5 * disc) / 1000) - 1),
    ).toBeLessThan(0.015);
    expect(read.roiName).toBe('Disc');
    expect(read.frameOfReferenceUid).toBe('1.2.826.0.1.3680043.8.498.2');
    expect(read.warnings).toEqual([]);
  });

  it.each([
    ['axial', AXIAL],
    ['j and k reversed', REVERSED],
  ])('"Frame" (ROI 2) on the %s grid: the inner square is a hole (even-odd rule)', (_, grid) => {
    const { mask } = readRtstructMask(path, { number: 2 }, grid);
    const annulus = FRAME_OUTER_MM ** 2 - FRAME_INNER_MM ** 2;
    for (const z of FRAME_Z) {
      expect(Math.abs(sliceAreaMm2(mask, z) / annulus - 1)).toBeLessThan(0.015);
      const centre = lpsToIjk(mask, [CENTRE[0], CENTRE[1], z]).map(Math.round) as unknown as Vec3;
      expect(mask.data[voxelIndex(mask.size, ...centre)]).toBe(0);
      const onRing = lpsToIjk(mask, [CENTRE[0], CENTRE[1] + 11, z]).map(
        Math.round,
      ) as unknown as Vec3;
      expect(mask.data[voxelIndex(mask.size, ...onRing)]).toBe(1);
    }
  });

  it('on a 5 mm grid, two contour planes share a slice: united, with a warning', () => {
    // Slices at z = 1.25, 6.25, 11.25 mm: contours at 0 and 2.5 go to the first, 5 and 7.5 to the second.
    const coarse = {
      ...AXIAL,
      size: [100, 100, 3] as Vec3,
      spacingMm: [0.5, 0.5, 5] as Vec3,
      originLps: [-20, -28, 1.25] as Vec3,
    };
    const read = readRtstructMask(path, { name: 'Disc' }, coarse);
    expect(Math.abs(sliceAreaMm2(read.mask, 0) / (Math.PI * R_MM ** 2) - 1)).toBeLessThan(0.015);
    expect(read.warnings.join()).toMatch(/contours of several planes fall on 2 slice\(s\)/);
  });

  it('reports tilted, out-of-grid and POINT contours of "Strays"', () => {
    const { warnings } = readRtstructMask(path, { name: 'strays' }, AXIAL);
    expect(warnings.join('\n')).toMatch(/1 contour\(s\) not CLOSED_PLANAR skipped/);
    expect(warnings.join('\n')).toMatch(
      /1 contour\(s\) lie outside the grid's slices and were dropped/,
    );
    expect(warnings.join('\n')).toMatch(
      /1 contour\(s\) lie more than half a slice spacing \(1\.25 mm\)/,
    );
  });

  it('names the ROIs when the choice is unknown or ambiguous, and refuses an ROI without contours', () => {
    expect(() => readRtstructMask(path, { name: 'Liver' }, AXIAL)).toThrow(
      /rtstruct\.dcm: \(3006,0020\) Structure Set ROI Sequence: no ROI "Liver"; the file holds ROIs 1 "Disc", 2 "Frame", 3 "GTV", 4 "GTV", 5 "Strays"/,
    );
    expect(() => readRtstructMask(path, { name: 'GTV' }, AXIAL)).toThrow(
      /"GTV" is ambiguous: 2 ROIs match \(3 "GTV", 4 "GTV"\)/,
    );
    expect(() => readRtstructMask(path, { number: 4 }, AXIAL)).toThrow(
      /ROI 4 "GTV" has no contours/,
    );
    expect(readRtstructMask(path, { name: 'GTV', number: 3 }, AXIAL).roiNumber).toBe(3);
  });

  it('is refused by readSegMask (not a Segmentation)', () => {
    expect(() => readSegMask(path, { number: 1 })).toThrow(
      /not a DICOM Segmentation \(SOP Class 1\.2\.840\.10008\.5\.1\.4\.1\.1\.481\.3, Modality RTSTRUCT\)/,
    );
  });
});
