/** The data types of the SVG plots (svg-plot.ts draws them, svg-legend.ts lists their series). */

/** One (x, y) pair in data units. */
export interface PlotPoint {
  x: number;
  y: number;
}

/** Measured points (markers) or a fitted curve (one polyline). */
export interface PlotSeries {
  kind: 'points' | 'line';
  label: string;
  points: PlotPoint[];
  /** CSS colour; default from a fixed palette by series index. */
  color?: string;
  dashed?: boolean;
}

/** A vertical line at x with a short label (e.g. "24 h"). */
export interface MarkerLine {
  x: number;
  label: string;
}

/** Everything a plot shows. `id` must be unique in the page (it prefixes the clip-path id). */
export interface PlotSpec {
  id: string;
  title?: string;
  xLabel: string;
  yLabel: string;
  yScale?: 'linear' | 'log';
  xMin?: number;
  xMax?: number;
  /** Fixed ends of a linear y axis (rounded out to nice ticks); default from the data. */
  yMin?: number;
  yMax?: number;
  series: PlotSeries[];
  markers?: MarkerLine[];
  width?: number;
  height?: number;
}
