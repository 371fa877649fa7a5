/**
 * A timepoint's blood samples and whole-body counts (manifest `blood[]`, `wholeBody[]`). PUT
 * replaces the list: checked first with the manifest's list schema (field "blood[2].concBqPerMl",
 * the CLI's words), then the old rows go and the new ones are written in one transaction, so any
 * failure keeps the old list. Whole-body entries are stored as given (conjugate views stay views).
 */
import { studyManifestSchema } from '../io/manifest/manifest-schema.ts';
import type { BloodSampleInput, TimepointDetail, WholeBodyCountInput } from './api-types.ts';
import { writeAudit } from './audit.ts';
import { checkDateTime } from './body.ts';
import { inTransaction, type Client, type Store } from './open.ts';
import { bloodOf, getTimepoint, wholeBodyOf } from './timepoint-detail.ts';
import { bumpInputs, timepointRow } from './timepoint-rows.ts';
import { defined, validField } from './validate.ts';

const bloodList = studyManifestSchema.shape.blood.unwrap();
const wholeBodyList = studyManifestSchema.shape.wholeBody.unwrap();

export function putBlood(
  store: Store,
  timepointId: number,
  samples: unknown,
  client: Client,
): TimepointDetail {
  const entries = validField(bloodList, samples, 'blood');
  entries.forEach((sample, index) => checkDateTime(sample.at, `blood[${index}].at`));
  return inTransaction(store, () => {
    timepointRow(store, timepointId);
    const before = bloodOf(store, timepointId);
    store.db.prepare('DELETE FROM blood_samples WHERE timepoint_id = ?').run(timepointId);
    const insert = store.db.prepare(
      'INSERT INTO blood_samples (timepoint_id, ord, at, conc_bq_per_ml) VALUES (?, ?, ?, ?)',
    );
    const after: BloodSampleInput[] = entries.map((sample, index) => {
      insert.run(timepointId, index, sample.at, sample.concBqPerMl);
      return { at: sample.at, concBqPerMl: sample.concBqPerMl };
    });
    bumpInputs(store, timepointId);
    writeAudit(
      store,
      { action: 'set', entity: 'blood', entityId: timepointId, timepointId, before, after },
      client,
    );
    return getTimepoint(store, timepointId);
  });
}

export function putWholeBody(
  store: Store,
  timepointId: number,
  counts: unknown,
  client: Client,
): TimepointDetail {
  validField(wholeBodyList, counts, 'wholeBody').forEach((count, index) =>
    checkDateTime(count.at, `wholeBody[${index}].at`),
  );
  const entries = counts as unknown[];
  return inTransaction(store, () => {
    timepointRow(store, timepointId);
    const before = wholeBodyOf(store, timepointId);
    store.db.prepare('DELETE FROM whole_body_counts WHERE timepoint_id = ?').run(timepointId);
    const insert = store.db.prepare(
      'INSERT INTO whole_body_counts (timepoint_id, ord, entry_json) VALUES (?, ?, ?)',
    );
    const after: WholeBodyCountInput[] = entries.map((entry, index) => {
      // As given: the validated output adds netCounts beside conjugate views.
      const given = defined(entry as Record<string, unknown>) as unknown as WholeBodyCountInput;
      insert.run(timepointId, index, JSON.stringify(given));
      return given;
    });
    bumpInputs(store, timepointId);
    writeAudit(
      store,
      { action: 'set', entity: 'wholeBody', entityId: timepointId, timepointId, before, after },
      client,
    );
    return getTimepoint(store, timepointId);
  });
}
