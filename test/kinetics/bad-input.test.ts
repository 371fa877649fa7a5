// Every kind of bad input is an InputError naming the field under `where` and saying what was
// expected.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import {
  fitKinetics,
  type KineticsOptions,
  type TimeActivityPoint,
} from '../../src/kinetics/index.ts';
import { I131 } from '../../src/physics/nuclides.ts';

const base: KineticsOptions = {
  physicalDecayConstantPerH: I131.decayConstantPerH,
  where: 'measurements.lesions[L1]',
};
const good: TimeActivityPoint[] = [
  { timeH: 24, value: 0.01 },
  { timeH: 48, value: 0.008 },
  { timeH: 96, value: 0.005 },
];

function failure(points: TimeActivityPoint[], options: Partial<KineticsOptions> = {}): InputError {
  try {
    fitKinetics(points, { ...base, ...options });
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('bad input to fitKinetics', () => {
  it('one point', () => {
    const e = failure([{ timeH: 24, value: 0.01 }]);
    expect(e.field).toBe('measurements.lesions[L1].points');
    expect(e.message).toContain('too few points for any model: got 1, need at least 2');
  });
  it('negative time', () => {
    const e = failure([{ timeH: -2, value: 0.01 }, ...good]);
    expect(e.field).toBe('measurements.lesions[L1].points[0].timeH');
    expect(e.message).toContain('expected a time >= 0 h after administration, got -2');
  });
  it('non-finite time', () => {
    const e = failure([...good, { timeH: Number.NaN, value: 0.01 }]);
    expect(e.field).toBe('measurements.lesions[L1].points[3].timeH');
    expect(e.message).toContain('expected a finite time in hours, got NaN');
  });
  it('non-finite value', () => {
    const e = failure([...good, { timeH: 120, value: Number.POSITIVE_INFINITY }]);
    expect(e.field).toBe('measurements.lesions[L1].points[3].value');
    expect(e.message).toContain('expected a finite value, got Infinity');
  });
  it('negative value', () => {
    const e = failure([...good, { timeH: 120, value: -0.001 }]);
    expect(e.field).toBe('measurements.lesions[L1].points[3].value');
    expect(e.message).toContain('expected a value >= 0, got -0.001');
  });
  it('duplicate times', () => {
    const e = failure([...good, { timeH: 48, value: 0.007 }]);
    expect(e.field).toBe('measurements.lesions[L1].points[3].timeH');
    expect(e.message).toContain('duplicate time 48 h (also at points[1])');
  });
  it('times less than a minute apart (a fuzzed 0.12 s gave a meaningless exact fit)', () => {
    const e = failure([...good, { timeH: 48 + 0.123456789 / 3600, value: 0.002 }]);
    expect(e.field).toBe('measurements.lesions[L1].points[3].timeH');
    expect(e.message).toContain(
      'duplicate time 48 h: 0.123 s from points[1], less than a minute apart',
    );
  });
  it('all values zero', () => {
    const e = failure(good.map((p) => ({ ...p, value: 0 })));
    expect(e.message).toContain('all values are zero: nothing to fit');
  });
  it('non-positive sigma', () => {
    const e = failure([{ ...good[0]!, sigma: 0 }, ...good.slice(1)]);
    expect(e.field).toBe('measurements.lesions[L1].points[0].sigma');
    expect(e.message).toContain('expected a positive finite sigma, got 0');
  });
  it("weighting 'sigma' with a missing sigma", () => {
    const e = failure(good, { weighting: 'sigma' });
    expect(e.message).toContain(
      "weighting 'sigma' needs a sigma on every point; points[0] has none",
    );
  });
  it('a requested model the points cannot support', () => {
    const e = failure(good, { models: ['bi'] });
    expect(e.field).toBe('measurements.lesions[L1].options.models');
    expect(e.message).toContain("model 'bi' needs at least 4 points, got 3");
  });
  it('a normalised model counts the points after the first', () => {
    const e = failure(good, { models: ['bi'], normalisedAtFirstPoint: true });
    expect(e.message).toContain(
      "model 'bi' needs at least 3 points after the first (normalising) point, got 2",
    );
  });
  it('mono-uptake has no normalised form', () => {
    const e = failure(good, { models: ['mono-uptake'], normalisedAtFirstPoint: true });
    expect(e.message).toContain("model 'mono-uptake' has no normalised form");
  });
  it('unknown model and option values', () => {
    expect(failure(good, { models: ['quad' as 'mono'] }).message).toContain('unknown model "quad"');
    const e = failure(good, { tailRule: 'never' as 'seed' });
    expect(e.field).toBe('measurements.lesions[L1].options.tailRule');
    expect(e.message).toContain("expected one of 'seed', 'fit', 'physical', got \"never\"");
  });
  it('a missing physical decay constant', () => {
    const e = failure(good, { physicalDecayConstantPerH: 0 });
    expect(e.field).toBe('measurements.lesions[L1].options.physicalDecayConstantPerH');
    expect(e.message).toContain('expected a positive decay constant per hour, got 0');
  });
  it('an exact mono-exponential through a zero value', () => {
    const e = failure([
      { timeH: 24, value: 0.01 },
      { timeH: 48, value: 0 },
    ]);
    expect(e.message).toContain('a mono-exponential through 2 points needs positive values');
  });
  it('without `where` the field starts at "kinetics"', () => {
    try {
      fitKinetics([{ timeH: 1, value: 1 }], { physicalDecayConstantPerH: 0.0036 });
    } catch (error) {
      expect((error as InputError).message).toMatch(/^kinetics\.points: too few points/);
    }
  });
});
