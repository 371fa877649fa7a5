/**
 * The therapy decision with its reasons: "eligible", "not eligible" or "not assessable".
 *
 * Rule (seed paper, 131I therapy): eligible if at least one lesion receives >= 20 Gy at the therapy
 * activity min(7.4 GBq, MTA). iodose gives that verdict only when the inputs support it:
 * - a lesion that is not assessable (no clear uptake at its seed, a leaking VOI, ...) cannot make
 *   the patient eligible, and it makes a "not eligible" verdict not assessable, because it might
 *   reach the threshold;
 * - an eligible verdict needs a trusted MTA: without one the activity that may be given is
 *   unknown. A "not eligible" verdict needs no MTA when no lesion reaches the threshold even at
 *   the planned activity (the MTA can only lower the activity), but it does when an untrusted MTA
 *   lowered the activity below the planned one and a lesion would reach the threshold there.
 * - a problem of the whole study (e.g. DICOM headers of different patients) makes it not
 *   assessable whatever the doses say.
 * Each reason has a stable code and a sentence; the verdict is decided on the point estimates, and
 * a reason says when a deciding dose's 95% interval contains the threshold.
 */
import { reachesThreshold } from './eligibility.ts';

export type TherapyVerdict = 'eligible' | 'not eligible' | 'not assessable';

/** One reason for the decision: a stable code and a sentence in plain words. */
export interface DecisionReason {
  code: string;
  message: string;
}

/** What the decision needs to know of one lesion. */
export interface DecisionLesion {
  id: string;
  doseAtTherapyGy: number;
  /** Dose at the planned activity (before the MTA), Gy. */
  doseAtPlannedGy: number;
  reachesThreshold: boolean;
  assessable: boolean;
  /** Why it is not assessable (sentences); empty when it is. */
  notAssessableReasons: readonly string[];
  /** 95% interval of the dose at the therapy activity, Gy, when known. */
  doseAtTherapy95Gy?: readonly [number, number] | null;
  /** Probability that the dose at the therapy activity reaches the threshold, when known. */
  probabilityReachesThreshold?: number | null;
}

/** The MTA as far as the decision is concerned. */
export interface DecisionMta {
  status: 'trusted' | 'untrusted' | 'missing';
  /** Why it is untrusted or missing (sentences). */
  reasons: readonly string[];
}

export interface DecisionInput {
  lesions: readonly DecisionLesion[];
  /**
   * Problems of the whole study that no lesion or MTA carries (e.g. headers of different
   * patients): each makes the decision not assessable.
   */
  studyProblems?: readonly DecisionReason[];
  thresholdGy: number;
  plannedActivityGBq: number;
  activityGBq: number;
  mta: DecisionMta;
}

export interface Decision {
  decision: TherapyVerdict;
  reasons: DecisionReason[];
}

const gy = (value: number) => `${Number(value.toPrecision(3))} Gy`;
const gbq = (value: number) => `${Number(value.toPrecision(3))} GBq`;

/** A Monte Carlo probability in words: "0.61", "above 0.99", "below 0.01". */
function probabilityText(p: number): string {
  if (p > 0.995) return 'above 0.99';
  if (p < 0.005) return 'below 0.01';
  return p.toFixed(2);
}

function intervalText(lesion: DecisionLesion): string {
  const parts: string[] = [];
  const interval = lesion.doseAtTherapy95Gy;
  if (interval !== undefined && interval !== null) {
    parts.push(`95% interval ${gy(interval[0])} to ${gy(interval[1])}`);
  }
  const p = lesion.probabilityReachesThreshold;
  if (p !== undefined && p !== null) parts.push(`probability of reaching it ${probabilityText(p)}`);
  return parts.length === 0 ? '' : ` (${parts.join('; ')})`;
}

/** The first reason, and how many more there are (the findings list has them all). */
function firstAndCount(reasons: readonly string[]): string {
  const [first, ...rest] = reasons;
  if (first === undefined) return 'no reason given';
  return rest.length === 0 ? first : `${first} (and ${rest.length} more in the findings)`;
}

/** Reasons that a deciding dose is close to the threshold (its 95% interval contains it). */
function closeCallReasons(lesions: readonly DecisionLesion[], thresholdGy: number) {
  return lesions.flatMap((lesion): DecisionReason[] => {
    const interval = lesion.doseAtTherapy95Gy;
    if (interval === undefined || interval === null) return [];
    if (!(interval[0] < thresholdGy && thresholdGy <= interval[1])) return [];
    return [
      {
        code: 'dose.interval-contains-threshold',
        message:
          `lesion ${lesion.id}: ${gy(lesion.doseAtTherapyGy)}, but its 95% interval ` +
          `(${gy(interval[0])} to ${gy(interval[1])}) contains the ${gy(thresholdGy)} threshold`,
      },
    ];
  });
}

/** The decision and its reasons (see the file comment for the rule). */
export function decideTherapy(input: DecisionInput): Decision {
  const verdict = decideOnDoses(input);
  const problems = input.studyProblems ?? [];
  if (problems.length === 0) return verdict;
  return {
    decision: 'not assessable',
    reasons: [
      ...problems,
      ...verdict.reasons.filter((reason) => !reason.code.startsWith('lesion.not-assessable')),
    ],
  };
}

function decideOnDoses(input: DecisionInput): Decision {
  const { lesions, thresholdGy, mta } = input;
  const assessable = lesions.filter((lesion) => lesion.assessable);
  const unassessable = lesions.filter((lesion) => !lesion.assessable);
  const reaching = assessable.filter((lesion) => lesion.reachesThreshold);
  const unassessableReasons = unassessable.map((lesion): DecisionReason => ({
    code: 'lesion.not-assessable',
    message: `lesion ${lesion.id} is not assessable: ${firstAndCount(lesion.notAssessableReasons)}`,
  }));
  const mtaReason: DecisionReason | null =
    mta.status === 'trusted'
      ? null
      : {
          code: mta.status === 'missing' ? 'mta.missing' : 'mta.untrusted',
          message:
            (mta.status === 'missing' ? 'the MTA was not computed' : 'the MTA cannot be trusted') +
            (mta.reasons.length > 0 ? `: ${mta.reasons.join('; ')}` : ''),
        };

  if (lesions.length === 0) {
    return {
      decision: 'not assessable',
      reasons: [{ code: 'lesions.none', message: 'no lesion was measured' }],
    };
  }
  if (reaching.length > 0) {
    const best = reaching.reduce((a, b) => (b.doseAtTherapyGy > a.doseAtTherapyGy ? b : a));
    const reachReason: DecisionReason = {
      code: 'lesion.reaches-threshold',
      message:
        `lesion ${best.id} receives ${gy(best.doseAtTherapyGy)} at ${gbq(input.activityGBq)}, ` +
        `at least the ${gy(thresholdGy)} threshold${intervalText(best)}`,
    };
    if (mtaReason !== null) {
      return {
        decision: 'not assessable',
        reasons: [
          {
            ...mtaReason,
            message: `${mtaReason.message}, so the activity that may be given is not known`,
          },
          reachReason,
        ],
      };
    }
    return {
      decision: 'eligible',
      reasons: [reachReason, ...closeCallReasons(reaching, thresholdGy)],
    };
  }
  // No assessable lesion reaches the threshold at the therapy activity.
  const best = assessable.reduce<DecisionLesion | null>(
    (a, b) => (a === null || b.doseAtTherapyGy > a.doseAtTherapyGy ? b : a),
    null,
  );
  const missReason: DecisionReason | null =
    best === null
      ? null
      : {
          code: 'lesion.below-threshold',
          message:
            `no assessable lesion reaches ${gy(thresholdGy)} at ${gbq(input.activityGBq)}; ` +
            `the highest is lesion ${best.id} with ${gy(best.doseAtTherapyGy)}${intervalText(best)}`,
        };
  const misses = missReason === null ? [] : [missReason];
  if (unassessable.length > 0) {
    return { decision: 'not assessable', reasons: [...unassessableReasons, ...misses] };
  }
  const mtaLowered = input.activityGBq < input.plannedActivityGBq;
  const reachAtPlanned = assessable.some((lesion) =>
    reachesThreshold(lesion.doseAtPlannedGy, thresholdGy),
  );
  if (mtaReason !== null && mta.status === 'untrusted' && mtaLowered && reachAtPlanned) {
    return {
      decision: 'not assessable',
      reasons: [
        {
          ...mtaReason,
          message: `${mtaReason.message}; it lowers the activity below the planned ${gbq(input.plannedActivityGBq)}, where a lesion would reach the threshold`,
        },
        ...misses,
      ],
    };
  }
  const noMtaNote: DecisionReason[] =
    mtaReason === null
      ? []
      : [
          {
            code: `${mtaReason.code}.not-needed`,
            message: `${mtaReason.message}; not needed for this verdict: no lesion reaches the threshold even at the planned ${gbq(input.plannedActivityGBq)}`,
          },
        ];
  return {
    decision: 'not eligible',
    reasons: [...misses, ...closeCallReasons(assessable, thresholdGy), ...noMtaNote],
  };
}
