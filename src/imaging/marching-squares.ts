/**
 * Isolines of a 2-D scalar field by marching squares (Lorensen and Cline 1987, the 2-D case of
 * marching cubes): each cell of four neighbouring samples is classified by which corners reach
 * the level, and the line crosses each cell edge whose ends differ, at the point found by linear
 * interpolation along that edge. So the line is the exact level set of the piecewise-linear
 * interpolant along the cell edges; for a smooth field it lies within a small fraction of a
 * sample of the true isoline. Ambiguous (saddle) cells are resolved by the mean of the four
 * corners (the "asymptotic decider" simplified to the cell centre value): when the centre reaches
 * the level, the two corners that reach it are joined. Non-finite samples count as below the
 * level. Written here (about 60 lines) rather than taken from npm: d3-contour builds GeoJSON
 * polygons for filled bands, and marchingsquares (which has isolines) is a dependency for what
 * is a short, fully tested loop.
 */

/** A 2-D field: `values[u + width * v]`, u rightwards, v downwards. */
export interface Field2d {
  width: number;
  height: number;
  values: ArrayLike<number>;
}

/** One line segment, in sample coordinates: sample (u, v) sits at (u, v). */
export interface IsoSegment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Edges of a cell, clockwise from the top: 0 top, 1 right, 2 bottom, 3 left. */
type Edge = 0 | 1 | 2 | 3;

/**
 * The segments of the isoline `value = level` of `field` (a sample equal to the level counts as
 * reaching it). Cells at the border close nothing: a line that leaves the field ends there.
 */
export function isolineSegments(field: Field2d, level: number): IsoSegment[] {
  const { width, height, values } = field;
  if (values.length < width * height) {
    throw new Error(`field has ${values.length} values, expected ${width} x ${height}`);
  }
  const at = (u: number, v: number): number => {
    const value = values[u + width * v] ?? Number.NaN;
    return Number.isFinite(value) ? value : -Infinity;
  };
  const segments: IsoSegment[] = [];
  for (let v = 0; v + 1 < height; v++) {
    for (let u = 0; u + 1 < width; u++) {
      // Corners clockwise from the top left.
      const c = [at(u, v), at(u + 1, v), at(u + 1, v + 1), at(u, v + 1)] as const;
      const inside = c.map((value) => value >= level);
      const crossed = ([0, 1, 2, 3] as const).filter(
        (e) => inside[e] !== inside[(e + 1) % 4],
      ) as Edge[];
      if (crossed.length === 0) continue;
      const point = (edge: Edge): [number, number] => {
        const a = c[edge];
        const b = c[(edge + 1) % 4] ?? a;
        // -Infinity (non-finite) against a finite value: the crossing sits at the finite end.
        const t = !Number.isFinite(a) ? 1 : !Number.isFinite(b) ? 0 : (level - a) / (b - a);
        const [x0, y0, x1, y1] = CORNER_EDGES[edge];
        return [u + x0 + t * (x1 - x0), v + y0 + t * (y1 - y0)];
      };
      const add = (e1: Edge, e2: Edge) => {
        const [x1, y1] = point(e1);
        const [x2, y2] = point(e2);
        segments.push({ x1, y1, x2, y2 });
      };
      if (crossed.length === 2) {
        add(crossed[0] ?? 0, crossed[1] ?? 0);
        continue;
      }
      // Saddle: two diagonal corners reach the level. Joined through the centre when its mean
      // does, so the two outside corners are cut off; else the two inside corners are.
      const centreInside = (c[0] + c[1] + c[2] + c[3]) / 4 >= level;
      const cutTopLeftAndBottomRight = inside[0] !== centreInside;
      if (cutTopLeftAndBottomRight) {
        add(3, 0);
        add(1, 2);
      } else {
        add(0, 1);
        add(2, 3);
      }
    }
  }
  return segments;
}

/** Edge e runs from corner e to corner e + 1: its start and end offsets in the cell (x0 y0 x1 y1). */
const CORNER_EDGES: Record<Edge, [number, number, number, number]> = {
  0: [0, 0, 1, 0],
  1: [1, 0, 1, 1],
  2: [1, 1, 0, 1],
  3: [0, 1, 0, 0],
};
