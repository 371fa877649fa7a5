// A lesion without measurable 124I uptake (radioiodine-refractory disease, the common case in the
// seed paper) is a result - 0 Gy/GBq with a warning - not an error that stops the patient.
import { describe, expect, it } from 'vitest';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import { runStudy } from '../../src/study/run-study.ts';

describe('a lesion with no uptake', () => {
  const manifest = demoManifest();
  for (const measurement of manifest.measurements?.lesions ?? []) {
    if (measurement.lesion === 'L2') measurement.meanConcBqPerMl = 0;
  }
  const results = runStudy(manifest, { manifestPath: null, inputsSha256: 'x', createdAt: 'now' });
  const l2 = results.lesions.find((lesion) => lesion.id === 'L2');

  it('gets residence time 0, dose 0, no fit and a warning', () => {
    expect(l2?.residenceTimeH).toBe(0);
    expect(l2?.doseGyPerGBq).toBe(0);
    expect(l2?.doseAtTherapyGy).toBe(0);
    expect(l2?.fit).toBeNull();
    expect(l2?.activityForThresholdGBq).toBeNull();
    expect(l2?.warnings).toContain(
      'no uptake measured at any time point: residence time and dose 0',
    );
  });

  it('leaves the other lesions and the decision computed', () => {
    expect(results.lesions.filter((lesion) => lesion.doseGyPerGBq > 0)).toHaveLength(2);
    expect(results.therapy.maxLesionDoseGy).toBeGreaterThan(0);
  });
});
