// Trial eligibility as the seed counts it: per timepoint, over the trial (eligible at any
// timepoint), the exact one-sided 95% Clopper-Pearson bound (0 of 9 -> 28.3%, scipy beta.ppf),
// and the stopping rule "stop if 0 of 9".
import { describe, expect, it } from 'vitest';
import { cohortEligibility, stoppingVerdict } from '../../src/cohort/cohort-eligibility.ts';
import type { CohortPatient, CohortStudy } from '../../src/cohort/cohort-types.ts';
import { KNOWN, knownInput } from './cohort-fixture.ts';

function study(eligible: boolean): CohortStudy {
  return {
    source: 'test',
    lesions: [],
    mtaGBq: null,
    wbRetention48hPercent: null,
    bloodDoseGyPerGBq: null,
    eligible,
    maxLesionDoseGy: null,
  };
}

function patients(count: number, eligibleIds: string[] = []): CohortPatient[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `P${i + 1}`;
    return {
      id,
      attributes: {},
      studies: { wk0: study(false), wk6: study(eligibleIds.includes(id)) },
    };
  });
}

describe('eligibility and the stopping rule', () => {
  it('counts studies that could not support a verdict as not assessable, not as eligible', () => {
    const input = { ...knownInput(), patients: patients(3, ['P1']), timepoints: ['wk0', 'wk6'] };
    const p2 = input.patients[1];
    if (p2 === undefined) throw new Error('no P2');
    input.patients[1] = {
      ...p2,
      studies: { ...p2.studies, wk6: { ...study(false), notAssessable: true } },
    };
    const wk6 = cohortEligibility(input).byTimepoint['wk6'];
    expect(wk6).toMatchObject({
      eligible: 1,
      n: 3,
      notAssessable: 1,
      notAssessablePatients: ['P2'],
    });
    expect(cohortEligibility(input).byTimepoint['wk0']?.notAssessable).toBe(0);
  });

  it('0 of 9 eligible: upper bound 28.3% and the seed rule says stop', () => {
    const input = { ...knownInput(), patients: patients(9), timepoints: ['wk0', 'wk6'] };
    const result = cohortEligibility(input);
    expect(result.overall.eligible).toBe(0);
    expect(result.overall.n).toBe(9);
    expect(result.overall.upper95).toBeCloseTo(0.28312883556311347, 9);
    expect((100 * (result.overall.upper95 ?? 0)).toFixed(1)).toBe('28.3');
    expect(result.stoppingRule.verdict).toBe('stop');
  });

  it('a patient eligible at one timepoint only is eligible over the trial: 1 of 9 continues', () => {
    const input = { ...knownInput(), patients: patients(9, ['P4']), timepoints: ['wk0', 'wk6'] };
    const result = cohortEligibility(input);
    expect(result.byTimepoint['wk0']?.eligible).toBe(0);
    expect(result.byTimepoint['wk6']?.eligiblePatients).toEqual(['P4']);
    expect(result.overall.eligible).toBe(1);
    expect(result.overall.upper95).toBeCloseTo(
      KNOWN.expected.clopperPearsonUpper95['1/9'] ?? NaN,
      9,
    );
    expect(result.stoppingRule.verdict).toBe('continue');
  });

  it('the rule waits for afterPatients evaluable patients, and looks at the first ones only', () => {
    const rule = { maxEligible: 0, afterPatients: 9 };
    expect(stoppingVerdict(patients(5), rule).verdict).toBe('pending');
    expect(stoppingVerdict(patients(5, ['P2']), rule).verdict).toBe('continue');
    // An eligible 10th patient does not undo a stop after the first 9.
    const verdict = stoppingVerdict(patients(10, ['P10']), rule);
    expect(verdict).toMatchObject({ verdict: 'stop', evaluated: 9, eligibleAmongEvaluated: 0 });
    expect(
      stoppingVerdict(patients(12, ['P1']), { maxEligible: 1, afterPatients: 12 }).verdict,
    ).toBe('stop');
  });

  it('per timepoint and overall match the fixture (scipy beta.ppf); missing patients are counted', () => {
    const result = cohortEligibility(knownInput());
    for (const [key, want] of Object.entries(KNOWN.expected.eligibility)) {
      const got = key === 'overall' ? result.overall : result.byTimepoint[key];
      expect(got?.eligible).toBe(want.eligible);
      expect(got?.n).toBe(want.n);
      expect(got?.upper95).toBeCloseTo(want.upper95, 9);
    }
    expect(result.byTimepoint['wk6']?.missing).toBe(2);
    expect(result.byTimepoint['wk12']?.missing).toBe(1);
  });

  it('patients without any study are not evaluable', () => {
    const list = [...patients(3), { id: 'P9', attributes: {}, studies: {} }];
    const result = cohortEligibility({
      ...knownInput(),
      patients: list,
      timepoints: ['wk0', 'wk6'],
    });
    expect(result.overall.n).toBe(3);
    expect(result.byTimepoint['wk0']?.missing).toBe(1);
  });
});
