// EANM blood dose (Lassmann et al. 2008, eq. 1) and the MTA limits (Benua 1962; seed paper),
// checked against numbers worked by hand.
import { describe, expect, it } from 'vitest';
import { eanmBloodDose } from '../../src/dosimetry/eanm-blood.ts';
import { maximumTolerableActivity } from '../../src/dosimetry/mta.ts';

describe('EANM blood dose', () => {
  it('tau_blood 0.0005 h/mL, tau_WB 30 h, 72 kg gives 0.054 + 0.032588 = 0.086588 Gy/GBq', () => {
    // By hand: 108 x 0.0005 = 0.054; 72^(2/3) = 17.3070; 0.0188 / 17.3070 x 30 = 0.032588.
    const dose = eanmBloodDose(0.0005, 30, 72);
    expect(dose.betaFromBloodGyPerGBq).toBeCloseTo(0.054, 12);
    expect(dose.gammaFromWholeBodyGyPerGBq).toBeCloseTo(0.032588, 5);
    expect(dose.doseGyPerGBq).toBeCloseTo(0.086588, 5);
  });

  it('a heavier patient receives less penetrating dose: x8 weight -> gamma term / 4', () => {
    const light = eanmBloodDose(0, 30, 10);
    const heavy = eanmBloodDose(0, 30, 80);
    expect(light.gammaFromWholeBodyGyPerGBq / heavy.gammaFromWholeBodyGyPerGBq).toBeCloseTo(4, 10);
  });

  it('refuses a non-positive weight, naming patient.weightKg', () => {
    expect(() => eanmBloodDose(0.0005, 30, 0)).toThrow(/patient\.weightKg/);
  });
});

describe('maximum tolerable activity', () => {
  const base = { bloodDoseLimitGy: 2, retentionLimitGBq: 4.4 };

  it('0.1 Gy/GBq and 16% at 48 h: blood limit 20 GBq binds before 4.4/0.16 = 27.5 GBq', () => {
    const mta = maximumTolerableActivity({
      ...base,
      bloodDoseGyPerGBq: 0.1,
      wbRetention48hFraction: 0.16,
    });
    expect(mta.bloodLimitGBq).toBeCloseTo(20, 12);
    expect(mta.lungLimitGBq).toBeCloseTo(27.5, 12);
    expect(mta.activityGBq).toBeCloseTo(20, 12);
    expect(mta.limitedBy).toBe('blood');
  });

  it('with diffuse lung metastases the 3.0 GBq retention limit gives 3.0/0.16 = 18.75 GBq and binds', () => {
    const mta = maximumTolerableActivity({
      bloodDoseLimitGy: 2,
      retentionLimitGBq: 3.0,
      bloodDoseGyPerGBq: 0.1,
      wbRetention48hFraction: 0.16,
    });
    expect(mta.activityGBq).toBeCloseTo(18.75, 12);
    expect(mta.limitedBy).toBe('retention');
    expect(mta.lungLimitGBq).toBeCloseTo(18.75, 12);
    expect(mta.retentionLimitActivityGBq).toBeCloseTo(18.75, 12);
  });
});
