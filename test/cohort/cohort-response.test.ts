// The cohort's PERCIST response from plain measurements: per patient and timepoint, counts per
// timepoint, NE without a baseline PET, metabolic volumes per lesion, the seed's wording, and the
// dosimetry lesion volume change.
import { describe, expect, it } from 'vitest';
import {
  cohortResponse,
  responseCountsText,
  type FdgScanMeasurement,
} from '../../src/cohort/cohort-response.ts';
import { lesionVolumeChanges } from '../../src/cohort/cohort-volume-changes.ts';
import type { CohortInput, CohortStudy } from '../../src/cohort/cohort-types.ts';

function scan(lesions: Record<string, number>, newLesionIds: string[] = []): FdgScanMeasurement {
  return {
    source: 'x',
    weightKg: 70,
    heightM: 1.7,
    sex: 'M',
    leanBodyMassKg: 55,
    injectedActivityBq: 3e8,
    uptakeMinutes: 60,
    sulPerBqPerMl: 3e-4,
    liver: { meanSul: 2, sdSul: 0.2, voxelCount: 200, centerLps: [0, 0, 0] },
    lesions: Object.entries(lesions).map(([id, sulPeak]) => ({
      id,
      sulPeak,
      peakCenterLps: [0, 0, 0],
      sulMax: sulPeak * 1.2,
      metabolicVolumeMl: sulPeak,
    })),
    newLesionIds,
    warnings: [],
  };
}

describe('cohortResponse', () => {
  const timepoints = ['wk0', 'wk6', 'wk12'];

  it('is null without FDG PETs', () => {
    expect(cohortResponse({ timepoints, patients: [{ id: 'A' }] })).toBeNull();
  });

  it('classifies each patient at each later timepoint and counts the categories', () => {
    const response = cohortResponse({
      timepoints,
      patients: [
        { id: 'A', fdg: { wk0: scan({ L1: 10 }), wk6: scan({ L1: 6 }), wk12: scan({ L1: 9 }) } },
        { id: 'B', fdg: { wk0: scan({ L1: 8 }), wk6: scan({ L1: 8 }, ['N1']) } },
        { id: 'C', fdg: { wk6: scan({ L1: 5 }) } },
        { id: 'D' },
      ],
    });
    expect(response?.timepoints).toEqual(['wk6', 'wk12']);
    expect(response?.patients['A']?.['wk6']).toMatchObject({
      category: 'PMR',
      percentChange: -40,
      baselineTarget: { id: 'L1', sulPeak: 10 },
    });
    expect(response?.patients['A']?.['wk6']?.absoluteChangeSul).toBeCloseTo(-4, 12);
    expect(response?.patients['A']?.['wk6']?.lesions['L1']).toMatchObject({
      baselineMetabolicVolumeMl: 10,
      followUpMetabolicVolumeMl: 6,
      category: 'PMR',
    });
    expect(response?.patients['A']?.['wk12']?.category).toBe('SMD');
    expect(response?.patients['B']?.['wk6']?.category).toBe('PMD');
    expect(response?.patients['C']?.['wk6']).toMatchObject({
      category: 'NE',
      reasons: ['no baseline FDG PET (wk0)'],
    });
    expect(response?.summary['wk6']).toEqual({ CMR: 0, PMR: 1, SMD: 0, PMD: 1, NE: 1 });
    expect(response?.summary['wk12']).toEqual({ CMR: 0, PMR: 0, SMD: 1, PMD: 0, NE: 0 });
    expect(Object.keys(response?.patients ?? {})).toEqual(['A', 'B', 'C']);
  });

  it('words the counts like the seed', () => {
    expect(responseCountsText({ CMR: 0, PMR: 4, SMD: 3, PMD: 2, NE: 0 })).toBe(
      'PMR in 4 patients, SMD 3, PMD 2',
    );
    expect(responseCountsText({ CMR: 1, PMR: 0, SMD: 0, PMD: 0, NE: 0 })).toBe('CMR in 1 patient');
    expect(responseCountsText({ CMR: 0, PMR: 0, SMD: 0, PMD: 0, NE: 0 })).toBe(
      'no patient evaluated',
    );
  });
});

describe('lesionVolumeChanges', () => {
  const study = (volumes: Record<string, number | null>): CohortStudy => ({
    source: 's',
    lesions: Object.entries(volumes).map(([id, volumeMl]) => ({
      id,
      site: null,
      doseGyPerGBq: null,
      uptake24hPercent: null,
      residenceTimeH: null,
      volumeMl,
      doseAtTherapyGy: null,
    })),
    mtaGBq: null,
    wbRetention48hPercent: null,
    bloodDoseGyPerGBq: null,
    eligible: false,
    maxLesionDoseGy: null,
  });

  it('gives absolute and percent change per lesion, skipping missing and zero baselines', () => {
    const input: CohortInput = {
      name: 'T',
      timepoints: ['wk0', 'wk6', 'wk12'],
      stoppingRule: { maxEligible: 0, afterPatients: 9 },
      groupBy: [],
      patients: [
        {
          id: 'A',
          attributes: {},
          studies: {
            wk0: study({ L1: 20, L2: 0, L3: 5 }),
            wk6: study({ L1: 15, L2: 3, L3: null }),
            wk12: study({ L1: 0 }),
          },
        },
      ],
    };
    expect(lesionVolumeChanges(input)).toEqual([
      {
        patientId: 'A',
        lesionId: 'L1',
        timepoint: 'wk6',
        baselineMl: 20,
        followUpMl: 15,
        absoluteMl: -5,
        percent: -25,
      },
      {
        patientId: 'A',
        lesionId: 'L1',
        timepoint: 'wk12',
        baselineMl: 20,
        followUpMl: 0,
        absoluteMl: -20,
        percent: -100,
      },
    ]);
  });
});
