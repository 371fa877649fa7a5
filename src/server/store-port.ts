/**
 * The store functions the routes call (signatures of STORE-API.md). buildServer takes them as a
 * record so the routes are tested over a fake store while src/store is being written; serve()
 * passes the real module.
 */
import type * as T from './api-types.ts';

export type Client = string;

export interface StorePort<S = unknown> {
  listPatients(store: S): T.PatientSummary[];
  createPatient(store: S, input: unknown, client: Client): T.PatientSummary;
  updatePatient(store: S, patientId: number, input: unknown, client: Client): T.PatientSummary;
  createTimepoint(store: S, patientId: number, input: unknown, client: Client): T.TimepointDetail;
  getTimepoint(store: S, timepointId: number): T.TimepointDetail;
  patchTimepoint(store: S, timepointId: number, patch: unknown, client: Client): T.TimepointDetail;
  setSessions(store: S, timepointId: number, sessions: unknown, client: Client): T.TimepointDetail;
  createLesion(store: S, timepointId: number, input: unknown, client: Client): T.TimepointDetail;
  updateLesion(store: S, lesionId: number, input: unknown, client: Client): T.TimepointDetail;
  deleteLesion(store: S, lesionId: number, client: Client): T.TimepointDetail;
  putSeed(
    store: S,
    lesionId: number,
    sessionId: number,
    seed: unknown,
    client: Client,
  ): T.TimepointDetail;
  deleteSeed(store: S, lesionId: number, sessionId: number, client: Client): T.TimepointDetail;
  putBlood(store: S, timepointId: number, samples: unknown, client: Client): T.TimepointDetail;
  putWholeBody(store: S, timepointId: number, counts: unknown, client: Client): T.TimepointDetail;
  putRecovery(store: S, timepointId: number, upload: unknown, client: Client): T.TimepointDetail;
  getRun(store: S, runId: number): T.RunDetail;
  runFilePath(store: S, runId: number, name: string): string;
  addReview(store: S, runId: number, input: unknown, client: Client): T.RunDetail;
  listAudit(store: S, q: { entity?: string; entityId?: number; limit?: number }): T.AuditEntry[];
}
