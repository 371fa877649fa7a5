/**
 * Lesion VOIs exported as DICOM Segmentation (PS3.3 A.51) are checked by independent tools: a PET
 * series with two hot spheres is written by the project's writer and read back, the spheres are
 * segmented with the background-adapted isocontour, and the SEG written from the VOIs is
 * validated by dciodvfy and decoded by pydicom, whose voxels (via each frame's referenced PET
 * slice) must equal the VOI voxel indices exactly. Skipped, loudly, without the tools.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Mat3, Vec3 } from '../../../src/core/volume.ts';
import { IDENTITY_DIRECTION, ijkToLps } from '../../../src/core/volume.ts';
import { readPetSeries } from '../../../src/io/dicom/read/read-pet-series.ts';
import { newSessionUids } from '../../../src/io/dicom/write/write-meta.ts';
import { writePetSeries } from '../../../src/io/dicom/write/write-series.ts';
import { segmentIsocontour } from '../../../src/imaging/isocontour.ts';
import { I124 } from '../../../src/physics/nuclides.ts';
import { segArtefacts, type VoiForSeg } from '../../../src/app/export-seg.ts';
import { artefactBytes } from '../../../src/core/artefact.ts';
import { addSphere, makeVolume } from '../../imaging/helpers/sphere-phantom.ts';
import { dciodvfy, hasDciodvfy, hasPydicom, warnMissing } from '../../helpers/external-tools.ts';

const root = mkdtempSync(join(tmpdir(), 'iodose-seg-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const pydicom = hasPydicom();
const validator = hasDciodvfy();
if (!pydicom) warnMissing('python3-pydicom', 'pydicom read-back of written SEG');
if (!validator) warnMissing('dicom3tools', 'dciodvfy validation of written SEG');

/** pydicom decoder: frame f of segment s on the PET slice k it references -> i + nx (j + ny k). */
const DECODE = `
import json, os, sys
import numpy as np, pydicom
seg = pydicom.dcmread(sys.argv[1])
pet = [pydicom.dcmread(os.path.join(sys.argv[2], n)) for n in os.listdir(sys.argv[2])]
o = np.array(pet[0].ImageOrientationPatient, float)
normal = np.cross(o[:3], o[3:])
pet.sort(key=lambda d: float(np.dot(normal, np.array(d.ImagePositionPatient, float))))
k_of = {d.SOPInstanceUID: k for k, d in enumerate(pet)}
frames = seg.pixel_array.reshape(int(seg.NumberOfFrames), seg.Rows, seg.Columns)
nx, ny = seg.Columns, seg.Rows
indices, refs, mismatch = {}, [], 0.0
for f, fg in enumerate(seg.PerFrameFunctionalGroupsSequence):
    s = str(fg.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
    src = fg.DerivationImageSequence[0].SourceImageSequence[0]
    k = k_of[src.ReferencedSOPInstanceUID]
    refs.append(src.ReferencedSOPInstanceUID)
    pos = np.array(fg.PlanePositionSequence[0].ImagePositionPatient, float)
    mismatch = max(mismatch, float(np.abs(pos - np.array(pet[k].ImagePositionPatient, float)).max()))
    j, i = np.nonzero(frames[f])
    indices.setdefault(s, []).extend((i + nx * (j + ny * k)).tolist())
print(json.dumps({
  'sopClassUid': seg.SOPClassUID, 'modality': seg.Modality, 'frames': int(seg.NumberOfFrames),
  'bits': [seg.BitsAllocated, seg.BitsStored, seg.HighBit], 'type': seg.SegmentationType,
  'studyUid': seg.StudyInstanceUID, 'frameOfReferenceUid': seg.FrameOfReferenceUID,
  'labels': [x.SegmentLabel for x in seg.SegmentSequence],
  'algorithms': [x.SegmentAlgorithmType + ' ' + x.SegmentAlgorithmName for x in seg.SegmentSequence],
  'indices': {s: sorted(v) for s, v in indices.items()}, 'frameSourceUids': refs,
  'positionMismatchMm': mismatch, 'petUids': [d.SOPInstanceUID for d in pet],
  'seriesReferences': [x.ReferencedSOPInstanceUID
                       for x in seg.ReferencedSeriesSequence[0].ReferencedInstanceSequence],
}))
`;

interface DecodedSeg {
  sopClassUid: string;
  modality: string;
  frames: number;
  bits: number[];
  type: string;
  studyUid: string;
  frameOfReferenceUid: string;
  labels: string[];
  algorithms: string[];
  indices: Record<string, number[]>;
  frameSourceUids: string[];
  positionMismatchMm: number;
  petUids: string[];
  seriesReferences: string[];
}

function decode(segPath: string, petFolder: string): DecodedSeg {
  const out = execFileSync('/usr/bin/python3', ['-c', DECODE, segPath, petFolder], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.toString('utf8')) as DecodedSeg;
}

const s = Math.SQRT1_2;
const OBLIQUE: Mat3 = [s, 0, s, s, 0, -s, 0, 1, 0];

/** A PET of 11 x 9 x 10 voxels (99-pixel frames: not byte-aligned) with two hot spheres. */
function writeTwoSpherePet(direction: Mat3, folder: string) {
  const volume = makeVolume([11, 9, 10], [4, 4, 3.5], 2000, [-20, 30, -15], direction);
  const centres: Vec3[] = [ijkToLps(volume, [3, 3, 3]), ijkToLps(volume, [7.4, 5.2, 6.6])];
  addSphere(volume, centres[0] as Vec3, 7, 30000);
  addSphere(volume, centres[1] as Vec3, 6, 18000);
  const session = newSessionUids();
  writePetSeries(volume, folder, {
    patient: { id: 'SEG01', name: 'Segment^Test', sex: 'M', weightKg: 80 },
    study: {
      instanceUid: session.studyInstanceUid,
      id: 'S1',
      description: 'seg',
      at: '2024-03-05T09:00:00',
    },
    frameOfReferenceUid: session.frameOfReferenceUid,
    seriesDescription: 'PET 24 h',
    seriesNumber: 3,
    acquiredAt: '2024-03-05T09:15:00',
    administeredAt: '2024-03-04T09:15:00',
    activityBq: 37e6,
    decayCorrection: 'NONE',
  });
  const pet = readPetSeries(folder, {
    administeredAt: '2024-03-04T09:15:00',
    halfLifeH: I124.halfLifeH,
  });
  const vois = centres.map((c) =>
    segmentIsocontour(pet.volume, c, { backgroundConcBqPerMl: 2000 }),
  );
  return { pet, vois, session };
}

describe.each([
  ['axial', IDENTITY_DIRECTION],
  ['oblique', OBLIQUE],
])('segArtefacts on an %s PET with two isocontour VOIs', (name, direction) => {
  const petFolder = join(root, `pet-${name}`);
  const { pet, vois, session } = writeTwoSpherePet(direction, petFolder);
  const entries: VoiForSeg[] = vois.map((voi, n) => ({
    lesionId: `L${n + 1}`,
    scanId: 'day1',
    voi,
    pet,
  }));
  entries.push({ lesionId: 'L1', scanId: 'day 2', voi: vois[0]!, pet });
  const segFolder = join(root, `seg-${name}`);
  mkdirSync(segFolder, { recursive: true });
  const paths = segArtefacts(entries).map((artefact) => {
    const path = join(segFolder, artefact.path);
    writeFileSync(path, artefactBytes(artefact));
    return path;
  });
  let decoded: DecodedSeg | undefined;
  const day1Seg = (): DecodedSeg => (decoded ??= decode(paths[0] ?? '', petFolder));

  it('writes one SEG per scan, named voi-<scanId>.seg.dcm (unsafe ids: sanitised + hash)', () => {
    // python3: hashlib.sha256(b'day 2').hexdigest()[:8] == '42ac9f9a'
    expect(paths).toEqual([
      join(root, `seg-${name}`, 'voi-day1.seg.dcm'),
      join(root, `seg-${name}`, 'voi-day_2~42ac9f9a.seg.dcm'),
    ]);
    expect(vois.map((v) => v.voxelCount).every((n) => n > 10)).toBe(true);
  });

  it.skipIf(!validator)('passes dciodvfy with 0 errors and 0 warnings', () => {
    for (const path of paths) expect(dciodvfy(path)).toEqual({ errors: [], warnings: [] });
  });

  it.skipIf(!pydicom)('decodes in pydicom to exactly the VOI voxel indices of each lesion', () => {
    const seg = day1Seg();
    expect(seg.indices).toEqual({
      '1': Array.from(vois[0]!.voxelIndices),
      '2': Array.from(vois[1]!.voxelIndices),
    });
    expect(seg.labels).toEqual(['L1', 'L2']);
    expect(seg.algorithms).toEqual(
      Array(2).fill('SEMIAUTOMATIC background-adapted 50% isocontour'),
    );
  });

  it.skipIf(!pydicom)('has one 1-bit frame per (lesion, slice) holding VOI voxels', () => {
    const plane = pet.volume.size[0] * pet.volume.size[1];
    const slicesOf = (v: Int32Array) => new Set(Array.from(v, (n) => Math.floor(n / plane))).size;
    const seg = day1Seg();
    expect(seg.frames).toBe(slicesOf(vois[0]!.voxelIndices) + slicesOf(vois[1]!.voxelIndices));
    expect([seg.sopClassUid, seg.modality, seg.type]).toEqual([
      '1.2.840.10008.5.1.4.1.1.66.4',
      'SEG',
      'BINARY',
    ]);
    expect(seg.bits).toEqual([1, 1, 0]);
  });

  it.skipIf(!pydicom)(
    'references the PET slices: frame sources, positions, series and study',
    () => {
      const seg = day1Seg();
      expect(seg.positionMismatchMm).toBeLessThan(1e-3);
      for (const uid of seg.frameSourceUids) expect(seg.petUids).toContain(uid);
      expect([...seg.seriesReferences].sort()).toEqual([...seg.petUids].sort());
      expect(seg.studyUid).toBe(session.studyInstanceUid);
      expect(seg.frameOfReferenceUid).toBe(session.frameOfReferenceUid);
    },
  );
});
