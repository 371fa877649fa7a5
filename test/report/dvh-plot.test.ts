// The DVH plot: the SVG is read back by an independent XML parser (Python's ElementTree), and
// the curve's points and the threshold line are compared with pixel coordinates computed here
// from the plot frame and the axis range (nice ticks worked out by hand below).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { dvhPlotSvg, type DvhCurve } from '../../src/report/svg/dvh-plot.ts';
import { hasPython, PYTHON, warnMissing } from '../helpers/external-tools.ts';
import { xmlProblems } from './xml-check.ts';

/** Frame, polylines and dashed lines of an SVG, as ElementTree parses them. */
interface Parsed {
  frame: { x: number; y: number; width: number; height: number };
  polylines: { stroke: string; points: [number, number][] }[];
  dashed: { x1: number; y1: number; x2: number; y2: number }[];
  ariaLabel: string;
  texts: string[];
}

const READ_SVG = `
import json, sys, xml.etree.ElementTree as ET
ns = {"s": "http://www.w3.org/2000/svg"}
root = ET.fromstring(sys.stdin.read())
frame = [r.attrib for r in root.iter("{http://www.w3.org/2000/svg}rect")
         if r.get("fill") == "none" and r.get("stroke") == "#444"][0]
print(json.dumps({
  "frame": {k: float(frame[k]) for k in ("x", "y", "width", "height")},
  "polylines": [{"stroke": p.get("stroke"), "points": [[float(v) for v in xy.split(",")]
                 for xy in p.get("points").split()]}
                for p in root.iter("{http://www.w3.org/2000/svg}polyline")],
  "dashed": [{k: float(l.get(k)) for k in ("x1", "y1", "x2", "y2")}
             for l in root.iter("{http://www.w3.org/2000/svg}line")
             if l.get("stroke-dasharray") == "4 3"],
  "ariaLabel": root.get("aria-label"),
  "texts": ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")],
}))
`;

function parse(svg: string): Parsed {
  const run = spawnSync(PYTHON, ['-c', READ_SVG], { input: svg, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ElementTree could not parse the SVG: ${run.stderr}`);
  return JSON.parse(run.stdout) as Parsed;
}

// A known DVH: 100% get >= 10 Gy ... nobody gets more than 37 Gy.
const CURVE: DvhCurve = {
  label: 'L1 <liver> & co',
  doseGy: [10, 20, 30, 37],
  volumeFraction: [1, 0.5, 0.1, 0],
};
const OPTIONS = { title: 'DVH "L1"', activityGBq: 7.4, thresholdGy: 20 };

describe('dvhPlotSvg', () => {
  const svg = dvhPlotSvg([CURVE], OPTIONS);

  it('is well-formed XML, with every text escaped', () => {
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('L1 &lt;liver&gt; &amp; co');
    expect(svg).not.toContain('<liver>');
  });

  it('maps the curve to pixels: x 0-40 Gy, y 0-100% over the plot frame', () => {
    if (!hasPython()) {
      warnMissing('python3', 'DVH plot parsed by ElementTree');
      return;
    }
    const parsed = parse(svg);
    expect(parsed.ariaLabel).toBe('DVH "L1"');
    expect(parsed.texts).toContain('L1 <liver> & co');
    expect(parsed.texts).toContain('dose at 7.4 GBq (Gy)');
    // x: up to 37 Gy in about 6 steps: 37 / 6 = 6.2 rounds to the nice step 5, so 0 to 40 Gy.
    // y: fixed 0-100%.
    const { x, y, width, height } = parsed.frame;
    const px = (dose: number) => x + (dose / 40) * width;
    const py = (percent: number) => y + height - (percent / 100) * height;
    // The curve starts at 100% from 0 Gy (every voxel gets at least 0 Gy), then the points.
    const expected = [
      [0, 100],
      [10, 100],
      [20, 50],
      [30, 10],
      [37, 0],
    ].map(([d, v]) => [px(d ?? 0), py(v ?? 0)]);
    expect(parsed.polylines).toHaveLength(1);
    const points = parsed.polylines[0]?.points ?? [];
    expect(points).toHaveLength(expected.length);
    // Coordinates are written to 0.1 px.
    points.forEach(([u, v], n) => {
      expect(Math.abs(u - (expected[n]?.[0] ?? NaN))).toBeLessThanOrEqual(0.051);
      expect(Math.abs(v - (expected[n]?.[1] ?? NaN))).toBeLessThanOrEqual(0.051);
    });
    // The threshold: a dashed vertical line at 20 Gy, half-way across, frame top to bottom.
    expect(parsed.dashed).toHaveLength(1);
    const line = parsed.dashed[0];
    expect(Math.abs((line?.x1 ?? 0) - px(20))).toBeLessThanOrEqual(0.051);
    expect(line?.x2).toBe(line?.x1);
    expect([line?.y1, line?.y2]).toEqual([y, y + height]);
    expect(parsed.texts).toContain('20 Gy');
  });

  it('draws several lesions in different colours, one legend row each', () => {
    const two = dvhPlotSvg(
      [CURVE, { label: 'L2', doseGy: [0, 5, 60], volumeFraction: [1, 0.4, 0] }],
      { ...OPTIONS, id: 'both' },
    );
    expect(xmlProblems(two)).toEqual([]);
    const strokes = [...two.matchAll(/<polyline[^>]*stroke="([^"]+)"/g)].map((m) => m[1]);
    expect(strokes).toHaveLength(2);
    expect(strokes[0]).not.toBe(strokes[1]);
    // The x axis now runs to 60 Gy: 60 / 6 = 10 is a nice step.
    expect(two).toContain('>60</text>');
    expect(two).toContain('>L2</text>');
  });

  it('widens the x axis to show a threshold above every dose', () => {
    const low = dvhPlotSvg([{ label: 'cold', doseGy: [0, 8], volumeFraction: [1, 0] }], OPTIONS);
    expect(low).toContain('>20</text>');
    expect(low).toContain('stroke-dasharray="4 3"');
  });

  it('refuses empty, unequal, non-monotone and out-of-range curves (InputError)', () => {
    const bad = (curve: Partial<DvhCurve>) => () => dvhPlotSvg([{ ...CURVE, ...curve }], OPTIONS);
    expect(() => dvhPlotSvg([], OPTIONS)).toThrow(InputError);
    expect(bad({ doseGy: [], volumeFraction: [] })).toThrow(/at least 2 points/);
    expect(bad({ doseGy: [0, 1] })).toThrow(/2 doses but 4 volume fractions/);
    expect(bad({ doseGy: [10, 30, 20, 37] })).toThrow(/non-decreasing/);
    expect(bad({ volumeFraction: [1, 0.5, 0.6, 0] })).toThrow(/non-increasing/);
    expect(bad({ volumeFraction: [1.2, 0.5, 0.1, 0] })).toThrow(/from 0 to 1/);
    expect(bad({ doseGy: [Number.NaN, 20, 30, 37] })).toThrow(/dose >= 0/);
    expect(() => dvhPlotSvg([CURVE], { ...OPTIONS, activityGBq: 0 })).toThrow(InputError);
  });
});
