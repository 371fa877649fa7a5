/**
 * Plot specifications of the report: per-lesion time-activity curves, blood per mL and
 * whole-body retention, each with its measured points and the fitted curve exactly as integrated
 * (uptake phase and tail included, via evaluateKinetics).
 */
import { evaluateKinetics, type KineticsResult } from '../../kinetics/index.ts';
import type { BloodResult, LesionResult, StudyResults } from '../../study/results.ts';
import type { MarkerLine, PlotPoint, PlotSpec } from '../svg/svg-plot.ts';

/** Samples per fitted curve. */
const CURVE_SAMPLES = 160;
/** Curves are drawn to this multiple of the last measured time (shows the tail). */
const TAIL_FACTOR = 1.5;

/** Times 0..tEnd, evenly spaced, plus the measured times (so kinks at the points are exact). */
function sampleTimes(endH: number, extra: number[]): number[] {
  const times = new Set<number>();
  for (let i = 0; i <= CURVE_SAMPLES; i++) times.add((endH * i) / CURVE_SAMPLES);
  for (const t of extra) if (t >= 0 && t <= endH) times.add(t);
  return [...times].sort((a, b) => a - b);
}

/** The fitted curve times `scale`, from 0 to 1.5 x the last point (the integrated curve). */
function fittedCurve(fit: KineticsResult, scale: number, endH: number): PlotPoint[] {
  const measured = fit.points.map((p) => p.timeH);
  return sampleTimes(endH, measured).map((t) => ({ x: t, y: scale * evaluateKinetics(fit, t) }));
}

function lastTime(points: { timeH: number }[]): number {
  return points.reduce((max, p) => Math.max(max, p.timeH), 0);
}

function markers(times: number[]): MarkerLine[] {
  return times.map((t) => ({ x: t, label: `${t} h` }));
}

/** Lesion: 131I-equivalent fraction of the administered activity (%) vs time, points and fit. */
export function lesionPlot(
  lesion: LesionResult,
  index: number,
  results: StudyResults,
  log: boolean,
): PlotSpec {
  const endH = TAIL_FACTOR * lastTime(lesion.points);
  const settings = results.provenance.settings;
  return {
    id: `lesion-${index}`,
    title: lesion.site === null ? `Lesion ${lesion.id}` : `Lesion ${lesion.id} (${lesion.site})`,
    xLabel: 'time after administration (h)',
    yLabel: 'uptake (% of administered, 131I-eq.)',
    yScale: log ? 'log' : 'linear',
    xMin: 0,
    xMax: endH,
    markers: markers([settings.uptakeTimeH]),
    series: [
      ...fitSeries(lesion.fit, endH),
      {
        kind: 'points',
        label: 'measured',
        points: lesion.points.map((p) => ({ x: p.timeH, y: 100 * p.fraction131 })),
        color: '#c0392b',
      },
    ],
  };
}

/** The fitted-curve line of a lesion plot (none when no fit was made). */
function fitSeries(fit: LesionResult['fit'], endH: number): PlotSpec['series'] {
  if (fit === null) return [];
  const tail = fit.tail === 'physical' ? ', physical tail' : '';
  return [
    {
      kind: 'line',
      label: `fit (${fit.model}${tail})`,
      points: fittedCurve(fit, 100, endH),
      color: '#1f5fa8',
    },
  ];
}

/** Blood: 131I-equivalent fraction of the administered activity per mL (%/mL) vs time. */
export function bloodPlot(blood: BloodResult, log: boolean): PlotSpec {
  const endH = TAIL_FACTOR * lastTime(blood.bloodPoints);
  return {
    id: 'blood',
    title: 'Blood',
    xLabel: 'time after administration (h)',
    yLabel: 'blood (% of administered per mL)',
    yScale: log ? 'log' : 'linear',
    xMin: 0,
    xMax: endH,
    markers: markers([24, 48].filter((t) => t <= endH)),
    series: [
      {
        kind: 'line',
        label: `fit (${blood.bloodFit.model})`,
        points: fittedCurve(blood.bloodFit, 100, endH),
        color: '#1f5fa8',
      },
      {
        kind: 'points',
        label: 'samples',
        points: blood.bloodPoints.map((p) => ({ x: p.timeH, y: 100 * p.fraction131PerMl })),
        color: '#c0392b',
      },
    ],
  };
}

/**
 * Whole body: 131I-equivalent retention (%) vs time. Before the first count all activity is
 * retained (131I decay only); after it R131(t0) x the fitted normalised curve (blood pipeline).
 */
export function wholeBodyPlot(blood: BloodResult, results: StudyResults, log: boolean): PlotSpec {
  const retentionTimeH = results.provenance.settings.retentionTimeH;
  const endH = Math.max(TAIL_FACTOR * lastTime(blood.wholeBodyPoints), retentionTimeH * 1.1);
  const lambda131 = Math.LN2 / results.provenance.halfLife131H;
  const firstH = blood.wholeBodyPoints[0]?.timeH ?? 0;
  const scale = 100 * blood.wholeBodyFirstCountDecay131;
  const curve = sampleTimes(endH, [firstH, ...blood.wholeBodyPoints.map((p) => p.timeH)]).map(
    (t) => ({
      x: t,
      y:
        t < firstH
          ? 100 * Math.exp(-lambda131 * t)
          : scale * evaluateKinetics(blood.wholeBodyFit, t),
    }),
  );
  return {
    id: 'whole-body',
    title: 'Whole body',
    xLabel: 'time after administration (h)',
    yLabel: 'whole-body retention (%, 131I-eq.)',
    yScale: log ? 'log' : 'linear',
    xMin: 0,
    xMax: endH,
    markers: markers([retentionTimeH]),
    series: [
      { kind: 'line', label: `fit (${blood.wholeBodyFit.model})`, points: curve, color: '#1f5fa8' },
      {
        kind: 'points',
        label: 'counts',
        points: blood.wholeBodyPoints.map((p) => ({ x: p.timeH, y: 100 * p.retention131 })),
        color: '#c0392b',
      },
      {
        kind: 'points',
        label: `R(${retentionTimeH} h)`,
        points: [{ x: retentionTimeH, y: blood.wbRetention48hPercent }],
        color: '#2e7d32',
      },
    ],
  };
}
