/**
 * A timepoint's recovery file (from `iodose calibrate`): the upload's content is validated with
 * the schema the CLI reads a recovery file with (recovery-file.ts, through validateWith), written
 * as JSON to DIR/recovery/<sha256>.json (temp + fsync + rename) BEFORE its row commits, and named
 * by the SHA-256 of those bytes, so the same file uploaded twice is one file and one row (each
 * timepoint keeps the name it was uploaded under). The run reads the file back and hashes the
 * same bytes.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { recoveryFileSchema } from '../calibration/recovery-file.ts';
import type { TimepointDetail } from './api-types.ts';
import { writeAudit } from './audit.ts';
import { validBody } from './body.ts';
import { writeFileAtomic } from './files.ts';
import { inTransaction, type Client, type Store } from './open.ts';
import { getTimepoint, recoveryOf } from './timepoint-detail.ts';
import { bumpInputs, timepointRow } from './timepoint-rows.ts';

const uploadSchema = z.strictObject({
  name: z
    .string({ error: 'expected the file name shown in the UI (text)' })
    .min(1, { error: 'expected a non-empty file name' })
    .max(255, { error: 'expected a file name of at most 255 characters' }),
  content: recoveryFileSchema,
});

/** The path of a stored recovery file, relative to the data folder (as the manifest names it). */
export function recoveryPath(sha256: string): string {
  return `recovery/${sha256}.json`;
}

export function putRecovery(
  store: Store,
  timepointId: number,
  upload: unknown,
  client: Client,
): TimepointDetail {
  const { name } = validBody(uploadSchema, upload);
  timepointRow(store, timepointId);
  // The content as uploaded (the schema's output drops unknown keys), which the CLI would read.
  const bytes = Buffer.from(
    `${JSON.stringify((upload as { content: unknown }).content, null, 2)}\n`,
  );
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const dir = join(store.dataDir, 'recovery');
  if (!existsSync(join(dir, `${sha256}.json`))) writeFileAtomic(dir, `${sha256}.json`, bytes);
  return inTransaction(store, () => {
    const row = timepointRow(store, timepointId);
    const before = recoveryOf(store, row);
    store.db
      .prepare(
        `INSERT INTO recovery (name, sha256, created_at_utc) VALUES (?, ?, ?)
         ON CONFLICT (sha256) DO NOTHING`,
      )
      .run(name, sha256, new Date().toISOString());
    const recoveryId = store.db
      .prepare('SELECT id FROM recovery WHERE sha256 = ?')
      .pluck()
      .get(sha256) as number;
    store.db
      .prepare('UPDATE timepoints SET recovery_id = ?, recovery_name = ? WHERE id = ?')
      .run(recoveryId, name, row.id);
    bumpInputs(store, row.id);
    writeAudit(
      store,
      {
        action: 'set',
        entity: 'recovery',
        entityId: recoveryId,
        timepointId: row.id,
        before,
        after: { name, sha256 },
      },
      client,
    );
    return getTimepoint(store, row.id);
  });
}
