/**
 * Rasterisation of closed planar contours on one slice of a voxel grid (for RTSTRUCT ROI
 * contours, PS3.3 C.8.8.6). The rule: a voxel belongs to the ROI when its centre lies inside an
 * odd number of the plane's contours (even-odd rule), so a contour drawn inside another is a hole
 * (PS3.3 C.8.8.6.3 inner contours) and a "keyhole" contour whose bridge has no area works too.
 * Implemented as a scanline crossing count along each row of voxel centres j: each polygon edge
 * crossing the line y = j with one end strictly above and the other at or below adds a crossing
 * at x; the centres i with x_(2m) <= i < x_(2m+1) are inside. A centre exactly on a left or lower
 * edge is inside, on a right or upper edge outside, so two contours sharing an edge never both
 * claim a voxel.
 */

/** A closed polygon in continuous voxel coordinates of one slice: i0, j0, i1, j1, ... */
export type SlicePolygon = Float64Array;

/**
 * Sets to 1 the voxels (i, j) of an nx x ny slice (at `offset` in `out`) whose centres are inside
 * an odd number of `polygons`; returns the number of centres found inside.
 */
export function fillEvenOdd(
  polygons: readonly SlicePolygon[],
  nx: number,
  ny: number,
  out: Uint8Array,
  offset: number,
): number {
  let jMin = Infinity;
  let jMax = -Infinity;
  for (const poly of polygons) {
    for (let n = 1; n < poly.length; n += 2) {
      const y = poly[n] ?? 0;
      if (y < jMin) jMin = y;
      if (y > jMax) jMax = y;
    }
  }
  const first = Math.max(0, Math.ceil(jMin));
  const last = Math.min(ny - 1, Math.floor(jMax));
  let inside = 0;
  const crossings: number[] = [];
  for (let j = first; j <= last; j++) {
    crossings.length = 0;
    for (const poly of polygons) {
      const points = poly.length >> 1;
      for (let a = 0; a < points; a++) {
        const b = (a + 1) % points;
        const ax = poly[2 * a] ?? 0;
        const ay = poly[2 * a + 1] ?? 0;
        const bx = poly[2 * b] ?? 0;
        const by = poly[2 * b + 1] ?? 0;
        if (ay > j !== by > j) crossings.push(ax + ((j - ay) * (bx - ax)) / (by - ay));
      }
    }
    crossings.sort((p, q) => p - q);
    for (let m = 0; m + 1 < crossings.length; m += 2) {
      const from = Math.max(0, Math.ceil(crossings[m] ?? 0));
      const to = Math.min(nx - 1, Math.ceil(crossings[m + 1] ?? 0) - 1);
      for (let i = from; i <= to; i++) {
        const at = offset + i + nx * j;
        if (out[at] === 0) {
          out[at] = 1;
          inside++;
        }
      }
    }
  }
  return inside;
}
