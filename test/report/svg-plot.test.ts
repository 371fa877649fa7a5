import { describe, expect, it } from 'vitest';
import { linearTicks, logTicks } from '../../src/report/svg/plot-ticks.ts';
import { renderPlotSvg, tickLabel, type PlotSpec } from '../../src/report/svg/svg-plot.ts';
import { xmlProblems } from './xml-check.ts';

const decay = (a: number, halfLifeH: number) =>
  Array.from({ length: 31 }, (_, i) => ({ x: i * 5, y: a * 2 ** (-(i * 5) / halfLifeH) }));

const spec: PlotSpec = {
  id: 'test plot',
  title: 'Lesion <L1> & "friends"',
  xLabel: 'time (h)',
  yLabel: 'uptake (%)',
  yScale: 'log',
  series: [
    { kind: 'line', label: 'fit A', points: decay(0.2, 40) },
    { kind: 'line', label: 'fit B', points: decay(0.05, 20), dashed: true },
    {
      kind: 'points',
      label: 'measured',
      points: [
        { x: 24, y: 0.13 },
        { x: 96, y: 0.04 },
      ],
    },
  ],
  markers: [
    { x: 24, label: '24 h' },
    { x: 48, label: '48 h' },
  ],
};

describe('SVG plotter', () => {
  it('writes well-formed SVG with one polyline per fitted curve and one circle per point', () => {
    const svg = renderPlotSvg(spec);
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    // 2 measured points + 1 legend marker
    expect(svg.match(/<circle/g)).toHaveLength(3);
    expect(svg).toContain('24 h');
    expect(svg).toContain('48 h');
  });

  it('escapes every text and makes a safe clip-path id', () => {
    const svg = renderPlotSvg(spec);
    expect(svg).toContain('Lesion &lt;L1&gt; &amp; &quot;friends&quot;');
    expect(svg).not.toContain('<L1>');
    expect(svg).toContain('id="test_plot-clip"');
  });

  it('is deterministic', () => {
    expect(renderPlotSvg(spec)).toBe(renderPlotSvg(structuredClone(spec)));
  });

  it('drops non-positive values on a log axis but keeps them on a linear one', () => {
    const withZero: PlotSpec = {
      ...spec,
      series: [
        {
          kind: 'points',
          label: 'p',
          points: [
            { x: 0, y: 0 },
            { x: 10, y: 1 },
          ],
        },
      ],
    };
    expect(renderPlotSvg(withZero).match(/<circle/g)).toHaveLength(2); // 1 point + legend
    const linear = renderPlotSvg({ ...withZero, yScale: 'linear' });
    expect(linear.match(/<circle/g)).toHaveLength(3);
    expect(xmlProblems(linear)).toEqual([]);
  });

  it('renders an empty plot without failing', () => {
    const svg = renderPlotSvg({ id: 'e', xLabel: 'x', yLabel: 'y', series: [] });
    expect(xmlProblems(svg)).toEqual([]);
  });
});

describe('axis ticks', () => {
  it('uses 1-2-5 steps with rounded ends on a linear axis', () => {
    expect(linearTicks(0, 144)).toEqual({
      lo: 0,
      hi: 160,
      ticks: [0, 20, 40, 60, 80, 100, 120, 140, 160],
    });
    expect(linearTicks(0, 500).ticks).toEqual([0, 100, 200, 300, 400, 500]);
    expect(linearTicks(0, 0.37).ticks).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
  });

  it('uses decades (with 2 and 5 over few decades) on a log axis', () => {
    expect(logTicks(0.045, 0.19)).toEqual({
      lo: 0.01,
      hi: 1,
      ticks: [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1],
    });
    expect(logTicks(3e-6, 0.006).ticks).toEqual([1e-6, 1e-5, 1e-4, 0.001, 0.01]);
  });

  it('labels ticks in their shortest form', () => {
    expect(tickLabel(0.001)).toBe('0.001');
    expect(tickLabel(1e-7)).toBe('1e-7');
    expect(tickLabel(0.30000000000000004)).toBe('0.3');
  });
});
