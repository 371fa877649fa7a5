/**
 * Legend of the SVG plotter: one row per series (a line sample or a marker, then the label),
 * placed in the corner of the plot area that covers the fewest data points.
 */
import { escapeHtml } from '../format.ts';
import type { PlotSeries } from './svg-types.ts';

/** Pixel coordinate text with one decimal and no trailing ".0" (deterministic). */
export function px(value: number): string {
  const text = value.toFixed(1);
  return text.endsWith('.0') ? text.slice(0, -2) : text;
}

/** The plot area in pixels. */
export interface PlotArea {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const ROW_HEIGHT = 16;
const INSET = 6;
/** Room at the top for marker-line labels ("24 h"). */
const MARKER_LABEL_ROOM = 14;

/** Legend (SVG fragment) in the emptiest corner: top-right first, then top-left, bottom-right, bottom-left. */
export function renderLegend(
  entries: { series: PlotSeries; color: string }[],
  area: PlotArea,
  occupied: { x: number; y: number }[],
): string {
  if (entries.length === 0) return '';
  const longest = Math.max(...entries.map((e) => e.series.label.length));
  const width = 36 + longest * 6.2;
  const height = entries.length * ROW_HEIGHT + 6;
  const lefts = [area.right - width - INSET, area.left + INSET];
  const tops = [area.top + MARKER_LABEL_ROOM + 4, area.bottom - height - INSET];
  const corners = [
    { left: lefts[0] ?? 0, top: tops[0] ?? 0 },
    { left: lefts[1] ?? 0, top: tops[0] ?? 0 },
    { left: lefts[0] ?? 0, top: tops[1] ?? 0 },
    { left: lefts[1] ?? 0, top: tops[1] ?? 0 },
  ];
  const covered = (c: { left: number; top: number }): number =>
    occupied.filter(
      (p) =>
        p.x >= c.left - 4 &&
        p.x <= c.left + width + 4 &&
        p.y >= c.top - 4 &&
        p.y <= c.top + height + 4,
    ).length;
  // Stable choice: the first corner with the fewest covered points.
  const best = corners.reduce((a, b) => (covered(b) < covered(a) ? b : a));
  const { left, top } = best;
  const parts = [
    `<rect x="${px(left)}" y="${px(top)}" width="${px(width)}" height="${height}" fill="#ffffff" fill-opacity="0.9" stroke="#bbb"/>`,
  ];
  entries.forEach(({ series, color }, index) => {
    const y = top + 15 + index * ROW_HEIGHT;
    if (series.kind === 'line') {
      const dash = series.dashed === true ? ' stroke-dasharray="6 4"' : '';
      parts.push(
        `<line x1="${px(left + 6)}" y1="${px(y - 4)}" x2="${px(left + 26)}" y2="${px(y - 4)}" stroke="${color}" stroke-width="1.6"${dash}/>`,
      );
    } else {
      parts.push(`<circle cx="${px(left + 16)}" cy="${px(y - 4)}" r="3.5" fill="${color}"/>`);
    }
    parts.push(
      `<text x="${px(left + 31)}" y="${px(y)}" fill="#222" font-size="11">${escapeHtml(series.label)}</text>`,
    );
  });
  return parts.join('');
}
