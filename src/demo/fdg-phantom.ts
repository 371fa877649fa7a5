/**
 * A digital FDG patient for the PERCIST response (issue 4 item 3): a body (elliptic cylinder),
 * a liver (ellipsoid) and spherical lesions with known SUL (g/mL, lean-body-mass normalised,
 * Wahl et al. 2009 J Nucl Med 50:122S), voxelised with partial-volume fractions and blurred with
 * a Gaussian of FWHM 6 mm (a clinical 18F PET/CT with the usual post-filter, no noise). The image
 * is in Bq/mL at the scan start: SUL / sulPerBqPerMl with the Janmahasatian LBM and the injected
 * activity decayed to the scan start (src/response), so reading it back gives the SUL.
 * Truth: the SUL assigned; lesions >= 3 cm keep SULpeak within a few % of it after the blur.
 */
import type { Vec3, Volume } from '../core/volume.ts';
import { hoursBetween, parseLocalDateTimeMs } from '../core/time.ts';
import { F18_HALF_LIFE_H, leanBodyMassKg, sulPerBqPerMl } from '../response/index.ts';
import { gaussianBlur } from '../imaging/gaussian.ts';
import { sphere, type Shape } from './shapes.ts';
import { addShape, centredGrid, type Grid } from './voxelise.ts';

/** FWHM of the simulated 18F PET, mm (clinical PET/CT with a 5-6 mm post-filter). */
export const FDG_FWHM_MM = 6;

/** A spherical lesion with its true SUL. */
export interface FdgLesion {
  id: string;
  centerLps: Vec3;
  diameterMm: number;
  sul: number;
}

/** Patient data written to the header ((0010,1030), (0010,1020), (0010,0040)). */
export interface FdgPatient {
  weightKg: number;
  heightCm: number;
  sex: 'M' | 'F';
}

/** One FDG PET: injection, scan start, activity and true SULs. */
export interface FdgScanSpec {
  administeredAt: string;
  acquiredAt: string;
  activityBq: number;
  liverSul: number;
  bodySul: number;
  lesions: readonly FdgLesion[];
}

/** Default geometry: 71 x 63 x 47 voxels of 4 mm centred on the origin (voxel centres at 4k mm). */
export const FDG_GRID: Grid = centredGrid([71, 63, 47], [4, 4, 4], [0, 0, 0]);
/** Body: elliptic cylinder 260 x 200 mm (L x P), 180 mm long. */
export const FDG_BODY: Shape = {
  kind: 'cylinder',
  centerLps: [0, 0, 0],
  radiiMm: [130, 100],
  halfLengthMm: 90,
};
/** Liver: ellipsoid in the right (negative L) upper abdomen. */
export const FDG_LIVER: Shape = {
  kind: 'ellipsoid',
  centerLps: [-68, 8, 28],
  radiiMm: [55, 50, 45],
};
/** Where to put the 3 cm liver ROI: the liver centre. */
export const FDG_LIVER_ROI_LPS: Vec3 = [-68, 8, 28];

/** The SUL factor (g/Bq) of a scan: LBM / activity at the scan start (Wahl 2009). */
export function fdgSulFactor(scan: FdgScanSpec, patient: FdgPatient): number {
  const at = (iso: string) => parseLocalDateTimeMs(iso, { field: 'date-time' });
  return sulPerBqPerMl({
    leanBodyMassKg: leanBodyMassKg({
      weightKg: patient.weightKg,
      heightM: patient.heightCm / 100,
      sex: patient.sex,
    }),
    injectedActivityBq: scan.activityBq,
    administrationToScanH: hoursBetween(at(scan.administeredAt), at(scan.acquiredAt)),
    halfLifeH: F18_HALF_LIFE_H,
  });
}

/** The FDG PET (Bq/mL at the scan start, blurred) of a scan; values replace, not add, inside. */
export function buildFdgPet(
  scan: FdgScanSpec,
  patient: FdgPatient,
  options: { grid?: Grid; fwhmMm?: number } = {},
): Volume {
  const grid = options.grid ?? FDG_GRID;
  const data = new Float32Array(grid.size[0] * grid.size[1] * grid.size[2]);
  addShape(data, grid, FDG_BODY, scan.bodySul);
  addShape(data, grid, FDG_LIVER, scan.liverSul - scan.bodySul);
  for (const lesion of scan.lesions) {
    addShape(data, grid, sphere(lesion.centerLps, lesion.diameterMm), lesion.sul - scan.bodySul);
  }
  const factor = fdgSulFactor(scan, patient);
  for (let n = 0; n < data.length; n++) data[n] = (data[n] ?? 0) / factor;
  return gaussianBlur({ ...grid, data }, { fwhmMm: options.fwhmMm ?? FDG_FWHM_MM, edge: 'zero' });
}
