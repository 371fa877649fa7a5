/**
 * Axis ticks for the SVG plotter: "nice" linear steps (1, 2, 5 x 10^k) and logarithmic decades
 * (with 2 and 5 in between when the axis spans few decades). Pure, deterministic.
 */

/** A numeric axis range with its ticks; for a log axis, lo/hi are the values (not logs). */
export interface AxisTicks {
  lo: number;
  hi: number;
  ticks: number[];
}

/** Step of about `span / target` rounded to 1, 2 or 5 x 10^k (geometric-mean cut-offs, as d3). */
function niceStep(span: number, target: number): number {
  const raw = span / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice =
    fraction < Math.SQRT2 ? 1 : fraction < Math.sqrt(10) ? 2 : fraction < Math.sqrt(50) ? 5 : 10;
  return nice * power;
}

/** Removes floating-point noise from a tick (0.30000000000000004 -> 0.3). */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

/** Linear ticks covering [min, max] with rounded ends, about `target` intervals. */
export function linearTicks(min: number, max: number, target = 5): AxisTicks {
  let lo = Number.isFinite(min) ? min : 0;
  let hi = Number.isFinite(max) ? max : 1;
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.5;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep(hi - lo, target);
  const start = Math.floor(lo / step + 1e-9) * step;
  const end = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; start + i * step <= end + step * 1e-9; i++) ticks.push(clean(start + i * step));
  return { lo: clean(start), hi: clean(end), ticks };
}

/** Log ticks covering [min, max] (both > 0): decades, plus 2 and 5 when it spans <= 2 decades. */
export function logTicks(min: number, max: number): AxisTicks {
  let lo = min > 0 && Number.isFinite(min) ? min : 1e-3;
  let hi = max > 0 && Number.isFinite(max) ? max : lo * 10;
  if (hi < lo) [lo, hi] = [hi, lo];
  const first = Math.floor(Math.log10(lo) + 1e-9);
  let last = Math.ceil(Math.log10(hi) - 1e-9);
  if (last === first) last += 1;
  const mantissas = last - first <= 2 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let power = first; power <= last; power++) {
    for (const m of mantissas) {
      const tick = clean(m * 10 ** power);
      if (tick <= clean(10 ** last)) ticks.push(tick);
    }
  }
  return { lo: clean(10 ** first), hi: clean(10 ** last), ticks };
}
