/**
 * Small dense linear algebra for least-squares fits (a handful of parameters): Gauss-Jordan
 * elimination with partial pivoting (Golub & Van Loan, Matrix Computations, 4th ed., 3.4).
 * Matrices are arrays of rows; nothing here mutates its arguments.
 */

/** A dense matrix as an array of rows. */
export type Matrix = number[][];

/** Relative pivot size below which a matrix counts as singular. */
export const SINGULAR_PIVOT_TOLERANCE = 1e-14;

/** A copy of `a` (rows copied). */
export function cloneMatrix(a: readonly (readonly number[])[]): Matrix {
  return a.map((row) => row.slice());
}

/** An n x m matrix of zeros. */
export function zeroMatrix(rows: number, columns: number = rows): Matrix {
  return Array.from({ length: rows }, () => new Array<number>(columns).fill(0));
}

function at(a: readonly (readonly number[])[], i: number, j: number): number {
  return a[i]?.[j] ?? 0;
}

function largestAbs(a: readonly (readonly number[])[]): number {
  let max = 0;
  for (const row of a) for (const v of row) max = Math.max(max, Math.abs(v));
  return max;
}

/**
 * Solution x of A x = b for a square A (Gauss elimination with partial pivoting), or null when A
 * is singular to working precision (a pivot below 1e-14 x max|A|).
 */
export function solveLinearSystem(
  a: readonly (readonly number[])[],
  b: readonly number[],
): number[] | null {
  const n = a.length;
  const augmented = a.map((row, i) => [...row, b[i] ?? 0]);
  const inverse = gaussJordan(augmented, n, largestAbs(a));
  if (inverse === null) return null;
  return inverse.map((row) => row[n] ?? 0);
}

/** Inverse of a square matrix (Gauss-Jordan with partial pivoting), or null when singular. */
export function invertMatrix(a: readonly (readonly number[])[]): Matrix | null {
  const n = a.length;
  const augmented = a.map((row, i) => [
    ...row,
    ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  ]);
  const reduced = gaussJordan(augmented, n, largestAbs(a));
  if (reduced === null) return null;
  return reduced.map((row) => row.slice(n));
}

/** Reduces the first n columns of `m` (modified in place) to the identity; null if singular. */
function gaussJordan(m: Matrix, n: number, scale: number): Matrix | null {
  if (!(scale > 0) || !Number.isFinite(scale)) return null;
  for (let col = 0; col < n; col++) {
    let pivotRow = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(at(m, r, col)) > Math.abs(at(m, pivotRow, col))) pivotRow = r;
    }
    const pivot = at(m, pivotRow, col);
    if (!(Math.abs(pivot) > SINGULAR_PIVOT_TOLERANCE * scale)) return null;
    const rowP = m[pivotRow] as number[];
    m[pivotRow] = m[col] as number[];
    m[col] = rowP;
    for (let j = 0; j < rowP.length; j++) rowP[j] = (rowP[j] ?? 0) / pivot;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = m[r] as number[];
      const factor = row[col] ?? 0;
      if (factor === 0) continue;
      for (let j = 0; j < row.length; j++) row[j] = (row[j] ?? 0) - factor * (rowP[j] ?? 0);
    }
  }
  return m;
}

/** The quadratic form g^T C g (e.g. a variance by the delta method). */
export function quadraticForm(c: readonly (readonly number[])[], g: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < g.length; i++) {
    for (let j = 0; j < g.length; j++) sum += (g[i] ?? 0) * at(c, i, j) * (g[j] ?? 0);
  }
  return sum;
}

/** A^T W A for a Jacobian A (rows = points) and diagonal weights W. */
export function weightedNormalMatrix(
  jacobian: readonly (readonly number[])[],
  weights: readonly number[],
  parameters: number,
): Matrix {
  const out = zeroMatrix(parameters);
  jacobian.forEach((row, k) => {
    const w = weights[k] ?? 0;
    for (let i = 0; i < parameters; i++) {
      const wi = w * (row[i] ?? 0);
      if (wi === 0) continue;
      const outRow = out[i] as number[];
      for (let j = 0; j < parameters; j++) outRow[j] = (outRow[j] ?? 0) + wi * (row[j] ?? 0);
    }
  });
  return out;
}

/** 1/sqrt of the diagonal of a symmetric matrix, or null when some diagonal entry is not > 0. */
function jacobiScales(a: readonly (readonly number[])[]): number[] | null {
  const d = a.map((row, i) => row[i] ?? 0);
  return d.every((v) => v > 0 && Number.isFinite(v)) ? d.map((v) => 1 / Math.sqrt(v)) : null;
}

/**
 * Inverse of a symmetric positive (semi)definite matrix such as J^T W J, computed on the
 * Jacobi-scaled matrix D A D (D = diag^-1/2) so that parameters of very different magnitude do not
 * look singular; null when singular after scaling.
 */
export function invertSymmetric(a: readonly (readonly number[])[]): Matrix | null {
  const s = jacobiScales(a);
  if (s === null) return invertMatrix(a);
  const scaled = a.map((row, i) => row.map((v, j) => v * (s[i] ?? 0) * (s[j] ?? 0)));
  const inv = invertMatrix(scaled);
  return inv === null
    ? null
    : inv.map((row, i) => row.map((v, j) => v * (s[i] ?? 0) * (s[j] ?? 0)));
}

/** Solution of A x = b for a symmetric positive matrix, Jacobi-scaled as in invertSymmetric. */
export function solveSymmetric(
  a: readonly (readonly number[])[],
  b: readonly number[],
): number[] | null {
  const s = jacobiScales(a);
  if (s === null) return solveLinearSystem(a, b);
  const scaled = a.map((row, i) => row.map((v, j) => v * (s[i] ?? 0) * (s[j] ?? 0)));
  const z = solveLinearSystem(
    scaled,
    b.map((v, i) => v * (s[i] ?? 0)),
  );
  return z === null ? null : z.map((v, i) => v * (s[i] ?? 0));
}

/**
 * Lower-triangular L with L L^T = A for a symmetric positive semi-definite matrix (Cholesky-
 * Banachiewicz); a pivot <= 1e-14 x the diagonal scale (a direction without variance) gives a
 * zero column. For sampling correlated normals x = L z.
 */
export function choleskyLower(a: readonly (readonly number[])[]): Matrix {
  const n = a.length;
  const l = zeroMatrix(n);
  const scale = Math.max(...a.map((row, i) => Math.abs(row[i] ?? 0)), 0);
  for (let i = 0; i < n; i++) {
    const li = l[i] as number[];
    for (let j = 0; j <= i; j++) {
      const lj = l[j] as number[];
      let sum = at(a, i, j);
      for (let k = 0; k < j; k++) sum -= (li[k] ?? 0) * (lj[k] ?? 0);
      if (i === j) li[j] = sum > 1e-14 * scale ? Math.sqrt(sum) : 0;
      else li[j] = (lj[j] ?? 0) > 0 ? sum / (lj[j] ?? 1) : 0;
    }
  }
  return l;
}
