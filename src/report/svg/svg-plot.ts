/**
 * A tiny dependency-free SVG plotter for time-activity curves: axes with nice ticks, linear or
 * log y axis, measured points as markers, fitted curves as one polyline each, vertical marker
 * lines (24 h, 48 h) and a legend. Pure and deterministic: the same spec gives the same string.
 */
import { escapeHtml } from '../format.ts';
import { linearTicks, logTicks, type AxisTicks } from './plot-ticks.ts';
import { px, renderLegend } from './svg-legend.ts';
import type { PlotPoint, PlotSpec } from './svg-types.ts';

export type { MarkerLine, PlotPoint, PlotSeries, PlotSpec } from './svg-types.ts';

const PALETTE = ['#1f5fa8', '#c0392b', '#2e7d32', '#8e44ad', '#d35400', '#00838f'];
const MARGIN = { right: 12, top: 26, bottom: 44 };
/** Approximate width of one tick-label character at font size 12, px (Helvetica digits). */
const CHAR_WIDTH = 6.8;
/** A log axis spans at most this many decades below its maximum unless measured points go lower. */
const MAX_LOG_DECADES = 4;

/** Shortest tick label: 0.001 -> "0.001", 1e-7 -> "1e-7", 250 -> "250". */
export function tickLabel(value: number): string {
  return String(Number(value.toPrecision(6))).replace('e+', 'e');
}

/** An XML id made of safe characters only. */
function safeId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}

function yAxis(spec: PlotSpec, log: boolean): AxisTicks {
  const values = spec.series.flatMap((s) => s.points.map((p) => p.y)).filter(Number.isFinite);
  if (!log) {
    const max = spec.yMax ?? (values.length > 0 ? Math.max(...values) : 1);
    const min = spec.yMin ?? (values.length > 0 ? Math.min(0, ...values) : 0);
    return linearTicks(min, max > min ? max : min + 1);
  }
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return logTicks(0.1, 1);
  const max = Math.max(...positive);
  const measured = spec.series
    .filter((s) => s.kind === 'points')
    .flatMap((s) => s.points.map((p) => p.y))
    .filter((v) => v > 0 && Number.isFinite(v));
  const floor = Math.min(max / 10 ** MAX_LOG_DECADES, ...measured);
  return logTicks(Math.max(Math.min(...positive), floor), max);
}

function xAxis(spec: PlotSpec): AxisTicks {
  const xs = spec.series.flatMap((s) => s.points.map((p) => p.x)).filter(Number.isFinite);
  const min = spec.xMin ?? (xs.length > 0 ? Math.min(0, ...xs) : 0);
  const max = spec.xMax ?? (xs.length > 0 ? Math.max(...xs) : 1);
  return linearTicks(min, max, 6);
}

/** The plot as a standalone SVG string (viewBox in px; scale it with CSS). */
export function renderPlotSvg(spec: PlotSpec): string {
  const width = spec.width ?? 420;
  const height = spec.height ?? 270;
  const log = spec.yScale === 'log';
  const id = safeId(spec.id);
  const xa = xAxis(spec);
  const ya = yAxis(spec, log);
  // Left margin: room for the longest y tick label, then the rotated axis label.
  const labelChars = Math.max(...ya.ticks.map((tick) => tickLabel(tick).length));
  const x0 = Math.round(34 + labelChars * CHAR_WIDTH);
  const x1 = width - MARGIN.right;
  const y0 = height - MARGIN.bottom;
  const y1 = MARGIN.top;
  const sx = (x: number): number => x0 + ((x - xa.lo) / (xa.hi - xa.lo)) * (x1 - x0);
  const fy = (y: number): number =>
    log
      ? (Math.log10(y) - Math.log10(ya.lo)) / (Math.log10(ya.hi) - Math.log10(ya.lo))
      : (y - ya.lo) / (ya.hi - ya.lo);
  // Clamp far-off values so coordinates stay short; the clip path hides what lies outside.
  const sy = (y: number): number => y0 - Math.max(-0.5, Math.min(1.5, fy(y))) * (y0 - y1);
  const visible = (p: PlotPoint): boolean =>
    Number.isFinite(p.x) && Number.isFinite(p.y) && (!log || p.y > 0);

  const out: string[] = [];
  const title = spec.title ?? `${spec.yLabel} vs ${spec.xLabel}`;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="plot" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
  );
  out.push(
    `<defs><clipPath id="${id}-clip"><rect x="${x0}" y="${y1}" width="${px(x1 - x0)}" height="${px(y0 - y1)}"/></clipPath></defs>`,
  );
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  if (spec.title !== undefined) {
    out.push(
      `<text x="${x0}" y="16" font-size="13" font-weight="bold" fill="#222">${escapeHtml(spec.title)}</text>`,
    );
  }
  // Grid and tick labels.
  for (const tick of xa.ticks) {
    const x = px(sx(tick));
    out.push(`<line x1="${x}" y1="${y1}" x2="${x}" y2="${y0}" stroke="#e4e4e4"/>`);
    out.push(`<line x1="${x}" y1="${y0}" x2="${x}" y2="${y0 + 4}" stroke="#444"/>`);
    out.push(
      `<text x="${x}" y="${y0 + 15}" text-anchor="middle" fill="#333">${escapeHtml(tickLabel(tick))}</text>`,
    );
  }
  for (const tick of ya.ticks) {
    const y = px(sy(tick));
    const major = !log || Math.abs(Math.log10(tick) - Math.round(Math.log10(tick))) < 1e-9;
    out.push(
      `<line x1="${x0}" y1="${y}" x2="${x1}" y2="${y}" stroke="${major ? '#e4e4e4' : '#f2f2f2'}"/>`,
    );
    out.push(`<line x1="${x0 - 4}" y1="${y}" x2="${x0}" y2="${y}" stroke="#444"/>`);
    out.push(
      `<text x="${x0 - 6}" y="${px(sy(tick) + 3.5)}" text-anchor="end" fill="#333">${escapeHtml(tickLabel(tick))}</text>`,
    );
  }
  out.push(
    `<rect x="${x0}" y="${y1}" width="${px(x1 - x0)}" height="${px(y0 - y1)}" fill="none" stroke="#444"/>`,
  );
  // Axis labels.
  out.push(
    `<text x="${px((x0 + x1) / 2)}" y="${height - 8}" text-anchor="middle" fill="#222">${escapeHtml(spec.xLabel)}</text>`,
  );
  const yMid = px((y0 + y1) / 2);
  out.push(
    `<text x="16" y="${yMid}" text-anchor="middle" fill="#222" transform="rotate(-90 16 ${yMid})">${escapeHtml(spec.yLabel)}</text>`,
  );
  // Marker lines.
  for (const marker of spec.markers ?? []) {
    if (!(marker.x >= xa.lo && marker.x <= xa.hi)) continue;
    const x = px(sx(marker.x));
    out.push(
      `<line x1="${x}" y1="${y1}" x2="${x}" y2="${y0}" stroke="#777" stroke-dasharray="4 3"/>`,
    );
    out.push(
      `<text x="${px(sx(marker.x) + 3)}" y="${y1 + 11}" fill="#555" font-size="11">${escapeHtml(marker.label)}</text>`,
    );
  }
  // Series: curves first, then markers on top.
  const ordered = spec.series.map((series, index) => ({
    series,
    color: series.color ?? PALETTE[index % PALETTE.length] ?? '#000',
  }));
  for (const { series, color } of ordered.filter((o) => o.series.kind === 'line')) {
    const coords = series.points.filter(visible).map((p) => `${px(sx(p.x))},${px(sy(p.y))}`);
    const dash = series.dashed === true ? ' stroke-dasharray="6 4"' : '';
    out.push(
      `<polyline fill="none" stroke="${color}" stroke-width="1.6"${dash} clip-path="url(#${id}-clip)" points="${coords.join(' ')}"/>`,
    );
  }
  for (const { series, color } of ordered.filter((o) => o.series.kind === 'points')) {
    for (const p of series.points.filter(visible)) {
      out.push(
        `<circle cx="${px(sx(p.x))}" cy="${px(sy(p.y))}" r="3.5" fill="${color}" stroke="#fff" stroke-width="0.8"/>`,
      );
    }
  }
  const occupied = spec.series.flatMap((series) =>
    series.points.filter(visible).map((p) => ({ x: sx(p.x), y: sy(p.y) })),
  );
  out.push(renderLegend(ordered, { left: x0, right: x1, top: y1, bottom: y0 }, occupied));
  out.push('</svg>');
  return out.join('');
}
