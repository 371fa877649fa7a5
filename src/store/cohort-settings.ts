/**
 * The cohort settings of the app (what a cohort file gives `iodose cohort` besides its patients):
 * the cohort's name, its timepoints in order (baseline first), the attributes to group by and the
 * stopping rule. They live in DIR/cohort-settings.json, not in a table: one small document, read
 * whole, that needs no migration; it is written through temp + fsync + rename inside the
 * transaction of its audit row (the rename is the last step, so a failed write leaves the audit
 * row out too). Absent file: every field takes the default the cohort view documents. Fields are
 * checked with the cohort file's own schemas, so messages equal the CLI's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../core/errors.ts';
import { checkTimepointNames, cohortManifestSchema } from '../io/manifest/cohort-manifest.ts';
import { validateWith } from '../io/manifest/load-manifest.ts';
import type { CohortSettings } from './api-types.ts';
import { writeAudit } from './audit.ts';
import { validBody } from './body.ts';
import { writeFileAtomic } from './files.ts';
import { inTransaction, type Client, type Store } from './open.ts';

export const COHORT_SETTINGS_FILE = 'cohort-settings.json';

const shape = cohortManifestSchema.shape;
const settingsSchema = z
  .strictObject({
    name: shape.name.optional(),
    timepoints: shape.timepoints.optional(),
    groupBy: shape.groupBy,
    stoppingRule: shape.stoppingRule.unwrap().optional(),
  })
  .superRefine((settings, context) => {
    checkTimepointNames(settings.timepoints ?? [], context);
    const groups = new Map<string, number>();
    (settings.groupBy ?? []).forEach((name, index) => {
      const earlier = groups.get(name);
      if (earlier !== undefined) {
        const message = `duplicate attribute (also groupBy[${earlier}])`;
        context.addIssue({ code: 'custom', path: ['groupBy', index], message });
      }
      groups.set(name, index);
    });
  });

/** Only the fields given (validation may add nothing, but keeps the object plain). */
function plain(settings: z.output<typeof settingsSchema>): CohortSettings {
  return Object.fromEntries(
    Object.entries(settings).filter(([, v]) => v !== undefined),
  ) as CohortSettings;
}

/** The stored cohort settings ({} when none were set). A damaged file is an error naming it. */
export function getCohortSettings(store: Store): CohortSettings {
  const path = join(store.dataDir, COHORT_SETTINGS_FILE);
  if (!existsSync(path)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InputError(
      { file: path },
      `expected the cohort settings as JSON (${error instanceof Error ? error.message : String(error)})`,
      'save the cohort settings again in the cohort page, or delete the file',
    );
  }
  return plain(validateWith(settingsSchema, raw, path));
}

/** Replaces the cohort settings (a field left out takes its default); one audit row. */
export function putCohortSettings(store: Store, input: unknown, client: Client): CohortSettings {
  const settings = plain(validBody(settingsSchema, input ?? {}));
  return inTransaction(store, () => {
    const before = getCohortSettings(store);
    writeAudit(
      store,
      {
        action: 'set',
        entity: 'cohort-settings',
        entityId: null,
        timepointId: null,
        before,
        after: settings,
      },
      client,
    );
    const bytes = Buffer.from(`${JSON.stringify(settings, null, 2)}\n`);
    writeFileAtomic(store.dataDir, COHORT_SETTINGS_FILE, bytes);
    return settings;
  });
}
