/**
 * Seeded HU region growing of a CT lesion, for its volume (ct-volume.ts has the mask and
 * ellipsoid volumes). Method:
 * 1. Seed statistics: mean and SD of the HU within seedRadiusMm (default 3 mm) of the seed.
 * 2. Grow (6-connectivity by default, which leaks less through thin bridges than 26) over voxels
 *    with HU in mean +- windowHu (default 50 HU: soft-tissue lesions differ from fat, lung and
 *    bone by > 100 HU; CT noise is 10-20 HU), within maxRadiusMm (default 40 mm) of the seed.
 * 3. Boundary refinement (default on; only when the surroundings lie outside the window): the
 *    surroundings are the median HU of the second layer of voxels outside the region (the first
 *    layer is partial-volume); the window edge on the side
 *    of the surroundings moves to the midpoint between lesion mean and surroundings, and the
 *    region is regrown. A voxel then belongs to the lesion when at least half of it is lesion, so
 *    the volume is not biased by partial volume (the fixed window alone keeps only voxels that
 *    are >= (contrast - window) / contrast lesion, an underestimate).
 * Warnings: growth reaching maxRadiusMm or the image edge (leak / cut), volume above
 * maxVolumeMl, lesion-surroundings contrast below 2 x windowHu, a heterogeneous seed neighbourhood.
 * Limits: lesions touching tissue of similar HU (nodes next to vessels or muscle) leak; give
 * diameters or a mask instead.
 */

import { InputError } from '../core/errors.ts';
import type { Vec3, Volume } from '../core/volume.ts';
import { lpsToIjk, voxelVolumeMl } from '../core/volume.ts';
import {
  growRegion,
  indexToIjk,
  type Connectivity,
  type VoxelBox,
} from './connected-components.ts';
import { medianInPlace } from './voi-stats.ts';

type CtData = Int16Array | Float32Array;

/** Options of growCtRegion (defaults in CT_REGION_DEFAULTS). */
export interface CtRegionOptions {
  /** Half-width of the HU window around the seed mean, HU; default 50. */
  windowHu: number;
  /** Radius of the seed neighbourhood for the mean HU, mm; default 3. */
  seedRadiusMm: number;
  /** Growth limit around the seed, mm; default 40. */
  maxRadiusMm: number;
  /** Regions above this are reported as a probable leak, mL; default 150. */
  maxVolumeMl: number;
  /** Default 6. */
  connectivity: Connectivity;
  /** Move the window edge to the lesion/surroundings midpoint and regrow; default true. */
  refineBoundary: boolean;
}

/** Defaults of growCtRegion, justified in the file comment. */
export const CT_REGION_DEFAULTS: CtRegionOptions = {
  windowHu: 50,
  seedRadiusMm: 3,
  maxRadiusMm: 40,
  maxVolumeMl: 150,
  connectivity: 6,
  refineBoundary: true,
};

/** The grown CT region with its HU statistics, volume (mL) and warnings. */
export interface CtRegionResult {
  /** Linear indices (ascending) of the region's voxels in the CT grid. */
  voxelIndices: Int32Array;
  voxelCount: number;
  volumeMl: number;
  seedMeanHu: number;
  seedSdHu: number;
  /** Median HU of the surroundings (second voxel layer outside the first region). */
  surroundingHu: number;
  lowerHu: number;
  upperHu: number;
  warnings: string[];
}

/** Lesion region grown from a seed (LPS mm) in a CT (HU); method in the file comment. */
export function growCtRegion(
  ct: Volume<CtData>,
  seedLps: Vec3,
  options: Partial<CtRegionOptions> = {},
): CtRegionResult {
  const opts = { ...CT_REGION_DEFAULTS, ...definedOnly(options) };
  if (!(opts.windowHu > 0 && opts.seedRadiusMm >= 0 && opts.maxRadiusMm > 0)) {
    throw new InputError(
      { field: 'options' },
      `windowHu and maxRadiusMm must be > 0 and seedRadiusMm >= 0, got ${opts.windowHu}, ${opts.maxRadiusMm}, ${opts.seedRadiusMm}`,
    );
  }
  const seedIjk = lpsToIjk(ct, seedLps);
  const [nx, ny, nz] = ct.size;
  const s = seedIjk.map(Math.round) as [number, number, number];
  if (!seedLps.every(Number.isFinite) || s.some((c, a) => c < 0 || c >= (ct.size[a] ?? 0))) {
    throw new InputError(
      { field: 'seedLps' },
      `the seed (${seedLps.join(', ')}) mm LPS lies outside the CT image (${ct.size.join('x')})`,
      'check the seed coordinates are patient LPS in mm for this scan',
    );
  }
  const seedIndex = s[0] + nx * (s[1] + ny * s[2]);
  const near = withinRadius(ct, s, opts.seedRadiusMm);
  let sum = 0;
  let sum2 = 0;
  for (const index of near) {
    const v = ct.data[index] ?? 0;
    sum += v;
    sum2 += v * v;
  }
  const seedMeanHu = sum / near.length;
  const seedSdHu = Math.sqrt(Math.max(0, sum2 / near.length - seedMeanHu ** 2));
  const box = radiusBox(ct, s, opts.maxRadiusMm);
  const r2 = opts.maxRadiusMm ** 2;
  const [sx, sy, sz] = ct.spacingMm;
  const grow = (lo: number, hi: number) =>
    growRegion(
      ct.size,
      seedIndex,
      (n) => {
        const v = ct.data[n] ?? NaN;
        if (!(v >= lo && v <= hi)) return false;
        const [i, j, k] = indexToIjk(ct.size, n);
        return ((i - s[0]) * sx) ** 2 + ((j - s[1]) * sy) ** 2 + ((k - s[2]) * sz) ** 2 <= r2;
      },
      opts.connectivity,
      box,
    ).indices;
  let lowerHu = seedMeanHu - opts.windowHu;
  let upperHu = seedMeanHu + opts.windowHu;
  let region = grow(lowerHu, upperHu);
  const surroundingHu = surroundingMedian(ct, region, opts.connectivity);
  // Refine only where the surroundings lie outside the window (else there is no edge to find).
  if (opts.refineBoundary && Math.abs(surroundingHu - seedMeanHu) > opts.windowHu) {
    const midpoint = 0.5 * (seedMeanHu + surroundingHu);
    if (surroundingHu < seedMeanHu) lowerHu = midpoint;
    else upperHu = midpoint;
    region = grow(lowerHu, upperHu);
  }
  const volumeMl = region.length * voxelVolumeMl(ct);
  const warnings: string[] = [];
  let atLimit = false;
  let atEdge = false;
  for (const index of region) {
    const [i, j, k] = indexToIjk(ct.size, index);
    const d2 = ((i - s[0]) * sx) ** 2 + ((j - s[1]) * sy) ** 2 + ((k - s[2]) * sz) ** 2;
    if (d2 > (opts.maxRadiusMm - Math.max(sx, sy, sz)) ** 2) atLimit = true;
    if (i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1)
      atEdge = true;
  }
  if (atLimit) {
    warnings.push(
      `the CT region reaches the ${opts.maxRadiusMm} mm growth limit: it probably leaks into neighbouring tissue of similar HU; give diameters or a mask`,
    );
  }
  if (atEdge) warnings.push('the CT region touches the image edge: the lesion may be cut off');
  if (volumeMl > opts.maxVolumeMl) {
    warnings.push(
      `the CT region is ${volumeMl.toFixed(1)} mL, above the plausible ${opts.maxVolumeMl} mL: probable leak`,
    );
  }
  const contrastHu = Math.abs(seedMeanHu - surroundingHu);
  if (Number.isFinite(contrastHu) && contrastHu < 2 * opts.windowHu) {
    warnings.push(
      `the lesion differs from its surroundings by only ${contrastHu.toFixed(0)} HU (mean ${seedMeanHu.toFixed(0)} vs ${surroundingHu.toFixed(0)} HU): its CT boundary is uncertain`,
    );
  }
  if (seedSdHu > opts.windowHu / 2) {
    warnings.push(
      `the HU around the seed vary widely (SD ${seedSdHu.toFixed(0)} HU within ${opts.seedRadiusMm} mm): the seed may sit on the lesion edge`,
    );
  }
  return {
    voxelIndices: region,
    voxelCount: region.length,
    volumeMl,
    seedMeanHu,
    seedSdHu,
    surroundingHu,
    lowerHu,
    upperHu,
    warnings,
  };
}

/** Linear indices of voxels with centres within radiusMm of voxel `c` (at least `c` itself). */
function withinRadius(ct: Volume<CtData>, c: Vec3, radiusMm: number): number[] {
  const [nx, ny] = ct.size;
  const box = radiusBox(ct, c, radiusMm);
  const out: number[] = [];
  for (let k = box[4]; k <= box[5]; k++) {
    for (let j = box[2]; j <= box[3]; j++) {
      for (let i = box[0]; i <= box[1]; i++) {
        const d = Math.hypot(
          (i - c[0]) * ct.spacingMm[0],
          (j - c[1]) * ct.spacingMm[1],
          (k - c[2]) * ct.spacingMm[2],
        );
        if (d <= radiusMm) out.push(i + nx * (j + ny * k));
      }
    }
  }
  return out;
}

/** Voxel box of half-width radiusMm around voxel `c`, clipped to the image. */
function radiusBox(ct: Volume<CtData>, c: Vec3, radiusMm: number): VoxelBox {
  const lo = (a: 0 | 1 | 2) => Math.max(0, c[a] - Math.ceil(radiusMm / ct.spacingMm[a]));
  const hi = (a: 0 | 1 | 2) =>
    Math.min(ct.size[a] - 1, c[a] + Math.ceil(radiusMm / ct.spacingMm[a]));
  return [lo(0), hi(0), lo(1), hi(1), lo(2), hi(2)];
}

/** Median HU of the second layer of voxels outside `region` (the first is partial-volume). */
function surroundingMedian(
  ct: Volume<CtData>,
  region: Int32Array,
  connectivity: Connectivity,
): number {
  const inRegion = new Set<number>(region);
  const layer1 = outerLayer(ct, region, inRegion, connectivity);
  for (const index of layer1) inRegion.add(index);
  const layer2 = outerLayer(ct, Int32Array.from(layer1), inRegion, connectivity);
  const values = Float64Array.from(layer2, (index) => ct.data[index] ?? NaN).filter(
    Number.isFinite,
  );
  return medianInPlace(values);
}

/** Voxels adjacent to `voxels` (connectivity) that are not in `exclude`. */
function outerLayer(
  ct: Volume<CtData>,
  voxels: Int32Array,
  exclude: Set<number>,
  connectivity: Connectivity,
): Set<number> {
  const [nx, ny, nz] = ct.size;
  const layer = new Set<number>();
  for (const index of voxels) {
    const [i, j, k] = indexToIjk(ct.size, index);
    for (let dk = -1; dk <= 1; dk++) {
      for (let dj = -1; dj <= 1; dj++) {
        for (let di = -1; di <= 1; di++) {
          if (connectivity === 6 && Math.abs(di) + Math.abs(dj) + Math.abs(dk) !== 1) continue;
          const a = i + di;
          const b = j + dj;
          const c = k + dk;
          if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
          const n = a + nx * (b + ny * c);
          if (!exclude.has(n)) layer.add(n);
        }
      }
    }
  }
  return layer;
}

function definedOnly<T extends object>(options: Partial<T>): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
