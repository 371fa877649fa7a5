/**
 * The JSON contract between `iodose serve` (src/server), its store (src/store, which returns these
 * shapes) and the browser UI (web/): one place for the shapes all three use. Types only; the
 * server validates request bodies with zod schemas of the same shapes (the manifest's own schemas
 * where a field is a manifest field), so a value the CLI refuses is refused here with the same
 * message.
 *
 * Conventions: ids are the store's integer row ids; times are the manifest's ISO local date-times
 * ("2024-03-04T09:15:00", same clock as the DICOM headers) unless named `...Utc` (ISO with Z);
 * points are LPS millimetres (`pointLps`); the viewer converts to and from niivue's RAS at its
 * edge. Every error answer is an `ApiError` with a 4xx status (5xx only for programming errors).
 *
 * Routes (all under /api; JSON unless said):
 *   GET    /health                                  -> HealthResponse
 *   GET    /patients                                -> PatientSummary[]
 *   POST   /patients              PatientInput      -> PatientSummary
 *   PATCH  /patients/:pid         PatientInput      -> PatientSummary
 *   POST   /patients/:pid/timepoints TimepointInput -> TimepointDetail
 *   GET    /timepoints/:tid                         -> TimepointDetail
 *   PATCH  /timepoints/:tid       TimepointPatch    -> TimepointDetail
 *   POST   /timepoints/:tid/import ImportFolderRequest            -> JobStatus (kind import)
 *   POST   /timepoints/:tid/upload multipart/form-data, files     -> JobStatus (kind import)
 *   PUT    /timepoints/:tid/sessions SessionInput[] -> TimepointDetail (assign series to sessions)
 *   POST   /timepoints/:tid/lesions LesionInput     -> TimepointDetail
 *   PATCH  /lesions/:lid          LesionInput       -> TimepointDetail
 *   DELETE /lesions/:lid                            -> TimepointDetail
 *   PUT    /lesions/:lid/seeds/:sid SeedInput       -> TimepointDetail (sid: session id)
 *   DELETE /lesions/:lid/seeds/:sid                 -> TimepointDetail
 *   GET    /lesions/:lid/voi/:sid                   -> VoiPreview (segments at the stored seed)
 *   GET    /lesions/:lid/voi/:sid/mask.nii          -> NIfTI uint8 mask on the session's PET grid
 *   GET    /lesions/:lid/voi/:sid/ct-mask.nii       -> NIfTI uint8 mask of the CT region (the CT
 *                                                      volume's voxels) on the session's CT grid
 *   PUT    /timepoints/:tid/blood  BloodSampleInput[]     -> TimepointDetail (replaces the list)
 *   PUT    /timepoints/:tid/whole-body WholeBodyCountInput[] -> TimepointDetail
 *   PUT    /timepoints/:tid/recovery RecoveryUpload -> TimepointDetail (a recovery file's JSON)
 *   GET    /series/:sid/volume.nii                  -> NIfTI (PET float32 Bq/mL, CT int16 HU)
 *   GET    /series/:sid/display.nii                 -> NIfTI int16 HU: a CT cropped to the body
 *                                                      (what the viewer shows; not for measuring)
 *   GET    /sessions/:sid/view                      -> SessionView (what the viewer needs)
 *   POST   /timepoints/:tid/runs  RunRequest        -> JobStatus (kind run)
 *   GET    /runs/:rid                               -> RunDetail
 *   GET    /runs/:rid/files/:name                   -> an artefact (report.html, report.pdf,
 *                                                      results.json, *.seg.dcm, *.rtdose.dcm,
 *                                                      report.sr.dcm, report.pdf.dcm)
 *   GET    /runs/:rid/manifest.yaml                 -> the manifest the run used, with paths
 *                                                      absolute, runnable by `iodose run`
 *   POST   /runs/:rid/review      ReviewInput       -> RunDetail (sign-off, in the audit log)
 *   GET    /jobs/:jid                               -> JobStatus
 *   GET    /jobs/:jid/events                        -> text/event-stream of JobStatus
 *   DELETE /jobs/:jid                               -> JobStatus (cancels)
 *   GET    /cohort                                  -> CohortView (latest run of each timepoint)
 *   GET    /cohort/settings                         -> CohortSettings
 *   PUT    /cohort/settings       CohortSettings    -> CohortSettings (replaces them)
 *   GET    /audit?entity=&entityId=&limit=          -> AuditEntry[]
 *   POST   /demo/import                             -> JobStatus (kind demo; empty store only)
 *   GET    /pacs-nodes                              -> PacsNodeSummary[]
 *   POST   /pacs-nodes            PacsNodeInput     -> PacsNodeSummary
 *   PATCH  /pacs-nodes/:nid       PacsNodePatch     -> PacsNodeSummary
 *   DELETE /pacs-nodes/:nid                         -> PacsNodeSummary (the deleted node)
 *   POST   /pacs-nodes/:nid/echo                    -> PacsEchoResult (C-ECHO or a cheap QIDO-RS)
 *   GET    /pacs-nodes/:nid/studies?patientId=&patientName=&studyDate= -> PacsStudy[]
 *   GET    /pacs-nodes/:nid/studies/:studyUid/series -> PacsSeries[]
 *   POST   /timepoints/:tid/pacs-import PacsImportRequest -> JobStatus (kind import)
 *   POST   /runs/:rid/send        PacsSendRequest   -> JobStatus (kind send; the run's DICOM files)
 */

/** The state of a timepoint, in the order a physicist goes through them. */
export type TimepointState = 'empty' | 'imported' | 'seeded' | 'measured' | 'run' | 'reviewed';

/** A 3-vector in patient LPS millimetres. */
export type PointLps = [number, number, number];

/** Every 4xx answer. `field` is the manifest-style path ("blood[1].concBqPerMl"). */
export interface ApiError {
  error: string;
  field?: string | undefined;
  expected?: string | undefined;
  hint?: string | undefined;
}

export interface HealthResponse {
  ok: true;
  version: string;
}

export interface PatientInput {
  /** The pseudonymous patient code (manifest `patient.id`), unique in the store. */
  code: string;
  sex?: 'F' | 'M' | null | undefined;
  heightCm?: number | null | undefined;
  /**
   * Cohort attributes (the cohort file's per-patient fields that `groupBy` names), e.g.
   * {"histology": "papillary"}: names as in a cohort file (not id, studies, fdg, heightCm,
   * weightKg, sex), values text or numbers. Absent: an update keeps the stored ones; null or {}
   * clears them.
   */
  attributes?: Record<string, string | number> | null | undefined;
}

export interface PatientSummary {
  id: number;
  code: string;
  sex: 'F' | 'M' | null;
  heightCm: number | null;
  /** Cohort attributes ({} when none; see PatientInput.attributes). */
  attributes?: Record<string, string | number> | undefined;
  timepoints: TimepointSummary[];
}

export interface TimepointInput {
  /** The trial timepoint ("baseline", "wk6"), unique per patient; cohort timepoint key. */
  label: string;
}

export interface TimepointSummary {
  id: number;
  label: string;
  state: TimepointState;
  latestRunId: number | null;
  /** The latest run's decision ("eligible", "not eligible", "not assessable"), or null. */
  decision: string | null;
}

/** The manifest's `tracer` as given (activityMBq, or syringe with residual). */
export interface TracerInput {
  nuclide: 'I-124';
  administeredAt: string;
  activityMBq?: number | undefined;
  syringeMBq?: number | undefined;
  syringeAt?: string | undefined;
  residualMBq?: number | undefined;
  residualAt?: string | undefined;
}

/** Fields of a timepoint the forms edit; omitted keys stay, null clears. */
export interface TimepointPatch {
  label?: string | undefined;
  weightKg?: number | null | undefined;
  diffuseLungMetastases?: boolean | undefined;
  tracer?: TracerInput | null | undefined;
  /** The manifest's `therapy` object (plannedActivityGBq, lesionDoseThresholdGy, ...). */
  therapy?: Record<string, unknown> | null | undefined;
  /** The manifest's `settings` object (kinetics, uncertainty, voxelDosimetry, ...). */
  settings?: Record<string, unknown> | null | undefined;
  /** The manifest's `overrides` object. */
  overrides?: Record<string, boolean> | null | undefined;
  /**
   * The manifest's `measurements` ({ lesions: LesionMeasurementInput[] }): a measurement-level
   * timepoint (concentrations measured elsewhere, e.g. the demo cohort) instead of seeds on images.
   */
  measurements?: MeasurementsInput | null | undefined;
}

/** The manifest's `measurements.lesions[]` entry as given. */
export interface LesionMeasurementInput {
  /** The lesion's label (manifest lesion id). */
  lesion: string;
  at: string;
  meanConcBqPerMl: number;
  volumeMl?: number | undefined;
  recoveryCoefficient?: number | undefined;
}

/** The manifest's `measurements`. */
export interface MeasurementsInput {
  lesions: LesionMeasurementInput[];
}

export interface SeriesSummary {
  id: number;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  frameOfReferenceUid: string | null;
  modality: string;
  description: string;
  instanceCount: number;
  /** Acquisition (PET: series) date-time, manifest clock; null when the headers lack it. */
  acquiredAt: string | null;
  /** Columns, rows, slices of the assembled volume. */
  size: [number, number, number] | null;
}

/** POST /timepoints/:tid/import: a folder on the server's machine, read recursively. */
export interface ImportFolderRequest {
  /** Absolute path. */
  folder: string;
}

export interface SessionInput {
  /** The manifest scan id ("pet24"); unique per timepoint. */
  label: string;
  petSeriesId: number;
  ctSeriesId?: number | null | undefined;
}

export interface SessionDetail {
  id: number;
  label: string;
  petSeriesId: number;
  ctSeriesId: number | null;
  /** Hours from administration to the PET acquisition, when the tracer is known. */
  hoursAfterAdministration: number | null;
}

export interface LesionInput {
  /** The manifest lesion id ("L1"); unique per timepoint. */
  label: string;
  site?: string | null | undefined;
  /** A CT volume measured elsewhere (manifest `volumeMl`). */
  volumeMl?: number | null | undefined;
}

export interface SeedInput {
  pointLps: PointLps;
}

export interface LesionDetail {
  id: number;
  label: string;
  site: string | null;
  volumeMl: number | null;
  seeds: { sessionId: number; pointLps: PointLps }[];
}

export interface BloodSampleInput {
  at: string;
  concBqPerMl: number;
}

/** The manifest's wholeBody entry as given (netCounts, or conjugate views). */
export interface WholeBodyCountInput {
  at: string;
  netCounts?: number | undefined;
  anteriorCounts?: number | undefined;
  posteriorCounts?: number | undefined;
  anteriorBackgroundCounts?: number | undefined;
  posteriorBackgroundCounts?: number | undefined;
}

export interface RecoveryUpload {
  /** Shown in the UI ("scanner-a.json"). */
  name: string;
  /** The recovery file's parsed JSON (from `iodose calibrate`); validated as the CLI does. */
  content: unknown;
}

export interface TimepointDetail {
  id: number;
  patientId: number;
  patientCode: string;
  label: string;
  state: TimepointState;
  weightKg: number | null;
  diffuseLungMetastases: boolean;
  tracer: TracerInput | null;
  therapy: Record<string, unknown> | null;
  settings: Record<string, unknown> | null;
  overrides: Record<string, boolean> | null;
  recovery: { name: string; sha256: string } | null;
  series: SeriesSummary[];
  sessions: SessionDetail[];
  lesions: LesionDetail[];
  blood: BloodSampleInput[];
  wholeBody: WholeBodyCountInput[];
  runs: RunSummary[];
  /** What is still missing before a run can start (empty when it can). */
  missing: string[];
  /** The manifest's `measurements` of a measurement-level timepoint, or null (image-level). */
  measurements?: MeasurementsInput | null | undefined;
}

/** What the viewer loads for one session. */
export interface SessionView {
  sessionId: number;
  label: string;
  /** URLs of the NIfTI volumes (relative to the page); ctUrl is the CT cropped to the body. */
  petUrl: string;
  ctUrl: string | null;
  /** PET display range suggestion, Bq/mL: 0 to the seeded lesions' highest peak, else to half
   *  the image maximum (src/server/pet-range.ts). */
  petRangeBqPerMl: [number, number];
  /** The PET grid: to go from a click to a voxel and back. */
  petGrid: {
    size: [number, number, number];
    spacingMm: [number, number, number];
    originLps: PointLps;
    /** As src/core/volume.ts Mat3: row-major 3x3 whose COLUMNS are the LPS unit vectors of i, j, k
     *  (i along a DICOM row, j down a column, k the slice normal): LPS = origin + D (s_i i, s_j j, s_k k). */
    direction: number[];
  };
}

/** The isocontour VOI at a seed, before a run: what the physicist accepts or adjusts. */
export interface VoiPreview {
  lesionId: number;
  sessionId: number;
  seedLps: PointLps;
  maxLps: PointLps;
  petVolumeMl: number;
  ctVolumeMl: number | null;
  meanConcBqPerMl: number;
  maxConcBqPerMl: number;
  backgroundBqPerMl: number;
  thresholdBqPerMl: number;
  voxelCount: number;
  maskUrl: string;
  /** The CT region's mask (ct-mask.nii, CT grid); null when there is no CT volume. */
  ctMaskUrl?: string | null | undefined;
  /** PET and CT warnings; the CT region's start with "CT: ". */
  warnings: string[];
}

export interface RunRequest {
  /** Also make report.pdf (Chromium). */
  pdf?: boolean | undefined;
}

export interface RunSummary {
  id: number;
  createdAtUtc: string;
  version: string;
  inputsSha256: string;
  decision: string;
  reviewed: boolean;
}

export interface RunDetail extends RunSummary {
  timepointId: number;
  /** results.json as the CLI writes it (src/study/results.ts StudyResults). */
  results: unknown;
  /** Artefact names for /runs/:rid/files/:name. */
  files: string[];
  notes: string[];
  review: { byClient: string; atUtc: string; note: string } | null;
}

export interface ReviewInput {
  note?: string | undefined;
}

export type JobKind = 'import' | 'run' | 'demo' | 'send';
export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobStatus {
  id: string;
  kind: JobKind;
  state: JobState;
  /** The use case's progress (src/app/progress.ts Progress), or null before the first event. */
  progress: { stage: string; done: number; total: number } | null;
  error: ApiError | null;
  /** What a finished job made. */
  result: {
    timepointId?: number | undefined;
    seriesIds?: number[] | undefined;
    runId?: number | undefined;
    patientIds?: number[] | undefined;
    /** Import: instances stored by this job. */
    instancesAdded?: number | undefined;
    /** Import: instances skipped because they were stored already. */
    instancesAlreadyStored?: number | undefined;
    /** Import: files that were not DICOM (or DICOM without image UIDs), skipped. */
    skippedFiles?: number | undefined;
    /** Import: the proposed sessions were assigned (folder import, timepoint without sessions). */
    sessionsAssigned?: boolean | undefined;
    /** Send: instances the PACS stored, per Modality ({"SEG": 2, "RTDOSE": 1}). */
    sent?: number | undefined;
    sentByModality?: Record<string, number> | undefined;
  } | null;
}

/** The `iodose cohort` tables and figures over the latest run of each timepoint. */
export interface CohortView {
  /** cohort.json as `iodose cohort` writes it, or null with fewer than one run. */
  cohort: unknown;
  /** The cohort report's HTML (tables and figures), self-contained. */
  html: string | null;
  /** Timepoints left out and why (no run, failed run). */
  notes: string[];
}

/**
 * The cohort's settings in the app: what a cohort file gives `iodose cohort` besides its patients
 * (the patients' attributes are PatientInput.attributes). Stored in DIR/cohort-settings.json. A
 * field left out takes its default: name "iodose serve: latest run of each timepoint";
 * timepoints ordered by when the patients had them (tracer administration, by majority);
 * groupBy every attribute the patients carry (as a cohort file without groupBy); the stopping
 * rule of the cohort file's default (none eligible among the first 9).
 */
export interface CohortSettings {
  name?: string | undefined;
  /** Timepoint labels in order, baseline first; timepoints not listed are left out (noted). */
  timepoints?: string[] | undefined;
  /** Patient attributes to group the change from baseline by, e.g. ["histology"]. */
  groupBy?: string[] | undefined;
  stoppingRule?: { maxEligible: number; afterPatients: number } | undefined;
}

export interface AuditEntry {
  id: number;
  atUtc: string;
  /** "127.0.0.1 Mozilla/5.0 ..." (the client's address and user agent). */
  client: string;
  action: string;
  entity: string;
  entityId: number | null;
  before: unknown;
  after: unknown;
}

/** A PACS node the app knows: a DICOMweb root or a DIMSE node dicom://AET@host:port. */
export interface PacsNodeInput {
  /** Shown in the UI ("Hospital PACS"); unique. */
  name: string;
  /** http(s)://host[:port]/dicom-web (may carry user:password) or dicom://AET@host:port. */
  url: string;
  /** Calling AE title for DIMSE (default IODOSE); null for DICOMweb. */
  callingAet?: string | null | undefined;
}

/** PATCH /pacs-nodes/:nid: omitted keys stay (a URL with credentials is never shown back). */
export interface PacsNodePatch {
  name?: string | undefined;
  url?: string | undefined;
  callingAet?: string | null | undefined;
}

export interface PacsNodeSummary {
  id: number;
  name: string;
  /** The URL without user name and password. */
  url: string;
  kind: 'dicomweb' | 'dimse';
  callingAet: string | null;
  /** The stored URL carries credentials (not shown). */
  hasCredentials: boolean;
  createdAtUtc: string;
}

export interface PacsEchoResult {
  ok: true;
  /** The node's address without credentials. */
  label: string;
  /** Round trip of the echo, milliseconds. */
  elapsedMs: number;
}

/** A study as the PACS lists it (QIDO-RS /studies or C-FIND at STUDY level). */
export interface PacsStudy {
  studyInstanceUid: string;
  patientId: string;
  patientName: string;
  /** DICOM DA "YYYYMMDD" as the PACS gives it ('' when absent). */
  studyDate: string;
  studyDescription: string;
  modalitiesInStudy: string[];
  /** Number of Study Related Series (null when the PACS does not say). */
  seriesCount: number | null;
}

/** A series as the PACS lists it. */
export interface PacsSeries {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  modality: string;
  seriesDescription: string;
  seriesNumber: number | null;
  instances: number | null;
  patientId: string;
}

/** POST /timepoints/:tid/pacs-import: one study, all its series or the ones named. */
export interface PacsImportRequest {
  nodeId: number;
  studyUid: string;
  seriesUids?: string[] | undefined;
}

/** POST /runs/:rid/send: the run's DICOM artefacts to a PACS node. */
export interface PacsSendRequest {
  nodeId: number;
}
