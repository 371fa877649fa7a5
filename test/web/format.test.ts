// The web UI rounds as `iodose run` prints (issue 10: "same numbers within the rounding shown"):
// web/src/format.ts is a copy of src/cli/summary.ts's sig3 (web/ imports no src/ code), checked
// here against hand-worked values and against the CLI's own function over many magnitudes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sig3 as cliSig3 } from '../../src/cli/summary.ts';
import type { StudyResults } from '../../src/study/results.ts';
import { lpsText, probability, sig3, withSd } from '../../web/src/format.ts';
import type { ResultsView } from '../../web/src/results-view.ts';

// A rename in results.json's type breaks this assignment, and so the type check (npm test).
const _shown: (r: StudyResults) => ResultsView = (r) => r;
void _shown;

describe('web number format', () => {
  it('gives hand-worked three-figure values', () => {
    expect(sig3(14.6666)).toBe('14.7');
    expect(sig3(0.0012345)).toBe('0.00123');
    expect(sig3(123456)).toBe('123000');
    expect(sig3(null)).toBe('-');
    expect(sig3(Number.NaN)).toBe('-');
    expect(withSd(14.6666, 1.444)).toBe('14.7 ± 1.44');
    expect(withSd(2, null)).toBe('2');
    expect(probability(0.004)).toBe('<0.01');
    expect(probability(0.996)).toBe('>0.99');
    expect(probability(0.5)).toBe('0.50');
    expect(lpsText([1, -2.25, 30.04])).toBe('1.0, -2.3, 30.0');
  });

  it('equals the CLI summary over twelve decades', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (v) => {
        expect(sig3(v)).toBe(cliSig3(v));
        expect(sig3(v * 1e-6)).toBe(cliSig3(v * 1e-6));
      }),
    );
  });
});
