/**
 * A simplified NEMA NU 2 / IEC 61675-1 body phantom filled with 124I: an elliptic-cylinder body
 * (interior 300 x 230 mm, 180 mm long, 3 mm PMMA wall), an optional central lung insert (50 mm
 * diameter, no activity, -700 HU) and six spheres of inner diameters 10, 13, 17, 22, 28 and 37 mm
 * (1 mm walls) with centres on a 57.2 mm ring in the plane 70 mm from the lid, at a
 * sphere:background ratio. Simplifications: the real body is D-shaped (same 300 x 230 mm outer
 * size, about 9.7 L), the insert's wall and the sphere stems are left out. Returns the true
 * activity map, the simulated PET (pet-simulation.ts), the CT in HU and the ground truth.
 */
import type { Vec3, Volume } from '../core/volume.ts';
import { voxelVolumeMl } from '../core/volume.ts';
import { DEFAULT_I124_FWHM_MM, simulatePet } from './pet-simulation.ts';
import { shapeVolumeMl, sphere, type Shape } from './shapes.ts';
import { addShape, centredGrid, type Grid } from './voxelise.ts';

/** NEMA/IEC sphere inner diameters, mm (physics.md section 5). */
export const IEC_SPHERE_DIAMETERS_MM = [10, 13, 17, 22, 28, 37] as const;

/** HU of the phantom materials: PMMA walls, water, lung insert, air. */
export const PHANTOM_HU = { pmma: 120, water: 0, lung: -700, air: -1000 } as const;

/** Options of buildIecPhantom (defaults in IEC_DEFAULTS). */
export interface IecPhantomOptions {
  /** Background 124I concentration at the acquisition start, Bq/mL. */
  backgroundBqPerMl: number;
  /** Sphere:background concentration ratio. */
  sphereToBackground: number;
  lungInsert: boolean;
  petSize: Vec3;
  petSpacingMm: Vec3;
  ctSize: Vec3;
  ctSpacingMm: Vec3;
  fwhmMm: number;
  /** CV of the PET in the background (0: noise-free). */
  noiseCv: number;
  seed: number;
  /** Supersampling per axis of voxels cut by a surface. */
  subsamples: number;
}

export const IEC_DEFAULTS: IecPhantomOptions = {
  backgroundBqPerMl: 2000,
  sphereToBackground: 8,
  lungInsert: true,
  petSize: [128, 128, 64],
  petSpacingMm: [4, 4, 4],
  ctSize: [256, 256, 128],
  ctSpacingMm: [2, 2, 2],
  fwhmMm: DEFAULT_I124_FWHM_MM,
  noiseCv: 0.1,
  seed: 1,
  subsamples: 8,
};

/** Ground truth of one sphere. */
export interface IecSphereTruth {
  diameterMm: number;
  centerLps: Vec3;
  volumeMl: number;
  /** Sum of voxel fractions on the PET grid x voxel volume, mL. */
  voxelisedVolumeMl: number;
  concBqPerMl: number;
}

/** Ground truth of the phantom (concentrations at the acquisition start). */
export interface IecTruth {
  backgroundBqPerMl: number;
  sphereBqPerMl: number;
  spheres: IecSphereTruth[];
  /** Activity in the phantom (analytic volumes), Bq. */
  totalActivityBq: number;
  options: IecPhantomOptions;
}

/** A built IEC phantom: true activity map, PET, CT (HU) and truth. */
export interface IecPhantom {
  activity: Volume;
  pet: Volume;
  ct: Volume;
  truth: IecTruth;
}

const BODY_RADII_MM = [150, 115] as const;
const BODY_HALF_LENGTH_MM = 90;
const WALL_MM = 3;
const SPHERE_WALL_MM = 1;
const RING_RADIUS_MM = 57.2;
const SPHERE_PLANE_FROM_LID_MM = 70;
const LUNG_RADIUS_MM = 25;

/** Rounds a coordinate to 0.001 mm (clean manifests; far below any voxel). */
function micrometres(mm: number): number {
  return Math.round(mm * 1000) / 1000 + 0;
}

/** The phantom's solids: body inside and outside the wall, lung insert, spheres (inner, outer). */
export function iecGeometry(lungInsert = true) {
  const center: Vec3 = [0, 0, 0];
  const inner: Shape = {
    kind: 'cylinder',
    centerLps: center,
    radiiMm: BODY_RADII_MM,
    halfLengthMm: BODY_HALF_LENGTH_MM,
  };
  const outer: Shape = {
    kind: 'cylinder',
    centerLps: center,
    radiiMm: [BODY_RADII_MM[0] + WALL_MM, BODY_RADII_MM[1] + WALL_MM],
    halfLengthMm: BODY_HALF_LENGTH_MM + WALL_MM,
  };
  const lung: Shape | null = lungInsert
    ? {
        kind: 'cylinder',
        centerLps: center,
        radiiMm: [LUNG_RADIUS_MM, LUNG_RADIUS_MM],
        halfLengthMm: BODY_HALF_LENGTH_MM,
      }
    : null;
  // Lid at the superior end (+z); sphere i at angle 60 i degrees from +x (patient left) towards +y.
  const planeZ = BODY_HALF_LENGTH_MM - SPHERE_PLANE_FROM_LID_MM;
  const spheres = IEC_SPHERE_DIAMETERS_MM.map((diameterMm, i) => {
    const angle = (i * Math.PI) / 3;
    const centerLps: Vec3 = [
      micrometres(RING_RADIUS_MM * Math.cos(angle)),
      micrometres(RING_RADIUS_MM * Math.sin(angle)),
      planeZ,
    ];
    return {
      diameterMm,
      centerLps,
      inner: sphere(centerLps, diameterMm),
      outer: sphere(centerLps, diameterMm + 2 * SPHERE_WALL_MM),
    };
  });
  return { inner, outer, lung, spheres };
}

/** True activity map (Bq/mL, voxel averages) of the phantom on `grid`; sphere fractions summed. */
function activityMap(
  grid: Grid,
  o: IecPhantomOptions,
): { data: Float32Array; sphereVoxels: number[] } {
  const g = iecGeometry(o.lungInsert);
  const data = new Float32Array(grid.size[0] * grid.size[1] * grid.size[2]);
  const bg = o.backgroundBqPerMl;
  addShape(data, grid, g.inner, bg, o.subsamples);
  if (g.lung !== null) addShape(data, grid, g.lung, -bg, o.subsamples);
  const sphereVoxels = g.spheres.map((s) => {
    addShape(data, grid, s.outer, -bg, o.subsamples);
    return addShape(data, grid, s.inner, bg * o.sphereToBackground, o.subsamples);
  });
  for (let n = 0; n < data.length; n++) data[n] = Math.max(0, data[n] ?? 0); // float round-off
  return { data, sphereVoxels };
}

/** CT of the phantom in HU on `grid`: air, PMMA wall, water, lung insert, sphere walls. */
export function iecCt(grid: Grid, lungInsert: boolean, subsamples: number): Float32Array {
  const g = iecGeometry(lungInsert);
  const hu = new Float32Array(grid.size[0] * grid.size[1] * grid.size[2]).fill(PHANTOM_HU.air);
  addShape(hu, grid, g.outer, PHANTOM_HU.pmma - PHANTOM_HU.air, subsamples);
  addShape(hu, grid, g.inner, PHANTOM_HU.water - PHANTOM_HU.pmma, subsamples);
  if (g.lung !== null) addShape(hu, grid, g.lung, PHANTOM_HU.lung - PHANTOM_HU.water, subsamples);
  for (const s of g.spheres) {
    addShape(hu, grid, s.outer, PHANTOM_HU.pmma - PHANTOM_HU.water, subsamples);
    addShape(hu, grid, s.inner, PHANTOM_HU.water - PHANTOM_HU.pmma, subsamples);
  }
  return hu;
}

/** Builds the IEC phantom: activity, PET (blurred, noisy), CT and truth (see the file comment). */
export function buildIecPhantom(options: Partial<IecPhantomOptions> = {}): IecPhantom {
  const o: IecPhantomOptions = { ...IEC_DEFAULTS, ...options };
  const petGrid = centredGrid(o.petSize, o.petSpacingMm, [0, 0, 0]);
  const ctGrid = centredGrid(o.ctSize, o.ctSpacingMm, [0, 0, 0]);
  const { data, sphereVoxels } = activityMap(petGrid, o);
  const activity: Volume = { ...petGrid, data };
  const pet = simulatePet(activity, {
    fwhmMm: o.fwhmMm,
    noiseCv: o.noiseCv,
    noiseReferenceBqPerMl: o.backgroundBqPerMl,
    seed: o.seed,
  });
  const ct: Volume = { ...ctGrid, data: iecCt(ctGrid, o.lungInsert, Math.min(o.subsamples, 4)) };
  const g = iecGeometry(o.lungInsert);
  const sphereBqPerMl = o.backgroundBqPerMl * o.sphereToBackground;
  const voxelMl = voxelVolumeMl(petGrid);
  const spheres = g.spheres.map((s, i) => ({
    diameterMm: s.diameterMm,
    centerLps: s.centerLps,
    volumeMl: shapeVolumeMl(s.inner),
    voxelisedVolumeMl: (sphereVoxels[i] ?? 0) * voxelMl,
    concBqPerMl: sphereBqPerMl,
  }));
  const backgroundMl =
    shapeVolumeMl(g.inner) -
    (g.lung === null ? 0 : shapeVolumeMl(g.lung)) -
    g.spheres.reduce((sum, s) => sum + shapeVolumeMl(s.outer), 0);
  const totalActivityBq =
    o.backgroundBqPerMl * backgroundMl +
    spheres.reduce((sum, s) => sum + sphereBqPerMl * s.volumeMl, 0);
  return {
    activity,
    pet,
    ct,
    truth: {
      backgroundBqPerMl: o.backgroundBqPerMl,
      sphereBqPerMl,
      spheres,
      totalActivityBq,
      options: o,
    },
  };
}
