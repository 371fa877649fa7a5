/**
 * Coded concepts of iodose's Measurement Report (PS3.16 TID 1500): DCM (PS3.16 Annex D), SCT
 * (SNOMED CT), UMLS and UCUM codes where PS3.16 has them, and iodose's own scheme "99IODOSE"
 * (a private coding scheme, PS3.16 8.2: designators beginning with "99") where it has none. The
 * table of the 99IODOSE codes, and why each is private, is in README.md beside this file; the
 * Coding Scheme Identification Sequence of the SR names the scheme (IODOSE_SCHEME).
 */
import type { CodeItem } from '../seg/seg-codes.ts';

export type { CodeItem } from '../seg/seg-codes.ts';

const dcm = (CodeValue: string, CodeMeaning: string): CodeItem => ({
  CodeValue,
  CodingSchemeDesignator: 'DCM',
  CodeMeaning,
});
const sct = (CodeValue: string, CodeMeaning: string): CodeItem => ({
  CodeValue,
  CodingSchemeDesignator: 'SCT',
  CodeMeaning,
});
const umls = (CodeValue: string, CodeMeaning: string): CodeItem => ({
  CodeValue,
  CodingSchemeDesignator: 'UMLS',
  CodeMeaning,
});
const iodose = (CodeValue: string, CodeMeaning: string): CodeItem => ({
  CodeValue,
  CodingSchemeDesignator: '99IODOSE',
  CodeMeaning,
});
/** A UCUM unit (CID 82 and PS3.16 "UCUM"): the UCUM code is the code value. */
export const ucum = (CodeValue: string, CodeMeaning: string): CodeItem => ({
  CodeValue,
  CodingSchemeDesignator: 'UCUM',
  CodeMeaning,
});

/** Coding Scheme Identification Sequence (0008,0110) item of the private scheme. */
export const IODOSE_SCHEME = {
  CodingSchemeDesignator: '99IODOSE',
  CodingSchemeName: 'iodose radioiodine dosimetry codes',
  CodingSchemeVersion: '1',
  CodingSchemeResponsibleOrganization: 'iodose project (src/io/dicom/sr/README.md)',
};

/** Structure of TID 1500 and its included templates (PS3.16). */
export const SR = {
  imagingMeasurementReport: dcm('126000', 'Imaging Measurement Report'),
  languageOfContent: dcm('121049', 'Language of Content Item and Descendants'),
  english: { CodeValue: 'en', CodingSchemeDesignator: 'RFC5646', CodeMeaning: 'English' },
  observerType: dcm('121005', 'Observer Type'),
  device: dcm('121007', 'Device'),
  deviceObserverUid: dcm('121012', 'Device Observer UID'),
  deviceObserverName: dcm('121013', 'Device Observer Name'),
  procedureReported: dcm('121058', 'Procedure reported'),
  /** CID 100 / SCT: PET of the whole body, the 124I PET/CT sessions. */
  petWholeBody: sct('702767007', 'Positron emission tomography of whole body'),
  imagingMeasurements: dcm('126010', 'Imaging Measurements'),
  measurementGroup: dcm('125007', 'Measurement Group'),
  trackingIdentifier: dcm('112039', 'Tracking Identifier'),
  trackingUid: dcm('112040', 'Tracking Unique Identifier'),
  /** TID 1502 Time Point Context, row 1. */
  timePoint: umls('C2348792', 'Time Point'),
  finding: dcm('121071', 'Finding'),
  lesion: sct('52988006', 'Lesion'),
  referencedSegment: dcm('121191', 'Referenced Segment'),
  sourceSeriesForSegmentation: dcm('121232', 'Source series for segmentation'),
  derivation: dcm('121401', 'Derivation'),
  mean: sct('373098007', 'Mean'),
  /**
   * The uncertainty of a measurement: TID 310 Measurement Properties' "+/-, range of measurement
   * uncertainty" (CID 225 concept) as a HAS PROPERTIES NUM of the measurement, with Derivation =
   * Standard Deviation saying the range is one standard deviation (not a 95% interval).
   */
  rangeOfUncertainty: sct('371884006', '+/-, range of measurement uncertainty'),
  standardDeviation: sct('386136009', 'Standard Deviation'),
  qualitativeEvaluations: umls('C0034375', 'Qualitative Evaluations'),
} as const;

/** The measured and derived quantities. */
export const QUANTITY = {
  volume: sct('118565006', 'Volume'),
  /** CID 7180: the 124I activity concentration in the VOI (with Derivation = Mean). */
  tracerConcentration: dcm('126377', 'Tracer Concentration'),
  /** DCM 128513 (CID 10070): the absorbed dose at the therapy activity, Gy. */
  absorbedDose: dcm('128513', 'Absorbed Dose'),
  residenceTime: iodose('RT131', '131I residence time (time-integrated activity coefficient)'),
  effectiveHalfLife: iodose('TEFF', 'Effective half-life'),
  dosePerActivity: iodose('DPA', 'Absorbed dose per administered 131I activity'),
  bloodDosePerActivity: iodose('BDPA', 'Blood absorbed dose per administered 131I activity'),
  wbRetention48h: iodose('R48', 'Whole-body 131I retention at 48 h'),
  mta: iodose('MTA', 'Maximum tolerable 131I activity'),
  therapyActivity: iodose('TACT', '131I therapy activity'),
  doseThreshold: iodose('DTHR', 'Lesion absorbed dose threshold'),
} as const;

/** Qualitative evaluations: the decision, assessability and their reasons. */
export const EVALUATION = {
  therapyDecision: iodose('DECISION', '131I therapy decision'),
  eligible: iodose('ELIGIBLE', 'Eligible'),
  notEligible: iodose('NOTELIG', 'Not eligible'),
  notAssessable: iodose('NOTASSESS', 'Not assessable'),
  decisionReason: iodose('REASON', 'Decision reason'),
  lesionAssessability: iodose('ASSESS', 'Lesion dose assessability'),
  assessable: iodose('ASSESSABLE', 'Assessable'),
  notAssessableReason: iodose('NAREASON', 'Reason not assessable'),
  mtaLimitedBy: iodose('MTALIMIT', 'MTA limited by'),
} as const;

/** UCUM units of the report. */
export const UNIT = {
  ml: ucum('ml', 'milliliter'),
  bqPerMl: ucum('Bq/ml', 'becquerel per milliliter'),
  hour: ucum('h', 'hour'),
  gyPerGBq: ucum('Gy/GBq', 'gray per gigabecquerel'),
  gy: ucum('Gy', 'gray'),
  gbq: ucum('GBq', 'gigabecquerel'),
  percent: ucum('%', 'percent'),
} as const;
