/**
 * A study's results as the TID 1500 Measurement Report (io/dicom/sr): per lesion and session a
 * group with the VOI's volume and mean 124I concentration (TID 1411 referencing its SEG segment
 * for image-level input; TID 1501 with the measurement's time for typed measurements, which have
 * no images), per lesion a TID 1501 group with the lesion's volume, 131I residence time,
 * effective half-life, dose per activity and dose at the therapy activity (each with its 1 sd)
 * and its assessability, per patient a TID 1501 group with the blood dose per activity, R(48 h),
 * the MTA, the therapy activity and the threshold, and at the root the decision with its reasons.
 * The lesion's groups share its tracking identifier and UID. A value that is not finite (written
 * as null in results.json) is left out, never written as a number.
 */
import { EVALUATION, QUANTITY, SR, UNIT, type CodeItem } from '../io/dicom/sr/sr-codes.ts';
import type {
  SrDocument,
  SrEvaluation,
  SrGroup,
  SrMeasurement,
  SrMeta,
} from '../io/dicom/sr/sr-types.ts';
import type { DicomStudyTarget } from '../io/dicom/write/study-target.ts';
import { newUid } from '../io/dicom/write/write-uid.ts';
import type { LesionResult, StudyResults } from '../study/results.ts';
import type { SegReference } from './export-seg.ts';

const finite = (v: number | null | undefined): v is number =>
  typeof v === 'number' && Number.isFinite(v);

/** The measurement, or none when its value is not finite (its sd only when finite). */
function measure(
  concept: CodeItem,
  unit: CodeItem,
  value: number | null | undefined,
  sigma?: number | null,
  derivation?: CodeItem,
): SrMeasurement[] {
  if (!finite(value)) return [];
  return [
    {
      concept,
      unit,
      value,
      ...(finite(sigma) ? { sigma } : {}),
      ...(derivation === undefined ? {} : { derivation }),
    },
  ];
}

const reasonText = (r: { code: string; message: string }) => `${r.code}: ${r.message}`;

/** The session groups of one lesion (see the file comment). */
function sessionGroups(
  lesion: LesionResult,
  id: { trackingId: string; trackingUid: string },
  segs: readonly SegReference[],
): SrGroup[] {
  const scans = lesion.imaging?.scans;
  if (scans === undefined) {
    return lesion.points.map((p) => ({
      ...id,
      timePoint: p.at,
      finding: SR.lesion,
      measurements: measure(
        QUANTITY.tracerConcentration,
        UNIT.bqPerMl,
        p.meanConcBqPerMl,
        null,
        SR.mean,
      ),
      evaluations: [],
    }));
  }
  return scans.map((scan) => {
    const seg = segs.find((s) => s.scanId === scan.scanId);
    const segment = seg?.segments.find((s) => s.lesionId === lesion.id);
    return {
      ...id,
      timePoint: scan.scanId,
      finding: SR.lesion,
      ...(seg === undefined || segment === undefined
        ? {}
        : {
            segment: {
              studyInstanceUid: seg.studyInstanceUid,
              seriesInstanceUid: seg.seriesInstanceUid,
              sopClassUid: seg.sopClassUid,
              sopInstanceUid: seg.sopInstanceUid,
              segmentNumber: segment.segmentNumber,
              sourceSeriesInstanceUid: seg.sourceSeriesInstanceUid,
            },
          }),
      measurements: [
        ...measure(QUANTITY.volume, UNIT.ml, scan.voiVolumeMl),
        ...measure(QUANTITY.tracerConcentration, UNIT.bqPerMl, scan.meanConcBqPerMl, null, SR.mean),
      ],
      evaluations: [],
    };
  });
}

/** The lesion-level group (kinetics and dose). */
function lesionGroup(lesion: LesionResult, id: { trackingId: string; trackingUid: string }) {
  const evaluations: SrEvaluation[] = [
    {
      concept: EVALUATION.lesionAssessability,
      code: lesion.assessable ? EVALUATION.assessable : EVALUATION.notAssessable,
    },
    ...lesion.notAssessableReasons.map((r) => ({
      concept: EVALUATION.notAssessableReason,
      text: reasonText(r),
    })),
  ];
  return {
    ...id,
    finding: SR.lesion,
    measurements: [
      ...measure(QUANTITY.volume, UNIT.ml, lesion.volumeMl),
      ...measure(
        QUANTITY.residenceTime,
        UNIT.hour,
        lesion.residenceTimeH,
        lesion.residenceTimeSigmaH,
      ),
      ...measure(QUANTITY.effectiveHalfLife, UNIT.hour, lesion.effectiveHalfLifeH),
      ...measure(
        QUANTITY.dosePerActivity,
        UNIT.gyPerGBq,
        lesion.doseGyPerGBq,
        lesion.doseSigmaGyPerGBq,
      ),
      ...measure(
        QUANTITY.absorbedDose,
        UNIT.gy,
        lesion.doseAtTherapyGy,
        lesion.doseAtTherapySigmaGy,
      ),
    ],
    evaluations,
  };
}

/** The patient-level group: blood, R(48 h), MTA, therapy activity and threshold. */
function patientGroup(results: StudyResults): SrGroup {
  const { blood, mta, therapy } = results;
  const evaluations: SrEvaluation[] = [];
  if (blood !== null && blood.doseSigmaNotAssessableReason !== null) {
    evaluations.push({
      concept: EVALUATION.notAssessableReason,
      text: `blood dose sd: ${blood.doseSigmaNotAssessableReason}`,
    });
  }
  if (mta !== null) evaluations.push({ concept: EVALUATION.mtaLimitedBy, text: mta.limitedBy });
  return {
    trackingId: `patient ${results.patient.id}`,
    trackingUid: newUid(),
    measurements: [
      ...measure(
        QUANTITY.bloodDosePerActivity,
        UNIT.gyPerGBq,
        blood?.doseGyPerGBq,
        blood?.doseSigmaGyPerGBq,
      ),
      ...measure(
        QUANTITY.wbRetention48h,
        UNIT.percent,
        blood?.wbRetention48hPercent,
        blood?.wbRetention48hSigmaPercent,
      ),
      ...measure(QUANTITY.mta, UNIT.gbq, mta?.activityGBq, mta?.activitySigmaGBq),
      ...measure(QUANTITY.therapyActivity, UNIT.gbq, therapy.activityGBq),
      ...measure(QUANTITY.doseThreshold, UNIT.gy, therapy.lesionDoseThresholdGy),
    ],
    evaluations,
  };
}

const DECISION: Record<StudyResults['therapy']['decision'], CodeItem> = {
  eligible: EVALUATION.eligible,
  'not eligible': EVALUATION.notEligible,
  'not assessable': EVALUATION.notAssessable,
};

/** The Measurement Report of `results` in `target`, referencing the segments of `segs`. */
export function resultsSrDocument(
  results: StudyResults,
  segs: readonly SegReference[],
  target: DicomStudyTarget,
  meta: SrMeta,
): SrDocument {
  const groups: SrGroup[] = [];
  for (const lesion of results.lesions) {
    const id = { trackingId: `lesion ${lesion.id}`, trackingUid: newUid() };
    groups.push(...sessionGroups(lesion, id, segs), lesionGroup(lesion, id));
  }
  groups.push(patientGroup(results));
  const evaluations: SrEvaluation[] = [
    { concept: EVALUATION.therapyDecision, code: DECISION[results.therapy.decision] },
    ...results.therapy.decisionReasons.map((r) => ({
      concept: EVALUATION.decisionReason,
      text: reasonText(r),
    })),
  ];
  return { target, groups, evaluations, meta };
}
