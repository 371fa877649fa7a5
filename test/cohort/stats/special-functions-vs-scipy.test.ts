// Special functions behind the p-values and bounds agree with scipy.special / scipy.stats to
// 1e-12 relative (ln Gamma, P, Q, erfc, normal and chi-square tails, I_x(a, b)) and the inverse
// incomplete beta to 1e-10 relative, at points spread over the ranges the tests use.
import { describe, expect, it } from 'vitest';
import {
  chiSquareSf,
  erfc,
  inverseRegularizedBeta,
  lnGamma,
  normalSf,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
} from '../../../src/cohort/stats/index.ts';
import { relativeError, special } from './reference.ts';

describe('special functions against scipy', () => {
  it.each(special.lnGamma)('gammaln($x)', ({ x, value }) => {
    expect(Math.abs(lnGamma(x) - value)).toBeLessThan(1e-12 * Math.max(1, Math.abs(value)));
  });
  it.each(special.gamma)('gammainc / gammaincc($a, $x)', ({ a, x, p, q }) => {
    expect(relativeError(regularizedGammaP(a, x), p)).toBeLessThan(1e-12);
    expect(relativeError(regularizedGammaQ(a, x), q)).toBeLessThan(1e-12);
  });
  it.each(special.erfc)('erfc($x)', ({ x, value }) => {
    expect(relativeError(erfc(x), value)).toBeLessThan(1e-12);
  });
  it.each(special.normalSf)('norm.sf($z)', ({ z, value }) => {
    expect(relativeError(normalSf(z), value)).toBeLessThan(1e-12);
  });
  it.each(special.chiSquareSf)('chi2.sf($x, $df)', ({ x, df, value }) => {
    expect(relativeError(chiSquareSf(x, df), value)).toBeLessThan(1e-12);
  });
  it.each(special.beta)('betainc($a, $b, $x)', ({ x, a, b, value }) => {
    expect(relativeError(regularizedBeta(x, a, b), value)).toBeLessThan(1e-12);
  });
  it.each(special.betaInverse)('betaincinv($a, $b, $p)', ({ p, a, b, value }) => {
    expect(relativeError(inverseRegularizedBeta(p, a, b), value)).toBeLessThan(1e-10);
  });
});

describe('arguments outside the domain', () => {
  it('are refused with the bad value named', () => {
    expect(() => lnGamma(0)).toThrow('lnGamma needs x > 0, got 0');
    expect(() => regularizedGammaP(-1, 1)).toThrow('incomplete gamma needs a > 0, got -1');
    expect(() => regularizedBeta(1.2, 1, 1)).toThrow('incomplete beta needs 0 <= x <= 1, got 1.2');
    expect(() => chiSquareSf(1, 0)).toThrow('chi-square needs df > 0, got 0');
  });
});

describe('inverse incomplete beta round trip', () => {
  // Near x = 1 one ulp of x moves I_x(a, b) by about density(x) * 1.1e-16, so the residual can
  // be no smaller than that; the bound allows 1e-12 plus 8 ulps' worth.
  const density = (x: number, a: number, b: number): number =>
    Math.exp(
      (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lnGamma(a) - lnGamma(b) + lnGamma(a + b),
    );

  it('I_x(a, b) at the inverse returns p to 1e-12 + 8 ulp(x) * density, shapes 0.5 to 1000', () => {
    const shapes = [0.5, 1, 2, 7.5, 40, 1000];
    const probabilities = [1e-6, 0.025, 0.05, 0.3, 0.5, 0.95, 0.975, 1 - 1e-6];
    for (const a of shapes) {
      for (const b of shapes) {
        for (const p of probabilities) {
          const x = inverseRegularizedBeta(p, a, b);
          const allowed = 1e-12 + 8 * Number.EPSILON * density(x, a, b);
          expect(Math.abs(regularizedBeta(x, a, b) - p)).toBeLessThan(allowed);
        }
      }
    }
  });
});
