/**
 * Timepoints of a patient: creation, the forms' patch (weight, tracer, therapy, settings,
 * overrides, measurements; validated with the manifest's schemas) and the patient list's summaries.
 * Values are stored as given (the tracer's syringe form stays a syringe form); the run reads them
 * through the manifest, which computes what they imply.
 */
import { z } from 'zod';
import { identifier } from '../core/quantity-schema.ts';
import { RESERVED_TIMEPOINTS } from '../io/manifest/cohort-manifest.ts';
import {
  overridesSchema,
  patientSchema,
  settingsSchema,
  studyManifestSchema,
  therapySchema,
  tracerSchema,
} from '../io/manifest/manifest-schema.ts';
import type { TimepointDetail, TimepointPatch, TimepointSummary } from './api-types.ts';
import { writeAudit } from './audit.ts';
import { checkDateTime, validBody } from './body.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import { inTransaction, type Client, type Store } from './open.ts';
import { getTimepoint } from './timepoint-detail.ts';
import {
  bumpInputs,
  latestRunOf,
  stateOf,
  timepointRow,
  type TimepointRow,
} from './timepoint-rows.ts';
import { jsonOrNull, parseJson } from './validate.ts';

/** The summaries of a patient's timepoints, in the order they were entered. */
export function timepointSummaries(store: Store, patientId: number): TimepointSummary[] {
  const rows = store.db
    .prepare('SELECT id, label, inputs_rev FROM timepoints WHERE patient_id = ? ORDER BY id')
    .all(patientId) as { id: number; label: string; inputs_rev: number }[];
  return rows.map((row) => {
    const run = latestRunOf(store, row.id, row.inputs_rev);
    return {
      id: row.id,
      label: row.label,
      state: stateOf(store, row.id, row.inputs_rev),
      latestRunId: run?.id ?? null,
      decision: run?.decision ?? null,
    };
  });
}

/** A timepoint label is a cohort timepoint key (cohort-manifest.ts): an identifier, not reserved. */
const timepointLabel = identifier('a timepoint label (baseline, wk6, ...)').refine(
  (label) => !(RESERVED_TIMEPOINTS as readonly string[]).includes(label),
  {
    error: `expected a timepoint label other than ${RESERVED_TIMEPOINTS.join(', ')} (reserved in cohort.json)`,
  },
);

const inputSchema = z.strictObject({ label: timepointLabel });

const patchSchema = z.strictObject({
  label: timepointLabel.optional(),
  weightKg: patientSchema.shape.weightKg.nullable().optional(),
  diffuseLungMetastases: patientSchema.shape.diffuseLungMetastases.unwrap().optional(),
  tracer: tracerSchema.nullable().optional(),
  therapy: therapySchema.nullable().optional(),
  settings: settingsSchema.nullable().optional(),
  overrides: overridesSchema.nullable().optional(),
  measurements: studyManifestSchema.shape.measurements.unwrap().nullable().optional(),
});

/** 409 when another timepoint of the patient has `label`. */
function refuseTakenLabel(store: Store, patientId: number, label: string, except: number): void {
  const taken = store.db
    .prepare('SELECT 1 FROM timepoints WHERE patient_id = ? AND label = ? AND id != ?')
    .get(patientId, label, except);
  if (taken !== undefined) {
    throw new ConflictError(
      'label',
      `the patient has a timepoint ${JSON.stringify(label)} already`,
      'choose another label',
    );
  }
}

export function createTimepoint(
  store: Store,
  patientId: number,
  input: unknown,
  client: Client,
): TimepointDetail {
  const { label } = validBody(inputSchema, input);
  return inTransaction(store, () => {
    if (store.db.prepare('SELECT 1 FROM patients WHERE id = ?').get(patientId) === undefined) {
      throw new NotFoundError('patient', patientId);
    }
    refuseTakenLabel(store, patientId, label, -1);
    const id = Number(
      store.db
        .prepare('INSERT INTO timepoints (patient_id, label, created_at_utc) VALUES (?, ?, ?)')
        .run(patientId, label, new Date().toISOString()).lastInsertRowid,
    );
    const audit = { entity: 'timepoint', entityId: id, timepointId: id };
    writeAudit(store, { ...audit, action: 'create', before: null, after: { label } }, client);
    return getTimepoint(store, id);
  });
}

type PatchKey = keyof typeof patchSchema.shape;

/** The patchable fields of a row, as the API shows them. */
function fieldsOf(row: TimepointRow): Record<PatchKey, unknown> {
  return {
    label: row.label,
    weightKg: row.weight_kg,
    diffuseLungMetastases: row.diffuse_lung !== 0,
    tracer: parseJson(row.tracer_json),
    therapy: parseJson(row.therapy_json),
    settings: parseJson(row.settings_json),
    overrides: parseJson(row.overrides_json),
    measurements: parseJson(row.measurements_json),
  };
}

const COLUMNS: Record<PatchKey, string> = {
  label: 'label',
  weightKg: 'weight_kg',
  diffuseLungMetastases: 'diffuse_lung',
  tracer: 'tracer_json',
  therapy: 'therapy_json',
  settings: 'settings_json',
  overrides: 'overrides_json',
  measurements: 'measurements_json',
};

/** The value a column stores for a patched field, as given (JSON text for the objects). */
function columnValue(key: PatchKey, value: unknown): string | number | null {
  if (key === 'label' || key === 'weightKg') return (value ?? null) as string | number | null;
  if (key === 'diffuseLungMetastases') return value === true ? 1 : 0;
  return jsonOrNull(value);
}

/** Sets the fields the patch names (omitted keys stay, null clears); one audit row. */
export function patchTimepoint(
  store: Store,
  timepointId: number,
  patch: unknown,
  client: Client,
): TimepointDetail {
  const valid = validBody(patchSchema, patch);
  const given = patch as TimepointPatch;
  const tracer = given.tracer ?? undefined;
  for (const key of ['administeredAt', 'syringeAt', 'residualAt'] as const) {
    checkDateTime(tracer?.[key], `tracer.${key}`);
  }
  valid.measurements?.lesions.forEach((row, index) =>
    checkDateTime(row.at, `measurements.lesions[${index}].at`),
  );
  const keys = (Object.keys(COLUMNS) as PatchKey[]).filter((key) => given[key] !== undefined);
  return inTransaction(store, () => {
    const row = timepointRow(store, timepointId);
    if (keys.length === 0) return getTimepoint(store, timepointId);
    if (given.label !== undefined) refuseTakenLabel(store, row.patient_id, given.label, row.id);
    const old = fieldsOf(row);
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const key of keys) {
      // As given, but measurements with their `lesions: []` default (MeasurementsInput).
      const stored = key === 'measurements' ? valid.measurements : given[key];
      const value = columnValue(key, stored);
      store.db.prepare(`UPDATE timepoints SET ${COLUMNS[key]} = ? WHERE id = ?`).run(value, row.id);
      before[key] = old[key];
      after[key] = stored;
    }
    bumpInputs(store, row.id);
    writeAudit(
      store,
      {
        action: 'update',
        entity: 'timepoint',
        entityId: row.id,
        timepointId: row.id,
        before,
        after,
      },
      client,
    );
    return getTimepoint(store, row.id);
  });
}
