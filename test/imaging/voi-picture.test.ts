// The VOI picture on a synthetic, asymmetric phantom built in patient coordinates (LPS): a cubic
// VOI with markers at the patient's left (+x), anterior (-y) and superior (+z). Checks the image
// sizes, that the outline is exactly the boundary of the mask's pixel blocks, and that each marker
// shows on the side the edge letter names - for the usual PET grid and for one whose i and j
// axes point to the patient's right and anterior (so the index order is reversed).
import { describe, expect, it } from 'vitest';
import { ijkToLps, type Mat3, type Vec3, type Volume } from '../../src/core/volume.ts';
import { OUTLINE_RGB, voiPicture, type PicturePlane } from '../../src/imaging/voi-picture.ts';

const SPACING: Vec3 = [4, 4, 3];
const SIZE: Vec3 = [40, 40, 30];
/** Cube VOI: |x|, |y| <= 8 mm, |z| <= 6 mm around the origin = 4 x 4 x 4 voxels. */
const inCube = (p: Vec3) => Math.abs(p[0]) < 8 && Math.abs(p[1]) < 8 && Math.abs(p[2]) < 6;
/** Markers 30 mm out from the cube, 2 voxels wide so the planes through the centre voxel cut them. */
type Marker = (p: Vec3) => boolean;
const near = (a: number, b: number) => Math.abs(a - b) < 0.01;
const MARKERS: Record<'left' | 'anterior' | 'superior', Marker> = {
  left: (p) => near(p[0], 30) && Math.abs(p[1]) < 4 && near(p[2], 1.5),
  anterior: (p) => near(p[1], -30) && Math.abs(p[0]) < 4 && near(p[2], 1.5),
  superior: (p) => near(p[2], 22.5) && Math.abs(p[0]) < 4 && Math.abs(p[1]) < 4,
};

function phantom(direction: Mat3): { pet: Volume; mask: Volume<Uint8Array> } {
  // Origin so that voxel centres fall at x, y = +-2, +-6, ... and z = +-1.5, +-4.5, ...
  const centreIjk: Vec3 = [19.5, 19.5, 14.5];
  const grid = { size: SIZE, spacingMm: SPACING, direction, originLps: [0, 0, 0] as Vec3 };
  const offset = ijkToLps(grid, centreIjk);
  const originLps: Vec3 = [-offset[0], -offset[1], -offset[2]];
  const pet: Volume = { ...grid, originLps, data: new Float32Array(SIZE[0] * SIZE[1] * SIZE[2]) };
  const maskIjk: number[][] = [];
  for (let k = 0; k < SIZE[2]; k++) {
    for (let j = 0; j < SIZE[1]; j++) {
      for (let i = 0; i < SIZE[0]; i++) {
        const p = ijkToLps(pet, [i, j, k]);
        const n = i + SIZE[0] * (j + SIZE[1] * k);
        if (inCube(p)) {
          pet.data[n] = 1000;
          maskIjk.push([i, j, k]);
        }
        if (Object.values(MARKERS).some((marker) => marker(p))) pet.data[n] = 800;
      }
    }
  }
  const lo = [0, 1, 2].map((a) => Math.min(...maskIjk.map((v) => v[a] ?? 0)));
  const mask: Volume<Uint8Array> = {
    size: [4, 4, 4],
    spacingMm: SPACING,
    direction,
    originLps: ijkToLps(pet, [lo[0] ?? 0, lo[1] ?? 0, lo[2] ?? 0]),
    data: new Uint8Array(64).fill(1),
  };
  return { pet, mask };
}

function pixel(plane: PicturePlane, u: number, v: number): [number, number, number] {
  const n = 3 * (u + plane.width * v);
  return [plane.rgb[n] ?? 0, plane.rgb[n + 1] ?? 0, plane.rgb[n + 2] ?? 0];
}

/** Pixels whose colour is the outline's. */
function outlinePixels(plane: PicturePlane): Set<string> {
  const out = new Set<string>();
  for (let v = 0; v < plane.height; v++) {
    for (let u = 0; u < plane.width; u++) {
      const [r, g, b] = pixel(plane, u, v);
      if (r === OUTLINE_RGB[0] && g === OUTLINE_RGB[1] && b === OUTLINE_RGB[2])
        out.add(`${u},${v}`);
    }
  }
  return out;
}

/** Centre of the pixels showing a marker (their PET voxel is one of its voxels). */
function markerPixel(plane: PicturePlane, pet: Volume, marker: Marker): [number, number] {
  let su = 0;
  let sv = 0;
  let count = 0;
  for (let v = 0; v < plane.height; v++) {
    for (let u = 0; u < plane.width; u++) {
      const s = plane.voxelStep;
      const [i, j, k] = [0, 1, 2].map((a) =>
        Math.round((plane.firstVoxel[a] ?? 0) + u * (s.right[a] ?? 0) + v * (s.down[a] ?? 0)),
      ) as [number, number, number];
      if (!marker(ijkToLps(pet, [i, j, k]))) continue;
      // Drawn: 0.8 of the maximum is inferno (241, 115, 29) at opacity 0.8 over black.
      expect(pixel(plane, u, v)[0]).toBeGreaterThan(150);
      su += u;
      sv += v;
      count++;
    }
  }
  expect(count).toBeGreaterThan(0);
  return [su / count, sv / count];
}

const IDENTITY: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];
/** i towards the patient's right, j towards anterior, k superior. */
const FLIPPED: Mat3 = [-1, 0, 0, 0, -1, 0, 0, 0, 1];

describe.each([
  ['an LPS-ordered PET grid', IDENTITY],
  ['a PET grid with i to the right and j anterior', FLIPPED],
])('VOI picture on %s', (_name, direction) => {
  const { pet, mask } = phantom(direction);
  const picture = voiPicture(pet, null, { mask, maxConcBqPerMl: 1000 });
  const [axial, coronal, sagittal] = picture.planes as [PicturePlane, PicturePlane, PicturePlane];

  it('has a 60 mm field (3 x 16 mm < 60) of 17 x 17 (axial) voxels, 7 pixels per 4 mm voxel', () => {
    expect(picture.fieldMm).toBe(60);
    expect([axial.width, axial.height]).toEqual([17 * 7, 17 * 7]);
    // Coronal and sagittal: 2 x ceil(30 / 3) + 1 = 21 slices of 3 mm, floor(128 / 21) = 6 pixels.
    expect([coronal.width, coronal.height]).toEqual([119, 21 * 6]);
    expect([sagittal.width, sagittal.height]).toEqual([119, 126]);
    expect(axial.pixelMm).toEqual([4 / 7, 4 / 7]);
    expect(coronal.pixelMm).toEqual([4 / 7, 3 / 6]);
    expect(axial.rgb.length).toBe(119 * 119 * 3);
  });

  it('draws the outline exactly on the boundary of the 4 x 4 VOI voxels', () => {
    // The centre voxel is the centroid rounded; the field is 8 voxels either side (10 in z).
    for (const [plane, perVoxel, halfDown] of [
      [axial, 7, 8],
      [coronal, 6, 10],
      [sagittal, 6, 10],
    ] as const) {
      const expected = new Set<string>();
      const across = (voxels: number, f: number, half: number, lowSide: number) => {
        // The cube covers voxels c-2..c+1 (centroid c-0.5 rounded up): from the low side it
        // starts at half-2 (or half-1 when the axis runs the other way) voxels.
        const start = (half - lowSide) * f;
        return [start, start + voxels * f - 1];
      };
      const right = plane.voxelStep.right.find((x) => x !== 0) ?? 0;
      const down = plane.voxelStep.down.find((x) => x !== 0) ?? 0;
      const [u0, u1] = across(4, 7, 8, right > 0 ? 2 : 1);
      const [v0, v1] = across(4, perVoxel, halfDown, down > 0 ? 2 : 1);
      for (let v = v0 ?? 0; v <= (v1 ?? 0); v++) {
        for (let u = u0 ?? 0; u <= (u1 ?? 0); u++) {
          if (u === u0 || u === u1 || v === v0 || v === v1) expected.add(`${u},${v}`);
        }
      }
      expect(outlinePixels(plane)).toEqual(expected);
    }
  });

  it('shows the patient-left marker on the side lettered L (radiological: the right)', () => {
    const centreU = (axial.width - 1) / 2;
    expect(axial.edges.right).toBe('L');
    expect(markerPixel(axial, pet, MARKERS.left)[0]).toBeGreaterThan(centreU + 40);
    expect(coronal.edges.right).toBe('L');
    expect(markerPixel(coronal, pet, MARKERS.left)[0]).toBeGreaterThan(centreU + 40);
  });

  it('shows anterior at the top of the axial and on the left of the sagittal plane', () => {
    expect(axial.edges.top).toBe('A');
    expect(markerPixel(axial, pet, MARKERS.anterior)[1]).toBeLessThan(axial.height / 2 - 40);
    expect(sagittal.edges.left).toBe('A');
    expect(markerPixel(sagittal, pet, MARKERS.anterior)[0]).toBeLessThan(sagittal.width / 2 - 40);
  });

  it('shows superior at the top of the coronal and sagittal planes', () => {
    expect(coronal.edges.top).toBe('S');
    expect(markerPixel(coronal, pet, MARKERS.superior)[1]).toBeLessThan(coronal.height / 2 - 40);
    expect(sagittal.edges.top).toBe('S');
    expect(markerPixel(sagittal, pet, MARKERS.superior)[1]).toBeLessThan(sagittal.height / 2 - 40);
  });
});

describe('CT under the PET', () => {
  it('is resampled from its own grid: a CT bright at the patient left shows right in the axial plane', () => {
    const { pet, mask } = phantom(IDENTITY);
    pet.data.fill(0);
    // 1 mm CT, x from -100 to +99 mm: +240 HU (white in W400/L40) at x > 0, -160 HU (black) else.
    const size: Vec3 = [200, 200, 120];
    const ct: Volume = {
      size,
      spacingMm: [1, 1, 1],
      direction: IDENTITY,
      originLps: [-99.5, -99.5, -59.5],
      data: new Float32Array(size[0] * size[1] * size[2]),
    };
    for (let n = 0; n < ct.data.length; n++) ct.data[n] = n % size[0] >= 100 ? 240 : -160;
    const axial = voiPicture(pet, ct, { mask, maxConcBqPerMl: 1000 }).planes[0] as PicturePlane;
    const row = Math.floor(axial.height / 4);
    expect(pixel(axial, 2, row)).toEqual([0, 0, 0]);
    expect(pixel(axial, axial.width - 3, row)).toEqual([255, 255, 255]);
  });
});
