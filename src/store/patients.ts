/**
 * Patients: pseudonymous code (manifest patient.id), sex, height, cohort attributes
 * (patient-attributes.ts); weight is per timepoint.
 */
import { patientSchema } from '../io/manifest/manifest-schema.ts';
import type { PatientInput, PatientSummary, TimepointSummary } from './api-types.ts';
import { writeAudit } from './audit.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import { inTransaction, type Client, type Store } from './open.ts';
import {
  attributesJson,
  parseAttributes,
  validAttributes,
  type PatientAttributes,
} from './patient-attributes.ts';
import { timepointSummaries } from './timepoints.ts';
import { validField } from './validate.ts';

interface PatientRow {
  id: number;
  code: string;
  sex: 'F' | 'M' | null;
  height_cm: number | null;
  attributes_json: string | null;
}

function summary(store: Store, row: PatientRow): PatientSummary {
  const timepoints: TimepointSummary[] = timepointSummaries(store, row.id);
  return {
    id: row.id,
    code: row.code,
    sex: row.sex,
    heightCm: row.height_cm,
    attributes: parseAttributes(row.attributes_json),
    timepoints,
  };
}

function patientRow(store: Store, patientId: number): PatientRow {
  const row = store.db.prepare('SELECT * FROM patients WHERE id = ?').get(patientId) as
    PatientRow | undefined;
  if (row === undefined) throw new NotFoundError('patient', patientId);
  return row;
}

export function getPatient(store: Store, patientId: number): PatientSummary {
  return summary(store, patientRow(store, patientId));
}

export function listPatients(store: Store): PatientSummary[] {
  const rows = store.db.prepare('SELECT * FROM patients ORDER BY code').all() as PatientRow[];
  return rows.map((row) => summary(store, row));
}

function validPatient(input: PatientInput): {
  code: string;
  sex: 'F' | 'M' | null;
  heightCm: number | null;
  /** Absent: not given (an update keeps the stored ones); null in the input clears them. */
  attributes?: PatientAttributes;
} {
  const body = (input ?? {}) as PatientInput;
  const code = validField(patientSchema.shape.id, body.code, 'code');
  const sex =
    body.sex == null ? null : (validField(patientSchema.shape.sex, body.sex, 'sex') ?? null);
  const heightCm =
    body.heightCm == null
      ? null
      : (validField(patientSchema.shape.heightCm, body.heightCm, 'heightCm') ?? null);
  if (body.attributes === undefined) return { code, sex, heightCm };
  const attributes = body.attributes === null ? {} : validAttributes(body.attributes, 'attributes');
  return { code, sex, heightCm, attributes };
}

function refuseTakenCode(store: Store, code: string, except: number): void {
  const taken = store.db
    .prepare('SELECT id FROM patients WHERE code = ? AND id != ?')
    .get(code, except);
  if (taken !== undefined) {
    throw new ConflictError(
      'code',
      `a patient with code ${JSON.stringify(code)} exists already`,
      'choose another code',
    );
  }
}

export function createPatient(store: Store, input: PatientInput, client: Client): PatientSummary {
  const value = validPatient(input);
  return inTransaction(store, () => {
    refuseTakenCode(store, value.code, -1);
    const id = Number(
      store.db
        .prepare(
          `INSERT INTO patients (code, sex, height_cm, attributes_json, created_at_utc)
           VALUES (?, ?, ?, ?, ?)`,
        )
        .run(
          value.code,
          value.sex,
          value.heightCm,
          attributesJson(value.attributes ?? {}),
          new Date().toISOString(),
        ).lastInsertRowid,
    );
    writeAudit(
      store,
      {
        action: 'create',
        entity: 'patient',
        entityId: id,
        timepointId: null,
        before: null,
        after: value,
      },
      client,
    );
    return getPatient(store, id);
  });
}

export function updatePatient(
  store: Store,
  patientId: number,
  input: PatientInput,
  client: Client,
): PatientSummary {
  const value = validPatient(input);
  return inTransaction(store, () => {
    const before = patientRow(store, patientId);
    refuseTakenCode(store, value.code, patientId);
    const attributes = value.attributes ?? parseAttributes(before.attributes_json);
    store.db
      .prepare(
        'UPDATE patients SET code = ?, sex = ?, height_cm = ?, attributes_json = ? WHERE id = ?',
      )
      .run(value.code, value.sex, value.heightCm, attributesJson(attributes), patientId);
    // Code, sex and height are part of every timepoint's manifest; the cohort attributes are not
    // (a changed histology leaves the runs current).
    if (
      before.code !== value.code ||
      before.sex !== value.sex ||
      before.height_cm !== value.heightCm
    ) {
      store.db
        .prepare('UPDATE timepoints SET inputs_rev = inputs_rev + 1 WHERE patient_id = ?')
        .run(patientId);
    }
    writeAudit(
      store,
      {
        action: 'update',
        entity: 'patient',
        entityId: patientId,
        timepointId: null,
        before: {
          code: before.code,
          sex: before.sex,
          heightCm: before.height_cm,
          // Attributes in the audit row when the change set them.
          ...(value.attributes === undefined
            ? {}
            : { attributes: parseAttributes(before.attributes_json) }),
        },
        after: value,
      },
      client,
    );
    return getPatient(store, patientId);
  });
}
