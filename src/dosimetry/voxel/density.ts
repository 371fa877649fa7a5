/**
 * Mass density from CT numbers, for the density scaling of kernel doses (issue 9 item 3).
 *
 * Curve: the piecewise-linear HU -> density calibration of Schneider, Bortfeld & Schlegel 2000
 * (Phys Med Biol 45:459, "Correlation between CT numbers and tissue parameters needed for Monte
 * Carlo simulations of clinical dose distributions"), in the form distributed with the Monte Carlo
 * code GATE / opengate (opengate/data/Schneider2000DensitiesTable.txt), which its radiopharmaceutical
 * dosimetry examples use: the nine points below, linear between them. Below -1000 HU the density
 * of air and above 3000 HU 2.8 g/mL are held (counted as clamped). A scanner-specific calibration
 * can be passed instead.
 *
 * Density scaling of a soft-tissue kernel dose: D_v = D_kernel,v x rho_kernel / rho_v (the
 * energy deposited in the voxel, as in the kernel's medium, over the voxel's own mass; Dieudonne
 * et al. 2013, J Nucl Med 54:236, density-corrected dose-voxel-kernel convolution). It corrects the
 * mass, not the transport: in lung or air voxels it raises the dose as 1/rho.
 */
import { InputError } from '../../core/errors.ts';

/** [HU, density g/mL] (Schneider et al. 2000, as in GATE's Schneider2000DensitiesTable.txt). */
export const SCHNEIDER_2000_HU_DENSITY: readonly (readonly [number, number])[] = [
  [-1000, 0.00121],
  [-98, 0.93],
  [-97, 0.930486],
  [14, 1.03],
  [23, 1.031],
  [100, 1.1199],
  [101, 1.0762],
  [1600, 1.9642],
  [3000, 2.8],
];

/** A density map and the voxels outside the curve's HU range (held at its end values). */
export interface DensityMap {
  densityGPerMl: Float32Array;
  clampedBelow: number;
  clampedAbove: number;
  source: string;
}

/** Density (g/mL) of each CT number (HU) by the piecewise-linear `curve` (default Schneider 2000). */
export function densityFromHu(
  hu: ArrayLike<number>,
  curve: readonly (readonly [number, number])[] = SCHNEIDER_2000_HU_DENSITY,
): DensityMap {
  checkCurve(curve);
  const first = curve[0]!;
  const last = curve[curve.length - 1]!;
  const out = new Float32Array(hu.length);
  let below = 0;
  let above = 0;
  for (let v = 0; v < hu.length; v++) {
    const h = hu[v]!;
    if (!Number.isFinite(h)) {
      throw new InputError(
        { field: 'ct' },
        `expected finite CT numbers, voxel ${v} is ${h}`,
        'check the CT resampled to the PET grid',
      );
    }
    if (h <= first[0]) {
      if (h < first[0]) below++;
      out[v] = first[1];
      continue;
    }
    if (h >= last[0]) {
      if (h > last[0]) above++;
      out[v] = last[1];
      continue;
    }
    let s = 1;
    while (curve[s]![0] < h) s++;
    const [h0, d0] = curve[s - 1]!;
    const [h1, d1] = curve[s]!;
    out[v] = d0 + ((h - h0) / (h1 - h0)) * (d1 - d0);
  }
  const source =
    curve === SCHNEIDER_2000_HU_DENSITY
      ? 'Schneider, Bortfeld & Schlegel 2000 (Phys Med Biol 45:459), as GATE Schneider2000DensitiesTable.txt'
      : 'user HU-density calibration';
  return { densityGPerMl: out, clampedBelow: below, clampedAbove: above, source };
}

function checkCurve(curve: readonly (readonly [number, number])[]): void {
  const ok =
    curve.length >= 2 &&
    curve.every(([h, d], i) => Number.isFinite(h) && d > 0 && (i === 0 || h > curve[i - 1]![0]));
  if (!ok) {
    throw new InputError(
      { field: 'huDensityCurve' },
      'expected at least two [HU, density g/mL] points with increasing HU and positive densities',
    );
  }
}
