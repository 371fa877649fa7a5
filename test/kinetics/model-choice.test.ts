// Selection 'preferred' (issue 7, item 1): the first model of the list the points determine (at
// least p + 1 points, converged, physical, every parameter's relative sd <= 50%), else the next,
// with the reason. Curves are analytic; expected parameters are the generating ones.
import { describe, expect, it } from 'vitest';
import { fitKinetics } from '../../src/kinetics/index.ts';
import type { KineticsOptions } from '../../src/kinetics/index.ts';

const LAMBDA_131 = Math.LN2 / (8.0207 * 24);
const bi = (t: number) => 3e-5 * Math.exp(-0.12 * t) + 1e-5 * Math.exp(-0.015 * t);
const wb = (t: number) => 0.7 * Math.exp(-0.1 * (t - 2)) + 0.3 * Math.exp(-0.012 * (t - 2));
const options: KineticsOptions = {
  physicalDecayConstantPerH: LAMBDA_131,
  selection: 'preferred',
  models: ['bi', 'mono'],
};
const sample = (f: (t: number) => number, times: number[], noise: number[] = []) =>
  times.map((timeH, i) => ({ timeH, value: f(timeH) * (1 + (noise[i] ?? 0)) }));

describe('free bi-exponential: p = 4, so at least 5 points', () => {
  it('4 points: mono, with the count in the reason', () => {
    const r = fitKinetics(sample(bi, [2, 24, 48, 108]), options);
    expect(r.model).toBe('mono');
    expect(r.modelChoice.reason).toContain(
      'bi-exponential not determined: 4 points for the 4 parameters of a bi-exponential: it needs at least 5',
    );
  });

  it('5 noise-free points: the bi-exponential, with the generating parameters', () => {
    const r = fitKinetics(sample(bi, [2, 6, 24, 48, 108]), options);
    expect(r.modelChoice).toEqual({
      selection: 'preferred',
      requested: 'bi',
      used: 'bi',
      reason: null,
    });
    expect(r.params.lambda1PerH).toBeCloseTo(0.12, 6);
    expect(r.params.lambda2PerH).toBeCloseTo(0.015, 6);
    expect(r.warnings).toEqual([]);
  });
});

describe('normalised whole-body bi-exponential: p = 3 (a fraction, two decay constants)', () => {
  const wbOptions = { ...options, normalisedAtFirstPoint: true };
  it('4 counts (3 after the first): mono', () => {
    const r = fitKinetics(sample(wb, [2, 24, 48, 108]), wbOptions);
    expect(r.model).toBe('mono');
    expect(r.modelChoice.reason).toContain(
      '3 points after the first (normalising) one for the 3 parameters of a bi-exponential: it needs at least 4',
    );
  });

  it('5 counts (4 after the first): the bi-exponential', () => {
    const r = fitKinetics(sample(wb, [2, 6, 24, 48, 108]), wbOptions);
    expect(r.model).toBe('bi');
    expect(r.params.fraction1).toBeCloseTo(0.7, 6);
  });
});

describe('not determined despite enough points', () => {
  it('a mono-exponential curve with noise: the bi-exponential is passed over, with reasons', () => {
    const mono = (t: number) => 4e-5 * Math.exp(-0.03 * t);
    const noise = [0.02, -0.015, 0.01, -0.02, 0.015, -0.01];
    const r = fitKinetics(sample(mono, [2, 6, 24, 48, 72, 108], noise), options);
    expect(r.model).toBe('mono');
    expect(r.modelChoice.reason).toMatch(/^bi-exponential not determined: /);
    expect(r.warnings[0]).toMatch(/^mono-exponential used instead of the bi-exponential\. /);
  });

  it('a list of one model: used with a warning when the points do not determine it', () => {
    const r = fitKinetics(sample(bi, [2, 24, 48, 108]), { ...options, models: ['bi'] });
    expect(r.model).toBe('bi');
    expect(r.modelChoice.reason).toContain('4 points for the 4 parameters');
    expect(r.warnings[0]).toMatch(/^bi-exponential used although the points do not determine it/);
  });

  it('a model no point count supports is an input error naming the shortage', () => {
    expect(() =>
      fitKinetics(sample(bi, [2, 24, 108]), { ...options, models: ['bi'], where: 'blood' }),
    ).toThrow("model 'bi' needs at least 4 points, got 3");
  });
});
