// SUL factor: lean body mass over the injected activity decay-corrected to the scan start.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import {
  F18_HALF_LIFE_H,
  activityAtScanBq,
  sulPerBqPerMl,
  toSulVolume,
} from '../../src/response/sul.ts';
import { makeVolume } from '../imaging/helpers/sphere-phantom.ts';

describe('SUL (PERCIST 1.0)', () => {
  it('uses the 18F half-life of 109.77 min (ICRP-107)', () => {
    expect(F18_HALF_LIFE_H).toBeCloseTo(1.8295, 4);
  });

  it('200 MBq, scan 60 min later: 136.93 MBq at the scan; LBM 61.73 kg gives 20 kBq/mL = 9.017 SUL', () => {
    const input = { leanBodyMassKg: 61.7314, injectedActivityBq: 200e6, administrationToScanH: 1 };
    // 200 MBq x exp(-ln2 x 60 / 109.77) = 136.93 MBq; 61731.4 g / 136.93e6 Bq = 4.508e-4 g/Bq
    expect(activityAtScanBq(input) / 1e6).toBeCloseTo(136.927, 3);
    expect(sulPerBqPerMl(input)).toBeCloseTo(4.5084e-4, 7);
    expect(20_000 * sulPerBqPerMl(input)).toBeCloseTo(9.017, 3);
  });

  it('activity spread evenly over the lean body mass is SUL 1', () => {
    const input = { leanBodyMassKg: 50, injectedActivityBq: 300e6, administrationToScanH: 1.2 };
    const concentration = activityAtScanBq(input) / 50_000;
    const sul = toSulVolume(makeVolume([2, 2, 2], [4, 4, 4], concentration), sulPerBqPerMl(input));
    expect(Array.from(sul.data).every((v) => Math.abs(v - 1) < 1e-6)).toBe(true);
  });

  it('rejects a scan before the injection and a missing activity', () => {
    const base = { leanBodyMassKg: 50, injectedActivityBq: 300e6, administrationToScanH: 1 };
    expect(() => sulPerBqPerMl({ ...base, administrationToScanH: -0.5 })).toThrow(
      /after the injection/,
    );
    expect(() => sulPerBqPerMl({ ...base, injectedActivityBq: 0 })).toThrow(InputError);
    expect(() => sulPerBqPerMl({ ...base, leanBodyMassKg: 0 })).toThrow(/lean body mass/);
  });
});
