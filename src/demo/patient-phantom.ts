/**
 * The synthetic patient (patient-anatomy.ts) as images: for each 124I PET/CT session (default
 * 24 h and 108 h after 37 MBq), the true 124I activity map at the acquisition time, the simulated
 * PET (7.5 mm FWHM, Poisson-like noise, pet-simulation.ts) and the CT in HU; plus blood samples
 * and whole-body counts from the known curves (with seeded +-2% measurement noise), lesion seeds
 * at the true centres moved by up to 3 mm, and the ground truth (patient-truth.ts).
 */
import type { Vec3, Volume } from '../core/volume.ts';
import { mulberry32 } from '../numerics/random.ts';
import { gaussianNoise } from './gaussian-noise.ts';
import { curveAt, to124AtTime } from './kinetics-curves.ts';
import {
  BLOOD_CURVE_PER_ML,
  BODY,
  LESIONS,
  ORGANS,
  WHOLE_BODY_CURVE,
  lesionConcRatios,
  lesionCoreShape,
  lesionShape,
  type LesionSpec,
  type Organ,
} from './patient-anatomy.ts';
import { bloodTruth, lesionDoseTruth, type LesionDoseTruth } from './patient-truth.ts';
import { DEFAULT_I124_FWHM_MM, simulatePet } from './pet-simulation.ts';
import { addShape, centredGrid, type Grid } from './voxelise.ts';
import { addHours } from './clock.ts';
import { movedGeometry } from '../imaging/registration/resample-rigid.ts';
import {
  applyRigid,
  identityRigid,
  type RigidTransform,
} from '../imaging/registration/rigid-transform.ts';

/** Supersampling of lesion surfaces (small spheres, cheap; volumes within 0.5%). */
const LESION_SUBSAMPLES = 10;

/** Options of buildPatientPhantom (defaults in PATIENT_DEFAULTS). */
export interface PatientPhantomOptions {
  administeredAt: string;
  activityMBq: number;
  weightKg: number;
  /** Sessions: id and hours after administration. */
  scans: readonly { id: string; timeH: number }[];
  lesions: readonly LesionSpec[];
  petSize: Vec3;
  petSpacingMm: Vec3;
  ctSize: Vec3;
  ctSpacingMm: Vec3;
  /** LPS centre of both grids, mm. */
  centerLps: Vec3;
  fwhmMm: number;
  /** CV of the PET at noiseReferenceBqPerMl (the same acquisition length for every session). */
  noiseCv: number;
  noiseReferenceBqPerMl: number;
  seed: number;
  /**
   * Patient motion per session id: the rigid map of anatomy (the first session's) LPS points to
   * where the scanner sees them in that session (translation mm, rotation degrees about LPS x,
   * y, z applied in that order, about centerLps); absent ids lie as the anatomy.
   */
  motion: Readonly<Record<string, { translationMm: Vec3; rotationDeg: Vec3 }>>;
  /** Supersampling per axis of organ and body surfaces (lesions use 10). */
  subsamples: number;
  /** Largest seed displacement per axis, mm. */
  seedJitterMm: number;
  bloodSampleTimesH: readonly number[];
  /** Relative SD of blood and whole-body measurements (the first count is exact). */
  measurementCv: number;
  /** Net counts of the first whole-body measurement. */
  firstWholeBodyCounts: number;
}

export const PATIENT_DEFAULTS: PatientPhantomOptions = {
  administeredAt: '2024-03-04T09:15:00',
  activityMBq: 37,
  weightKg: 72,
  scans: [
    { id: 'pet24', timeH: 24 },
    { id: 'pet108', timeH: 108 },
  ],
  lesions: LESIONS,
  petSize: [128, 128, 100],
  petSpacingMm: [4, 4, 4],
  ctSize: [256, 256, 100],
  ctSpacingMm: [2, 2, 4],
  centerLps: [0, 0, 20],
  fwhmMm: DEFAULT_I124_FWHM_MM,
  noiseCv: 0.15,
  noiseReferenceBqPerMl: 150,
  seed: 124,
  // The 108-h session lies differently on the table: 12 mm, 3 degrees at most.
  motion: { pet108: { translationMm: [6, -4, 12], rotationDeg: [2, -1.5, 3] } },
  subsamples: 6,
  seedJitterMm: 3,
  bloodSampleTimesH: [2, 4, 6, 24, 48, 72, 96, 120],
  measurementCv: 0.02,
  firstWholeBodyCounts: 150_000,
};

/** One simulated session. */
export interface PatientScan {
  id: string;
  timeH: number;
  acquiredAt: string;
  /** True 124I concentration at acquisition (Bq/mL, voxel averages). */
  activity: Volume;
  pet: Volume;
  ct: Volume;
  /** Seeds per lesion id, LPS mm. */
  seedsLps: Record<string, Vec3>;
}

/** Ground truth of the synthetic patient. */
export interface PatientTruth {
  lesions: (LesionDoseTruth & {
    centerLps: Vec3;
    hostOrgan: string;
    voxelisedVolumeMl: number;
    /** 124I concentration and activity at each scan's acquisition time, by scan id. */
    conc124BqPerMl: Record<string, number>;
    activity124Bq: Record<string, number>;
  })[];
  /** 124I concentration of each organ at each scan (Bq/mL), by organ then scan id. */
  organConc124BqPerMl: Record<string, Record<string, number>>;
  blood: ReturnType<typeof bloodTruth>;
  options: PatientPhantomOptions;
}

/** The built patient: sessions, measurements and truth. */
export interface PatientPhantom {
  scans: PatientScan[];
  blood: { at: string; concBqPerMl: number }[];
  wholeBody: { at: string; netCounts: number }[];
  truth: PatientTruth;
}

function concAt(curvePerMl: Organ['curvePerMl'], timeH: number, administeredBq: number): number {
  return to124AtTime(curveAt(curvePerMl, timeH), timeH) * administeredBq;
}

function lesionConc(lesion: LesionSpec, timeH: number, administeredBq: number): number {
  const fraction =
    lesion.fractionAtZero * Math.exp((-Math.LN2 / lesion.effectiveHalfLifeH) * timeH);
  return (to124AtTime(fraction, timeH) * administeredBq) / lesion.volumeMl;
}

/** The motion of session `scanId` as a rigid transform (identity when it does not move). */
export function motionOf(o: PatientPhantomOptions, scanId: string): RigidTransform {
  const motion = o.motion[scanId];
  if (motion === undefined) return identityRigid(o.centerLps);
  return {
    rotationRad: motion.rotationDeg.map((d) => (d * Math.PI) / 180) as unknown as Vec3,
    translationMm: motion.translationMm,
    centreLps: o.centerLps,
  };
}

/** True 124I activity map at `timeH` on `grid`; returns it and each lesion's voxel-fraction sum. */
function activityMap(grid: Grid, o: PatientPhantomOptions, timeH: number) {
  const bq = o.activityMBq * 1e6;
  const data = new Float32Array(grid.size[0] * grid.size[1] * grid.size[2]);
  const body = concAt(BODY.curvePerMl, timeH, bq);
  for (const shape of BODY.shapes) addShape(data, grid, shape, body, o.subsamples);
  const host = new Map<string, number>([['body', body]]);
  for (const organ of ORGANS) {
    const conc = concAt(organ.curvePerMl, timeH, bq);
    host.set(organ.name, conc);
    for (const shape of organ.shapes) addShape(data, grid, shape, conc - body, o.subsamples);
  }
  const lesionVoxels = o.lesions.map((lesion) => {
    const mean = lesionConc(lesion, timeH, bq);
    const ratios = lesionConcRatios(lesion);
    const delta = mean * ratios.rim - (host.get(lesion.host) ?? body);
    const voxels = addShape(data, grid, lesionShape(lesion), delta, LESION_SUBSAMPLES);
    const core = lesionCoreShape(lesion);
    if (core !== null)
      addShape(data, grid, core, mean * (ratios.core - ratios.rim), LESION_SUBSAMPLES);
    return voxels;
  });
  for (let n = 0; n < data.length; n++) data[n] = Math.max(0, data[n] ?? 0);
  return { data, lesionVoxels, host };
}

/** CT (HU) of the patient on `grid`. */
function ctMap(grid: Grid, o: PatientPhantomOptions): Float32Array {
  const hu = new Float32Array(grid.size[0] * grid.size[1] * grid.size[2]).fill(-1000);
  const sub = Math.min(o.subsamples, 4);
  for (const shape of BODY.shapes) addShape(hu, grid, shape, BODY.hu + 1000, sub);
  const host = new Map<string, number>([['body', BODY.hu]]);
  for (const organ of ORGANS) {
    host.set(organ.name, organ.hu);
    for (const shape of organ.shapes) addShape(hu, grid, shape, organ.hu - BODY.hu, sub);
  }
  for (const lesion of o.lesions) {
    const delta = lesion.hu - (host.get(lesion.host) ?? BODY.hu);
    addShape(hu, grid, lesionShape(lesion), delta, sub);
  }
  return hu;
}

/** Builds the synthetic patient (see the file comment). */
export function buildPatientPhantom(options: Partial<PatientPhantomOptions> = {}): PatientPhantom {
  const o: PatientPhantomOptions = { ...PATIENT_DEFAULTS, ...options };
  const bq = o.activityMBq * 1e6;
  const petGrid = centredGrid(o.petSize, o.petSpacingMm, o.centerLps);
  const ctGrid = centredGrid(o.ctSize, o.ctSpacingMm, o.centerLps);
  const jitter = mulberry32(o.seed + 1000);
  const voxelMl = (petGrid.spacingMm[0] * petGrid.spacingMm[1] * petGrid.spacingMm[2]) / 1000;
  let lesionVoxels: number[] = [];
  const scans = o.scans.map((scan, index) => {
    const motion = motionOf(o, scan.id);
    // The anatomy seen by the scanner's voxel v lies at motion^-1(v): sample it there.
    const map = activityMap(movedGeometry(petGrid, motion), o, scan.timeH);
    const ct: Volume = { ...ctGrid, data: ctMap(movedGeometry(ctGrid, motion), o) };
    lesionVoxels = map.lesionVoxels;
    const activity: Volume = { ...petGrid, data: map.data };
    const pet = simulatePet(activity, {
      fwhmMm: o.fwhmMm,
      noiseCv: o.noiseCv,
      noiseReferenceBqPerMl: o.noiseReferenceBqPerMl,
      seed: o.seed + index,
    });
    const seedsLps: Record<string, Vec3> = {};
    for (const lesion of o.lesions) {
      const move = () => Math.round((2 * jitter() - 1) * o.seedJitterMm * 10) / 10;
      const c = applyRigid(motion, lesion.centerLps);
      seedsLps[lesion.id] = [c[0] + move(), c[1] + move(), c[2] + move()];
    }
    return {
      id: scan.id,
      timeH: scan.timeH,
      acquiredAt: addHours(o.administeredAt, scan.timeH),
      activity,
      pet,
      ct,
      seedsLps,
    };
  });
  const noise = gaussianNoise(o.seed + 2000);
  const measured = () => 1 + o.measurementCv * noise();
  const sixFigures = (v: number) => Number(v.toPrecision(6));
  const blood = o.bloodSampleTimesH.map((t) => ({
    at: addHours(o.administeredAt, t),
    concBqPerMl: sixFigures(concAt(BLOOD_CURVE_PER_ML, t, bq) * measured()),
  }));
  const t0 = o.bloodSampleTimesH[0] ?? 2;
  const wholeBody = o.bloodSampleTimesH.map((t, i) => ({
    at: addHours(o.administeredAt, t),
    netCounts: Math.round(
      o.firstWholeBodyCounts *
        to124AtTime(curveAt(WHOLE_BODY_CURVE, t - t0), t - t0) *
        (i === 0 ? 1 : measured()),
    ),
  }));
  const organConc124BqPerMl: Record<string, Record<string, number>> = {};
  for (const organ of [BODY, ...ORGANS]) {
    organConc124BqPerMl[organ.name] = Object.fromEntries(
      o.scans.map((s) => [s.id, concAt(organ.curvePerMl, s.timeH, bq)]),
    );
  }
  const lesions = o.lesions.map((lesion, i) => {
    const conc = Object.fromEntries(o.scans.map((s) => [s.id, lesionConc(lesion, s.timeH, bq)]));
    return {
      ...lesionDoseTruth(lesion),
      centerLps: lesion.centerLps,
      hostOrgan: lesion.host,
      voxelisedVolumeMl: (lesionVoxels[i] ?? 0) * voxelMl,
      conc124BqPerMl: conc,
      activity124Bq: Object.fromEntries(
        Object.entries(conc).map(([id, c]) => [id, c * lesion.volumeMl]),
      ),
    };
  });
  return {
    scans,
    blood,
    wholeBody,
    truth: { lesions, organConc124BqPerMl, blood: bloodTruth(o.weightKg, t0), options: o },
  };
}
