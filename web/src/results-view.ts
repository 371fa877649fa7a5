/**
 * The part of results.json (src/study/results.ts StudyResults) the results page shows. Written
 * out here because web/ is type-checked with DOM libraries only and StudyResults' module graph
 * reaches Node types; test/web/format.test.ts checks that a StudyResults is assignable to this,
 * so a rename there fails the type check.
 */
export interface ReasonView {
  code: string;
  message: string;
}

export interface LesionView {
  id: string;
  site: string | null;
  volumeMl: number;
  recoveryCoefficient: number;
  uptake24hPercent: number;
  residenceTimeH: number;
  effectiveHalfLifeH: number | null;
  doseGyPerGBq: number;
  doseSigmaGyPerGBq: number;
  dose95GyPerGBq: [number, number];
  doseAtTherapyGy: number;
  doseAtTherapySigmaGy: number;
  probabilityReachesThreshold: number;
  activityForThresholdGBq: number | null;
  assessable: boolean;
  notAssessableReasons: ReasonView[];
  warnings: string[];
  imaging?: { warnings: string[] } | undefined;
}

export interface ResultsView {
  patient: { id: string; weightKg: number };
  lesions: LesionView[];
  blood: {
    doseGyPerGBq: number;
    doseSigmaGyPerGBq: number | null;
    wbRetention48hPercent: number;
    wbRetention48hSigmaPercent?: number | undefined;
  } | null;
  mta: {
    activityGBq: number;
    activitySigmaGBq: number;
    bloodLimitGBq: number;
    retentionLimitActivityGBq: number;
    limitedBy: string;
  } | null;
  therapy: {
    decision: 'eligible' | 'not eligible' | 'not assessable';
    decisionReasons: ReasonView[];
    maxLesionDoseGy: number;
    activityGBq: number;
    limitedBy: string;
    lesionDoseThresholdGy: number;
    probabilityEligible: number;
  };
  warnings: string[];
}
