// The seeded generator of the Monte Carlo: mulberry32 against an independent Python
// implementation of Ettinger's algorithm, and the Box-Muller normals against N(0, 1).
import { describe, expect, it } from 'vitest';
import { mulberry32, normalSampler } from '../../src/numerics/random.ts';

describe('mulberry32', () => {
  it('matches an independent Python implementation (seed 2456, first three numbers)', () => {
    // python: 32-bit state += 0x6d2b79f5; t = imul(t ^ t>>15, t|1); t ^= t + imul(t ^ t>>7, t|61)
    const random = mulberry32(2456);
    for (const expected of [0.4042192662600428, 0.6593357410747558, 0.5051220061723143]) {
      expect(random()).toBe(expected);
    }
  });
});

describe('normalSampler', () => {
  it('repeats from the seed', () => {
    const a = normalSampler(7);
    const b = normalSampler(7);
    for (let i = 0; i < 5; i++) expect(a()).toBe(b());
  });

  it('has mean 0, variance 1 and the normal tail fraction (100,000 draws, 5-sd bounds)', () => {
    const n = 100000;
    const normal = normalSampler(2456);
    let sum = 0;
    let squares = 0;
    let beyond196 = 0;
    for (let i = 0; i < n; i++) {
      const x = normal();
      sum += x;
      squares += x * x;
      if (Math.abs(x) > 1.959963984540054) beyond196++;
    }
    const mean = sum / n;
    const variance = squares / n - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n)); // sd of the mean 1/sqrt(n)
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n)); // sd of s^2: sqrt(2/n)
    const p = beyond196 / n; // expected 0.05, binomial sd sqrt(0.05 x 0.95 / n)
    expect(Math.abs(p - 0.05)).toBeLessThan(5 * Math.sqrt((0.05 * 0.95) / n));
  });
});
