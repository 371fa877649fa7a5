/**
 * The cumulative dose-volume histogram (DVH) plot of the voxel dosimetry: per curve the fraction
 * of the VOI volume receiving at least a dose (y, %, 0-100) against that dose at the therapy
 * activity (x, Gy), with the eligibility threshold as a dashed vertical line. Drawn by the report's
 * SVG plotter (svg-plot.ts: its fonts, palette, ticks and legend). Curves are drawn as given,
 * straight between the points (the DVH's own sampling); a curve that starts at 100% at a dose
 * above 0 is extended to 0 Gy at 100%, which holds for any cumulative DVH (every voxel gets at
 * least 0 Gy). Malformed curves (and an empty list) are an InputError: the caller shows "not
 * computed" text instead of a plot with nothing in it.
 */
import { InputError } from '../../core/errors.ts';
import { formatGiven } from '../format.ts';
import { renderPlotSvg, type PlotSpec } from './svg-plot.ts';

/** One cumulative DVH: volumeFraction[n] of the VOI receives at least doseGy[n]. */
export interface DvhCurve {
  label: string;
  doseGy: readonly number[];
  volumeFraction: readonly number[];
}

export interface DvhPlotOptions {
  /** The plot's title, also its accessible name (aria-label). */
  title: string;
  /** Therapy activity the doses are at, GBq (for the axis label). */
  activityGBq: number;
  /** Dose threshold drawn as a dashed line (e.g. 20 Gy, the seed's eligibility threshold). */
  thresholdGy?: number;
  /** Unique id in the page (prefixes the clip-path id); default from the title. */
  id?: string;
  width?: number;
  height?: number;
}

function fail(field: string, expected: string): never {
  throw new InputError(
    { field },
    expected,
    'a cumulative DVH has doses in increasing order, volume fractions from 1 down to 0',
  );
}

function checkCurve(curve: DvhCurve, index: number): void {
  const where = `curves[${index}] (${curve.label})`;
  const { doseGy, volumeFraction } = curve;
  if (doseGy.length !== volumeFraction.length) {
    fail(where, `${doseGy.length} doses but ${volumeFraction.length} volume fractions`);
  }
  if (doseGy.length < 2) fail(`${where}.doseGy`, 'at least 2 points');
  doseGy.forEach((dose, n) => {
    if (!(Number.isFinite(dose) && dose >= 0)) {
      fail(`${where}.doseGy[${n}]`, `a dose >= 0 Gy, got ${dose}`);
    }
    if (n > 0 && dose < (doseGy[n - 1] ?? 0)) {
      fail(
        `${where}.doseGy[${n}]`,
        `doses in non-decreasing order, got ${dose} after ${doseGy[n - 1]}`,
      );
    }
  });
  volumeFraction.forEach((v, n) => {
    if (!(Number.isFinite(v) && v >= 0 && v <= 1)) {
      fail(`${where}.volumeFraction[${n}]`, `a fraction from 0 to 1, got ${v}`);
    }
    if (n > 0 && v > (volumeFraction[n - 1] ?? 1)) {
      fail(
        `${where}.volumeFraction[${n}]`,
        `non-increasing fractions (cumulative DVH), got ${v} after ${volumeFraction[n - 1]}`,
      );
    }
  });
}

/** The plot specification of the DVH plot (checked; see the module comment). */
export function dvhPlotSpec(curves: readonly DvhCurve[], options: DvhPlotOptions): PlotSpec {
  if (curves.length === 0) fail('curves', 'at least one DVH curve');
  curves.forEach(checkCurve);
  if (!(Number.isFinite(options.activityGBq) && options.activityGBq > 0)) {
    fail('activityGBq', `a positive therapy activity, got ${options.activityGBq}`);
  }
  const threshold = options.thresholdGy;
  if (threshold !== undefined && !(Number.isFinite(threshold) && threshold > 0)) {
    fail('thresholdGy', `a positive threshold dose, got ${threshold}`);
  }
  const maxDose = Math.max(...curves.map((c) => c.doseGy[c.doseGy.length - 1] ?? 0));
  return {
    id: options.id ?? `dvh-${options.title}`,
    title: options.title,
    xLabel: `dose at ${formatGiven(options.activityGBq)} GBq (Gy)`,
    yLabel: 'volume (%)',
    xMin: 0,
    xMax: Math.max(maxDose, threshold ?? 0, 1e-9),
    yMin: 0,
    yMax: 100,
    markers:
      threshold === undefined ? [] : [{ x: threshold, label: `${formatGiven(threshold)} Gy` }],
    series: curves.map((curve) => {
      const points = curve.doseGy.map((d, n) => ({
        x: d,
        y: 100 * (curve.volumeFraction[n] ?? 0),
      }));
      const first = points[0];
      if (first !== undefined && first.x > 0 && first.y === 100) points.unshift({ x: 0, y: 100 });
      return { kind: 'line' as const, label: curve.label, points };
    }),
    width: options.width,
    height: options.height,
  };
}

/** The DVH plot as a standalone SVG string (see the module comment); InputError on bad curves. */
export function dvhPlotSvg(curves: readonly DvhCurve[], options: DvhPlotOptions): string {
  return renderPlotSvg(dvhPlotSpec(curves, options));
}
