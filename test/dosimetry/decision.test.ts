import { describe, expect, it } from 'vitest';
import {
  decideTherapy,
  type DecisionLesion,
  type DecisionMta,
} from '../../src/dosimetry/decision.ts';

const trusted: DecisionMta = { status: 'trusted', reasons: [] };

/** A lesion of `doseGyPerGBq` at `activityGBq` (planned 7.4 GBq), threshold 20 Gy. */
function lesion(
  id: string,
  doseGyPerGBq: number,
  activityGBq = 7.4,
  extra: Partial<DecisionLesion> = {},
): DecisionLesion {
  const doseAtTherapyGy = doseGyPerGBq * activityGBq;
  return {
    id,
    doseAtTherapyGy,
    doseAtPlannedGy: doseGyPerGBq * 7.4,
    reachesThreshold: doseAtTherapyGy >= 20,
    assessable: true,
    notAssessableReasons: [],
    ...extra,
  };
}

function decide(lesions: DecisionLesion[], mta: DecisionMta = trusted, activityGBq = 7.4) {
  return decideTherapy({ lesions, thresholdGy: 20, plannedActivityGBq: 7.4, activityGBq, mta });
}

const codes = (d: ReturnType<typeof decide>) => d.reasons.map((r) => r.code);

describe('therapy decision (seed rule: some lesion >= 20 Gy at min(7.4 GBq, MTA))', () => {
  it('is eligible when an assessable lesion reaches 20 Gy and the MTA is trusted', () => {
    const d = decide([lesion('L1', 3), lesion('L2', 1)]);
    expect(d.decision).toBe('eligible');
    expect(codes(d)).toEqual(['lesion.reaches-threshold']);
    expect(d.reasons[0]?.message).toContain('lesion L1 receives 22.2 Gy at 7.4 GBq');
  });

  it('is not eligible when every lesion is assessable and below the threshold', () => {
    const d = decide([lesion('L1', 2), lesion('L2', 1)]);
    expect(d.decision).toBe('not eligible');
    expect(d.reasons[0]?.code).toBe('lesion.below-threshold');
    expect(d.reasons[0]?.message).toContain('the highest is lesion L1 with 14.8 Gy');
  });

  it('is not assessable when a lesion that is not assessable could change "not eligible"', () => {
    const d = decide([
      lesion('L1', 2),
      lesion('L2', 0.1, 7.4, { assessable: false, notAssessableReasons: ['the VOI leaks'] }),
    ]);
    expect(d.decision).toBe('not assessable');
    expect(codes(d)).toEqual(['lesion.not-assessable', 'lesion.below-threshold']);
    expect(d.reasons[0]?.message).toBe('lesion L2 is not assessable: the VOI leaks');
  });

  it('stays eligible when an assessable lesion reaches 20 Gy beside one that is not assessable', () => {
    const d = decide([
      lesion('L1', 5),
      lesion('L2', 0.1, 7.4, { assessable: false, notAssessableReasons: ['no clear uptake'] }),
    ]);
    expect(d.decision).toBe('eligible');
  });

  it('does not let a lesion that is not assessable make the patient eligible', () => {
    const d = decide([
      lesion('L1', 1),
      lesion('L2', 10, 7.4, { assessable: false, notAssessableReasons: ['the VOI leaks'] }),
    ]);
    expect(d.decision).toBe('not assessable');
  });

  it('needs an MTA for an eligible verdict', () => {
    const missing: DecisionMta = { status: 'missing', reasons: ['no blood samples'] };
    const d = decide([lesion('L1', 5)], missing);
    expect(d.decision).toBe('not assessable');
    expect(codes(d)).toEqual(['mta.missing', 'lesion.reaches-threshold']);
    expect(d.reasons[0]?.message).toContain('the activity that may be given is not known');
  });

  it('needs no MTA to say "not eligible" when no lesion reaches 20 Gy at the planned activity', () => {
    const missing: DecisionMta = { status: 'missing', reasons: ['no blood samples'] };
    const d = decide([lesion('L1', 2)], missing);
    expect(d.decision).toBe('not eligible');
    expect(codes(d)).toEqual(['lesion.below-threshold', 'mta.missing.not-needed']);
  });

  it('is not assessable when an untrusted MTA lowered the activity below where a lesion reaches 20 Gy', () => {
    const untrusted: DecisionMta = { status: 'untrusted', reasons: ['R(48 h) above 100%'] };
    const d = decide([lesion('L1', 3, 4)], untrusted, 4);
    expect(d.decision).toBe('not assessable');
    expect(d.reasons[0]?.code).toBe('mta.untrusted');
  });

  it('compares the dose at the planned activity as planTherapy does (20 Gy up to rounding reaches 20 Gy)', () => {
    // (20 / 19.7) x 19.7 = 19.999999999999996 in floating point: it reaches the threshold by
    // eligibility.ts's reachesThreshold, so an untrusted MTA that lowered the activity matters.
    const untrusted: DecisionMta = { status: 'untrusted', reasons: ['R(48 h) above 100%'] };
    const rounded = { ...lesion('L1', 3, 4), doseAtPlannedGy: (20 / 19.7) * 19.7 };
    expect(rounded.doseAtPlannedGy).toBeLessThan(20);
    expect(decide([rounded], untrusted, 4).decision).toBe('not assessable');
  });

  it('is not eligible under a trusted MTA that lowers the activity', () => {
    const d = decide([lesion('L1', 3, 4)], trusted, 4);
    expect(d.decision).toBe('not eligible');
  });

  it('is not assessable when the whole study has a problem, whatever the doses say', () => {
    const d = decideTherapy({
      lesions: [lesion('L1', 5)],
      studyProblems: [{ code: 'dicom.patient-inconsistent', message: 'headers of two patients' }],
      thresholdGy: 20,
      plannedActivityGBq: 7.4,
      activityGBq: 7.4,
      mta: trusted,
    });
    expect(d.decision).toBe('not assessable');
    expect(codes(d)).toEqual(['dicom.patient-inconsistent', 'lesion.reaches-threshold']);
  });

  it('is not assessable without lesions', () => {
    expect(decide([]).decision).toBe('not assessable');
    expect(codes(decide([]))).toEqual(['lesions.none']);
  });

  it('says when the deciding dose interval contains the threshold', () => {
    const d = decide([
      lesion('L1', 3, 7.4, { doseAtTherapy95Gy: [15, 30], probabilityReachesThreshold: 0.61 }),
    ]);
    expect(d.decision).toBe('eligible');
    expect(codes(d)).toEqual(['lesion.reaches-threshold', 'dose.interval-contains-threshold']);
    expect(d.reasons[0]?.message).toContain(
      '95% interval 15 Gy to 30 Gy; probability of reaching it 0.61',
    );
  });
});
