/**
 * Per-timepoint distribution plot of the cohort report (seed Fig. 2): for each timepoint a box
 * from q1 to q3 with the median, whiskers to min and max (numpy 'linear' quartiles), every value
 * as a point coloured by group, and a thin line joining the values of the same lesion or patient
 * across timepoints. Linear or log y axis. Pure: the same spec gives the same SVG string.
 */
import { escapeHtml } from '../format.ts';
import { linearTicks, logTicks, type AxisTicks } from '../svg/plot-ticks.ts';
import { px } from '../svg/svg-legend.ts';
import { tickLabel } from '../svg/svg-plot.ts';

/** Quartiles of one timepoint (null when no values). */
export interface BoxStats {
  median: number | null;
  q1: number | null;
  q3: number | null;
  min: number | null;
  max: number | null;
}

/** One lesion or patient: its value per timepoint and its group (colour). */
export interface BoxPlotBlock {
  key: string;
  group: string;
  values: Readonly<Record<string, number>>;
}

/** Everything the box plot shows; `id` unique in the page. */
export interface BoxPlotSpec {
  id: string;
  title: string;
  yLabel: string;
  timepoints: readonly string[];
  boxes: Readonly<Record<string, BoxStats>>;
  blocks: readonly BoxPlotBlock[];
  yScale?: 'linear' | 'log';
  width?: number;
  height?: number;
}

/** Group colours, in order of first appearance. */
export const GROUP_PALETTE = ['#1f5fa8', '#c0392b', '#2e7d32', '#8e44ad', '#d35400', '#00838f'];
const MARGIN = { right: 12, top: 40, bottom: 40 };

/** The groups of the blocks in order of first appearance, each with its colour. */
export function groupColours(blocks: readonly BoxPlotBlock[]): Map<string, string> {
  const groups = [...new Set(blocks.map((block) => block.group))];
  return new Map(groups.map((g, i) => [g, GROUP_PALETTE[i % GROUP_PALETTE.length] ?? '#000']));
}

function yAxis(spec: BoxPlotSpec): AxisTicks {
  const values = spec.blocks.flatMap((b) => Object.values(b.values)).filter(Number.isFinite);
  if (spec.yScale === 'log') {
    const positive = values.filter((v) => v > 0);
    return positive.length === 0
      ? logTicks(0.1, 1)
      : logTicks(Math.min(...positive), Math.max(...positive));
  }
  const max = values.length > 0 ? Math.max(...values) : 1;
  return linearTicks(Math.min(0, ...values), max > 0 ? max : 1);
}

/** The plot as a standalone SVG string (viewBox in px; scale it with CSS). */
export function renderBoxPlotSvg(spec: BoxPlotSpec): string {
  const width = spec.width ?? 420;
  const height = spec.height ?? 290;
  const log = spec.yScale === 'log';
  const ya = yAxis(spec);
  const labelChars = Math.max(...ya.ticks.map((tick) => tickLabel(tick).length));
  const x0 = Math.round(34 + labelChars * 6.8);
  const x1 = width - MARGIN.right;
  const y0 = height - MARGIN.bottom;
  const y1 = MARGIN.top;
  const slot = (x1 - x0) / Math.max(1, spec.timepoints.length);
  const sx = (index: number): number => x0 + slot * (index + 0.5);
  const fy = (y: number): number =>
    log
      ? (Math.log10(y) - Math.log10(ya.lo)) / (Math.log10(ya.hi) - Math.log10(ya.lo))
      : (y - ya.lo) / (ya.hi - ya.lo);
  const sy = (y: number): number => y0 - Math.max(-0.05, Math.min(1.05, fy(y))) * (y0 - y1);
  const shown = (y: number | null | undefined): y is number =>
    y !== null && y !== undefined && Number.isFinite(y) && (!log || y > 0);
  const colours = groupColours(spec.blocks);

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="plot" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(spec.title)}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${x0}" y="16" font-size="13" font-weight="bold" fill="#222">${escapeHtml(spec.title)}</text>`,
  ];
  for (const tick of ya.ticks) {
    const y = px(sy(tick));
    const major = !log || Math.abs(Math.log10(tick) - Math.round(Math.log10(tick))) < 1e-9;
    out.push(
      `<line x1="${x0}" y1="${y}" x2="${x1}" y2="${y}" stroke="${major ? '#e4e4e4' : '#f2f2f2'}"/>`,
    );
    out.push(
      `<text x="${x0 - 6}" y="${px(sy(tick) + 3.5)}" text-anchor="end" fill="#333">${escapeHtml(tickLabel(tick))}</text>`,
    );
  }
  out.push(
    `<rect x="${x0}" y="${y1}" width="${px(x1 - x0)}" height="${px(y0 - y1)}" fill="none" stroke="#444"/>`,
  );
  spec.timepoints.forEach((timepoint, i) => {
    const n = spec.blocks.filter((b) => shown(b.values[timepoint])).length;
    out.push(
      `<text x="${px(sx(i))}" y="${y0 + 15}" text-anchor="middle" fill="#222">${escapeHtml(timepoint)}</text>`,
      `<text x="${px(sx(i))}" y="${y0 + 28}" text-anchor="middle" fill="#666" font-size="10">n = ${n}</text>`,
    );
  });
  const yMid = px((y0 + y1) / 2);
  out.push(
    `<text x="14" y="${yMid}" text-anchor="middle" fill="#222" transform="rotate(-90 14 ${yMid})">${escapeHtml(spec.yLabel)}</text>`,
  );
  // Boxes behind the data.
  const half = Math.min(28, slot * 0.3);
  spec.timepoints.forEach((timepoint, i) => {
    const box = spec.boxes[timepoint];
    if (box === undefined || !shown(box.q1) || !shown(box.q3) || !shown(box.median)) return;
    const cx = sx(i);
    if (shown(box.min) && shown(box.max)) {
      out.push(
        `<line x1="${px(cx)}" y1="${px(sy(box.min))}" x2="${px(cx)}" y2="${px(sy(box.max))}" stroke="#555"/>`,
        `<line x1="${px(cx - half / 2)}" y1="${px(sy(box.min))}" x2="${px(cx + half / 2)}" y2="${px(sy(box.min))}" stroke="#555"/>`,
        `<line x1="${px(cx - half / 2)}" y1="${px(sy(box.max))}" x2="${px(cx + half / 2)}" y2="${px(sy(box.max))}" stroke="#555"/>`,
      );
    }
    const top = sy(box.q3);
    out.push(
      `<rect x="${px(cx - half)}" y="${px(top)}" width="${px(2 * half)}" height="${px(Math.max(1, sy(box.q1) - top))}" fill="#dfe7f1" fill-opacity="0.85" stroke="#444"/>`,
      `<line x1="${px(cx - half)}" y1="${px(sy(box.median))}" x2="${px(cx + half)}" y2="${px(sy(box.median))}" stroke="#111" stroke-width="2.2"/>`,
    );
  });
  // Paired lines, then points on top.
  for (const block of spec.blocks) {
    const colour = colours.get(block.group) ?? '#000';
    const coords = spec.timepoints.flatMap((t, i) => {
      const v = block.values[t];
      return shown(v) ? [`${px(sx(i))},${px(sy(v))}`] : [];
    });
    if (coords.length >= 2) {
      out.push(
        `<polyline fill="none" stroke="${colour}" stroke-opacity="0.45" stroke-width="1" points="${coords.join(' ')}"/>`,
      );
    }
  }
  for (const block of spec.blocks) {
    const colour = colours.get(block.group) ?? '#000';
    spec.timepoints.forEach((t, i) => {
      const v = block.values[t];
      if (!shown(v)) return;
      out.push(
        `<circle cx="${px(sx(i))}" cy="${px(sy(v))}" r="3.2" fill="${colour}" stroke="#fff" stroke-width="0.8"><title>${escapeHtml(`${block.key} ${t}: ${tickLabel(v)}`)}</title></circle>`,
      );
    });
  }
  out.push(legend([...colours], x1));
  out.push('</svg>');
  return out.join('');
}

/** Group legend under the title, right-aligned (outside the data area). */
function legend(entries: [string, string][], right: number): string {
  if (entries.length <= 1 && entries[0]?.[0] === '') return '';
  const parts: string[] = [];
  let x = right;
  for (const [group, colour] of [...entries].reverse()) {
    const label = group === '' ? 'all' : group;
    x -= 18 + label.length * 6.2;
    parts.push(
      `<circle cx="${px(x + 5)}" cy="27" r="3.5" fill="${colour}"/>`,
      `<text x="${px(x + 12)}" y="31" fill="#222" font-size="11">${escapeHtml(label)}</text>`,
    );
  }
  return parts.join('');
}
