/**
 * Linear propagation of uncertainty (GUM, JCGM 100:2008, eq. 10; EANM guidance, Gear et al. 2018)
 * for a model written as a function of independent standard-normal inputs z (each input scaled
 * by its own sd inside the model): u^2(y) = sum_k (dy/dz_k)^2. Correlations between the measured
 * quantities (a calibration common to all scans, one volume entering activity, recovery and
 * S-value) come out right because the derivatives are taken through the real model functions.
 * Derivatives by central differences: error O(h^2) of the model's curvature; h = 0.05 z-units is
 * small for inputs of a few % and large against the round-off of the iterative fits.
 */

/** Where an input's variance is booked in the budget. */
export type UncertaintyComponent =
  'calibration' | 'counting' | 'recovery' | 'volume' | 'kinetics' | 'weight';

/** One independent standard-normal input and how its variance is split over components. */
export interface UncertainInput {
  id: string;
  /** Fractions of this input's variance per component (they sum to 1). */
  shares: Partial<Record<UncertaintyComponent, number>>;
}

/** Default central-difference step in z-units. */
export const JACOBIAN_STEP = 0.05;

/** d outputs / d z at z = 0 by central differences: rows outputs, columns inputs. */
export function centralJacobian(
  model: (z: Float64Array) => number[],
  dimension: number,
  step = JACOBIAN_STEP,
): number[][] {
  const columns: number[][] = [];
  for (let k = 0; k < dimension; k++) {
    const z = new Float64Array(dimension);
    z[k] = step;
    const plus = model(z);
    z[k] = -step;
    const minus = model(z);
    columns.push(plus.map((value, i) => (value - (minus[i] ?? NaN)) / (2 * step)));
  }
  const outputs = columns[0]?.length ?? model(new Float64Array(dimension)).length;
  return Array.from({ length: outputs }, (_, i) => columns.map((column) => column[i] ?? NaN));
}

/** Standard deviation and per-component sds (their squares sum to the variance). */
export interface PropagatedSigma {
  sigma: number;
  components: Partial<Record<UncertaintyComponent, number>>;
}

/** sigma of one output from its Jacobian row over `inputs` (same order). */
export function propagateRow(row: readonly number[], inputs: readonly UncertainInput[]) {
  const variance: Partial<Record<UncertaintyComponent, number>> = {};
  let total = 0;
  inputs.forEach((input, k) => {
    const contribution = (row[k] ?? 0) ** 2;
    total += contribution;
    for (const [component, share] of Object.entries(input.shares)) {
      const key = component as UncertaintyComponent;
      variance[key] = (variance[key] ?? 0) + contribution * (share ?? 0);
    }
  });
  const components: Partial<Record<UncertaintyComponent, number>> = {};
  for (const [key, value] of Object.entries(variance)) {
    components[key as UncertaintyComponent] = Math.sqrt(value);
  }
  return { sigma: Math.sqrt(total), components } satisfies PropagatedSigma;
}

/** Two-sided 95% coverage factor of the normal distribution. */
export const Z95 = 1.959963984540054;

/**
 * 95% interval of a positive quantity with estimate `value` and sd `sigma`, lognormal with median
 * `value` and the same relative sd: value x exp(+-1.96 s), s^2 = ln(1 + (sigma/value)^2). A dose is
 * positive and the chain is a product of factors, so its errors are closer to lognormal than to
 * normal; a normal interval would reach below 0 for relative sds above 51%.
 */
export function lognormalInterval95(value: number, sigma: number): [number, number] {
  if (!(value > 0) || !(sigma > 0)) return [value, value];
  const s = Math.sqrt(Math.log(1 + (sigma / value) ** 2));
  return [value * Math.exp(-Z95 * s), value * Math.exp(Z95 * s)];
}
