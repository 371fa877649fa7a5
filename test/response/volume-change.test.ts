// Lesion volume change between timepoints.
import { describe, expect, it } from 'vitest';
import { lesionVolumeChange } from '../../src/response/volume-change.ts';

describe('lesion volume change', () => {
  it('6.3 mL -> 3.5 mL is -2.8 mL, -44.4%; a resolved lesion is -100%', () => {
    const change = lesionVolumeChange(6.3, 3.5);
    expect(change.absoluteMl).toBeCloseTo(-2.8, 12);
    expect(change.percent).toBeCloseTo(-44.444, 3);
    expect(lesionVolumeChange(2, 0).percent).toBe(-100);
    expect(lesionVolumeChange(2, 3).percent).toBe(50);
  });

  it('needs a baseline volume and a non-negative follow-up', () => {
    expect(() => lesionVolumeChange(0, 1)).toThrow(/baseline lesion volume/);
    expect(() => lesionVolumeChange(1, -1)).toThrow(/follow-up lesion volume/);
  });
});
