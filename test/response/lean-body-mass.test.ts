// Janmahasatian lean body mass (Clin Pharmacokinet 2005;44:1051), worked by hand.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { bodyMassIndex, leanBodyMassKg } from '../../src/response/lean-body-mass.ts';

describe('lean body mass (Janmahasatian 2005)', () => {
  it('a man of 80 kg and 1.80 m: BMI 24.69, LBM = 9270 x 80 / (6680 + 216 x 24.69) = 61.73 kg', () => {
    // BMI = 80 / 1.8^2 = 24.6914; 216 x BMI = 5333.33; 741600 / 12013.33 = 61.731
    expect(bodyMassIndex(80, 1.8)).toBeCloseTo(24.6914, 4);
    expect(leanBodyMassKg({ weightKg: 80, heightM: 1.8, sex: 'M' })).toBeCloseTo(61.731, 3);
  });

  it('a woman of 60 kg and 1.65 m: BMI 22.04, LBM = 9270 x 60 / (8780 + 244 x 22.04) = 39.29 kg', () => {
    // BMI = 60 / 1.65^2 = 22.0386; 244 x BMI = 5377.41; 556200 / 14157.41 = 39.287
    expect(leanBodyMassKg({ weightKg: 60, heightM: 1.65, sex: 'F' })).toBeCloseTo(39.287, 3);
  });

  it('is below the body weight and rises less than proportionally with weight', () => {
    const lbm = (w: number) => leanBodyMassKg({ weightKg: w, heightM: 1.75, sex: 'M' });
    expect(lbm(70)).toBeLessThan(70);
    expect(lbm(140) / lbm(70)).toBeLessThan(2);
  });

  it('rejects missing sex, height in cm and implausible weights with a hint', () => {
    expect(() => leanBodyMassKg({ weightKg: 80, heightM: 1.8, sex: 'O' })).toThrow(InputError);
    expect(() => leanBodyMassKg({ weightKg: 80, heightM: 1.8, sex: undefined })).toThrow(
      /needs sex M or F/,
    );
    expect(() => leanBodyMassKg({ weightKg: 80, heightM: 180, sex: 'M' })).toThrow(/looks like cm/);
    expect(() => leanBodyMassKg({ weightKg: 80000, heightM: 1.8, sex: 'M' })).toThrow(
      /weightKg must be a plausible adult value/,
    );
    expect(() => leanBodyMassKg({ weightKg: Number.NaN, heightM: 1.8, sex: 'F' })).toThrow(
      InputError,
    );
  });
});
