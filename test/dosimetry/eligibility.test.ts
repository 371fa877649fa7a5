// Therapy activity = min(planned, MTA); eligible if some lesion gets >= threshold (seed paper).
import { describe, expect, it } from 'vitest';
import { planTherapy } from '../../src/dosimetry/eligibility.ts';
import { doseGyPerGBq } from '../../src/dosimetry/lesion-dose.ts';

describe('eligibility and activity planning', () => {
  it('a lesion at exactly 20 Gy at 7.4 GBq (20/7.4 Gy/GBq) makes the patient eligible', () => {
    const plan = planTherapy([{ id: 'L1', doseGyPerGBq: 20 / 7.4 }], 7.4, 22, 20);
    expect(plan.activityGBq).toBe(7.4);
    expect(plan.limitedBy).toBe('plan');
    expect(plan.eligible).toBe(true);
    expect(plan.lesions[0]?.reachesThreshold).toBe(true);
  });

  it('one part per million below the threshold is not eligible', () => {
    const plan = planTherapy([{ id: 'L1', doseGyPerGBq: (20 / 7.4) * (1 - 1e-6) }], 7.4, 22, 20);
    expect(plan.eligible).toBe(false);
    expect(plan.maxLesionDoseGy).toBeLessThan(20);
  });

  it('an MTA below the planned activity becomes the therapy activity', () => {
    const plan = planTherapy([{ id: 'L1', doseGyPerGBq: 3 }], 7.4, 5, 20);
    expect(plan.activityGBq).toBe(5);
    expect(plan.limitedBy).toBe('mta');
    expect(plan.lesions[0]?.doseAtTherapyGy).toBeCloseTo(15, 12);
    expect(plan.eligible).toBe(false);
  });

  it('gives the activity each lesion needs for the threshold and whether the MTA allows it', () => {
    const plan = planTherapy(
      [
        { id: 'L1', doseGyPerGBq: 2 },
        { id: 'L2', doseGyPerGBq: 0.5 },
        { id: 'L3', doseGyPerGBq: 0 },
      ],
      7.4,
      15,
      20,
    );
    expect(plan.lesions.map((l) => l.activityForThresholdGBq)).toEqual([10, 40, Infinity]);
    expect(plan.lesions.map((l) => l.thresholdActivityWithinMta)).toEqual([true, false, false]);
    expect(plan.minimumEligibleActivityGBq).toBe(10);
    expect(plan.eligibleAtMta).toBe(true);
    expect(plan.eligible).toBe(false);
  });

  it('no lesions: not eligible, max dose 0', () => {
    const plan = planTherapy([], 7.4, 20, 20);
    expect(plan.eligible).toBe(false);
    expect(plan.maxLesionDoseGy).toBe(0);
  });
});

describe('lesion dose per activity', () => {
  it('tau 1 h and S 1e-12 Gy/(Bq s) give 1 h x 3600 s/h x 1e-12 x 1e9 Bq/GBq = 3.6 Gy/GBq', () => {
    expect(doseGyPerGBq(1, 1e-12)).toBeCloseTo(3.6, 12);
  });
});
