// Change from baseline (seed Supplementary Table 4): per lesion in percent, matched by lesion id
// within a patient; per group the median and quartiles of its lesions' changes.
import { describe, expect, it } from 'vitest';
import { cohortChanges, percentChange } from '../../src/cohort/cohort-changes.ts';
import type { CohortInput, CohortLesion, CohortStudy } from '../../src/cohort/cohort-types.ts';

function lesion(id: string, doseGyPerGBq: number, volumeMl = 5): CohortLesion {
  return {
    id,
    site: null,
    doseGyPerGBq,
    uptake24hPercent: 0.01,
    residenceTimeH: 0.1,
    volumeMl,
    doseAtTherapyGy: null,
  };
}

function study(lesions: CohortLesion[]): CohortStudy {
  return {
    source: 'test',
    lesions,
    mtaGBq: 20,
    wbRetention48hPercent: 10,
    bloodDoseGyPerGBq: 0.1,
    eligible: false,
    maxLesionDoseGy: null,
  };
}

const input: CohortInput = {
  name: 'changes',
  timepoints: ['wk0', 'wk6', 'wk12'],
  stoppingRule: { maxEligible: 0, afterPatients: 9 },
  groupBy: ['histology'],
  patients: [
    {
      id: 'A',
      attributes: { histology: 'oncocytic' },
      studies: {
        wk0: study([lesion('L1', 0.1, 10), lesion('L2', 0.2)]),
        wk6: study([lesion('L2', 0.3), lesion('L1', 0.15, 6)]),
        wk12: study([lesion('L1', 0.05, 4)]),
      },
    },
    {
      id: 'B',
      attributes: { histology: 'papillary' },
      studies: {
        wk0: study([lesion('L1', 0.4), lesion('L3', 0)]),
        wk12: study([lesion('L1', 0.2)]),
      },
    },
    {
      id: 'C',
      attributes: { histology: 'oncocytic' },
      studies: { wk0: study([lesion('L1', 1)]), wk6: study([lesion('L1', 2)]) },
    },
  ],
};

describe('change from baseline', () => {
  const changes = cohortChanges(input);

  it('is 100 (after - before) / before, matched by lesion id, null when missing or baseline 0', () => {
    expect(percentChange(0.1, 0.15)).toBeCloseTo(50, 12);
    expect(percentChange(0, 0.1)).toBeNull();
    const a1 = changes.lesions.find((l) => l.patientId === 'A' && l.lesionId === 'L1');
    expect(a1?.changePercent.doseGyPerGBq['wk6']).toBeCloseTo(50, 10);
    expect(a1?.changePercent.doseGyPerGBq['wk12']).toBeCloseTo(-50, 10);
    expect(a1?.changePercent.volumeMl['wk6']).toBeCloseTo(-40, 10);
    const a2 = changes.lesions.find((l) => l.patientId === 'A' && l.lesionId === 'L2');
    expect(a2?.changePercent.doseGyPerGBq['wk12']).toBeNull();
    const b3 = changes.lesions.find((l) => l.patientId === 'B' && l.lesionId === 'L3');
    expect(b3?.changePercent.doseGyPerGBq['wk12']).toBeNull();
    expect(changes.lesions).toHaveLength(5);
  });

  it('summarises each group over its lesions (numpy linear quartiles)', () => {
    const onc = changes.groups.find((g) => g.value === 'oncocytic');
    expect(onc).toMatchObject({ attribute: 'histology', patients: 2, lesions: 3 });
    // wk6 dose changes of A/L1, A/L2, C/L1: +50%, +50%, +100% -> median 50, q1 50, q3 75.
    expect(onc?.changePercent.doseGyPerGBq['wk6']).toMatchObject({ n: 3 });
    expect(onc?.changePercent.doseGyPerGBq['wk6']?.median).toBeCloseTo(50, 10);
    expect(onc?.changePercent.doseGyPerGBq['wk6']?.q3).toBeCloseTo(75, 10);
    const pap = changes.groups.find((g) => g.value === 'papillary');
    expect(pap?.changePercent.doseGyPerGBq['wk6']?.n).toBe(0);
    expect(pap?.changePercent.doseGyPerGBq['wk12']?.median).toBeCloseTo(-50, 10);
  });
});
