/**
 * IEC/NEMA phantom analysis for recovery coefficients (issue "From DICOM to dose", item 4): each
 * sphere is segmented with the same background-adapted 50% isocontour as the patients' lesions;
 * RC = mean concentration in the VOI / true sphere concentration at the scan start; RC(V) is fitted
 * over the true sphere volumes (pi/6 d^3).
 */
import { InputError } from '../core/errors.ts';
import type { Vec3, Volume } from '../core/volume.ts';
import { segmentIsocontour } from '../imaging/isocontour.ts';
import type { IsocontourOptions } from '../imaging/isocontour-options.ts';
import { fitRecoveryCurve, type RecoveryCurve } from './recovery-curve.ts';

/** One phantom sphere: inner diameter (mm) and centre (LPS mm). */
export interface PhantomSphere {
  diameterMm: number;
  centerLps: Vec3;
}

/** Measurement of one sphere. */
export interface SphereMeasurement {
  diameterMm: number;
  volumeMl: number;
  centerLps: Vec3;
  meanConcBqPerMl: number;
  maxConcBqPerMl: number;
  backgroundConcBqPerMl: number;
  voiVolumeMl: number;
  recoveryCoefficient: number;
  warnings: string[];
}

/** Spheres measured and the fitted curve. */
export interface PhantomAnalysis {
  spheres: SphereMeasurement[];
  curve: RecoveryCurve;
  trueSphereConcBqPerMl: number;
  trueBackgroundConcBqPerMl: number;
}

/**
 * Recovery coefficients of the spheres of a phantom PET (Bq/mL at the scan start) whose true
 * concentrations at the scan start are given; fits RC(V).
 */
export function analysePhantom(
  pet: Volume<Float32Array>,
  spheres: readonly PhantomSphere[],
  trueSphereConcBqPerMl: number,
  trueBackgroundConcBqPerMl: number,
  options: Partial<IsocontourOptions> = {},
): PhantomAnalysis {
  const measured = spheres.map((sphere, index): SphereMeasurement => {
    const voi = segmentIsocontour(pet, sphere.centerLps, options);
    const rc = voi.meanConcBqPerMl / trueSphereConcBqPerMl;
    if (voi.flags.lowContrast || voi.flags.noUptakeNearSeed || !(rc > 0)) {
      const [x, y, z] = sphere.centerLps;
      throw new InputError(
        { field: `spheres[${index}].centerLps` },
        `no sphere found at [${x}, ${y}, ${z}] mm (${rc > 0 ? `the VOI there has max/BG ${voi.contrast.toFixed(2)}, RC ${Number(rc.toPrecision(3))}` : 'no uptake there'})`,
        'give the centre of the sphere in patient LPS mm, as read from the PET in a viewer (RAS viewers show x and y negated)',
      );
    }
    return {
      diameterMm: sphere.diameterMm,
      volumeMl: (Math.PI / 6) * (sphere.diameterMm / 10) ** 3,
      centerLps: sphere.centerLps,
      meanConcBqPerMl: voi.meanConcBqPerMl,
      maxConcBqPerMl: voi.maxConcBqPerMl,
      backgroundConcBqPerMl: voi.backgroundConcBqPerMl,
      voiVolumeMl: voi.volumeMl,
      recoveryCoefficient: rc,
      warnings: voi.warnings.map(
        (warning) => `sphere ${index + 1} (${sphere.diameterMm} mm): ${warning}`,
      ),
    };
  });
  const curve = fitRecoveryCurve(
    measured.map((m) => ({ volumeMl: m.volumeMl, recoveryCoefficient: m.recoveryCoefficient })),
  );
  return { spheres: measured, curve, trueSphereConcBqPerMl, trueBackgroundConcBqPerMl };
}
