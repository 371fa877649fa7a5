/**
 * Anatomy and kinetics of the synthetic patient (LPS mm: x to the patient's left, y posterior,
 * z superior; t in hours after the 124I administration). Organs are analytic solids inside the
 * body, pairwise disjoint; lesions are spheres inside one host organ, so a voxel's value is the
 * host's plus fraction x (lesion - host). Organ curves are 131I-equivalent fractions of the
 * administered activity per mL (kinetics-curves.ts): values chosen to give typical 124I PET
 * concentrations after 37 MBq (soft tissue ~130 Bq/mL at 24 h, blood as in the demo patient,
 * hot stomach from gastric iodide uptake). Lesions: volumes 0.6-16 mL at thyroid bed, lung,
 * liver and bone with 131I-equivalent uptake at t = 0 and effective half-lives 40-90 h.
 * CT numbers are those of a contrast-enhanced CT (liver 110 HU, enhancing thyroid-bed tissue
 * 150 HU, hypodense liver metastasis 0 HU), so every lesion differs from its surroundings by at
 * least 110 HU, enough for the seeded HU region growing of src/imaging (window +-50 HU).
 */
import type { Vec3 } from '../core/volume.ts';
import type { ExpCurve } from './kinetics-curves.ts';
import { sphere, sphereDiameterMm, type Shape } from './shapes.ts';

/** One organ (or body region): shape, CT number and 131I-equivalent curve per mL. */
export interface Organ {
  name: string;
  shapes: Shape[];
  hu: number;
  curvePerMl: ExpCurve;
}

/** One lesion: a sphere of known volume with mono-exponential 131I-equivalent kinetics. */
export interface LesionSpec {
  id: string;
  site: string;
  /** Organ the lesion sits in (its activity and HU are replaced inside the lesion). */
  host: string;
  centerLps: Vec3;
  volumeMl: number;
  hu: number;
  /** 131I-equivalent fraction of the administered activity in the lesion at t = 0. */
  fractionAtZero: number;
  effectiveHalfLifeH: number;
  /**
   * A hot core (heterogeneous lesion): a concentric sphere of `radiusFraction` of the lesion's
   * radius holding `activityFraction` of its activity at every time (the rim holds the rest);
   * the lesion's total activity and kinetics are unchanged. Absent: a uniform lesion.
   */
  core?: { radiusFraction: number; activityFraction: number };
}

const SOFT_TISSUE: ExpCurve = [
  { atZero: 1.0e-5, halfLifeH: 12 },
  { atZero: 1.5e-6, halfLifeH: 60 },
];
/** Whole blood, 131I-equivalent fraction per mL (the demo patient's curve). */
export const BLOOD_CURVE_PER_ML: ExpCurve = [
  { atZero: 3.5e-5, halfLifeH: 8 },
  { atZero: 2.5e-6, halfLifeH: 60 },
];
/** Whole-body retention relative to the first count (t0 = 2 h), 131I-equivalent, from t0. */
export const WHOLE_BODY_CURVE: ExpCurve = [
  { atZero: 0.9, halfLifeH: 10 },
  { atZero: 0.1, halfLifeH: 70 },
];

/** The body (torso and neck) and its soft tissue. */
export const BODY: Organ = {
  name: 'body',
  hu: 40,
  curvePerMl: SOFT_TISSUE,
  shapes: [
    { kind: 'cylinder', centerLps: [0, 0, -20], radiiMm: [170, 110], halfLengthMm: 180 },
    { kind: 'cylinder', centerLps: [0, -10, 200], radiiMm: [60, 55], halfLengthMm: 40 },
  ],
};

const ellipsoid = (centerLps: Vec3, radiiMm: Vec3): Shape => ({
  kind: 'ellipsoid',
  centerLps,
  radiiMm,
});

/** Organs inside the body, pairwise disjoint. */
export const ORGANS: readonly Organ[] = [
  {
    name: 'right lung',
    hu: -850,
    curvePerMl: [
      { atZero: 4e-6, halfLifeH: 12 },
      { atZero: 6e-7, halfLifeH: 60 },
    ],
    shapes: [ellipsoid([-90, 5, 65], [50, 65, 85])],
  },
  {
    name: 'left lung',
    hu: -850,
    curvePerMl: [
      { atZero: 4e-6, halfLifeH: 12 },
      { atZero: 6e-7, halfLifeH: 60 },
    ],
    shapes: [ellipsoid([95, 5, 65], [45, 65, 85])],
  },
  {
    name: 'heart (blood pool)',
    hu: 40,
    curvePerMl: BLOOD_CURVE_PER_ML,
    shapes: [ellipsoid([10, -30, 20], [40, 40, 45])],
  },
  {
    name: 'liver',
    hu: 110,
    curvePerMl: [
      { atZero: 1.5e-5, halfLifeH: 20 },
      { atZero: 2e-6, halfLifeH: 70 },
    ],
    shapes: [ellipsoid([-70, -5, -100], [85, 75, 60])],
  },
  {
    name: 'stomach',
    hu: 30,
    curvePerMl: [{ atZero: 1.5e-4, halfLifeH: 8 }],
    shapes: [ellipsoid([70, -30, -85], [40, 35, 40])],
  },
  {
    name: 'spine',
    hu: 400,
    curvePerMl: SOFT_TISSUE,
    shapes: [{ kind: 'cylinder', centerLps: [0, 80, -20], radiiMm: [18, 18], halfLengthMm: 180 }],
  },
];

/** The default lesions (0.6-16 mL). */
export const LESIONS: readonly LesionSpec[] = [
  {
    id: 'L1',
    site: 'thyroid bed',
    host: 'body',
    centerLps: [-15, -40, 185],
    volumeMl: 1.5,
    hu: 150,
    fractionAtZero: 0.004,
    effectiveHalfLifeH: 40,
  },
  {
    id: 'L2',
    site: 'lung',
    host: 'right lung',
    centerLps: [-95, 10, 90],
    volumeMl: 0.6,
    hu: 40,
    fractionAtZero: 2e-4,
    effectiveHalfLifeH: 50,
  },
  {
    id: 'L3',
    site: 'liver',
    host: 'liver',
    centerLps: [-80, -10, -100],
    volumeMl: 6.3,
    hu: 0,
    fractionAtZero: 0.0024,
    effectiveHalfLifeH: 70,
    // Heterogeneous, like the seed's liver lesion at 20.6 Gy: a hot core (radius 0.6 of the
    // lesion's, 21.6% of its volume) holding half the activity, i.e. 2.3 times the lesion's
    // mean concentration, and a rim at 0.64 times it.
    core: { radiusFraction: 0.6, activityFraction: 0.5 },
  },
  {
    id: 'L4',
    site: 'bone',
    host: 'spine',
    centerLps: [0, 80, 40],
    volumeMl: 4.0,
    hu: 250,
    fractionAtZero: 0.0015,
    effectiveHalfLifeH: 90,
  },
  {
    id: 'L5',
    site: 'lung',
    host: 'left lung',
    centerLps: [95, 0, 20],
    volumeMl: 16,
    hu: 40,
    fractionAtZero: 0.003,
    effectiveHalfLifeH: 60,
  },
];

/** The sphere of a lesion. */
export function lesionShape(lesion: LesionSpec): Shape {
  return sphere(lesion.centerLps, sphereDiameterMm(lesion.volumeMl));
}

/** The hot core of a heterogeneous lesion (null for a uniform one). */
export function lesionCoreShape(lesion: LesionSpec): Shape | null {
  if (lesion.core === undefined) return null;
  return sphere(lesion.centerLps, sphereDiameterMm(lesion.volumeMl) * lesion.core.radiusFraction);
}

/**
 * Concentration of the rim and of the core relative to the lesion's mean: the core is f^3 of the
 * volume (f its radius fraction) with share a of the activity, so core = a / f^3 and
 * rim = (1 - a) / (1 - f^3) times the mean (both 1 for a uniform lesion).
 */
export function lesionConcRatios(lesion: LesionSpec): { rim: number; core: number } {
  if (lesion.core === undefined) return { rim: 1, core: 1 };
  const { radiusFraction: f, activityFraction: a } = lesion.core;
  const coreVolume = f ** 3;
  return { rim: (1 - a) / (1 - coreVolume), core: a / coreVolume };
}
