/**
 * The cohort routes: GET /cohort (the `iodose cohort` tables and figures over the latest run of
 * each timepoint, grouped by the patients' attributes as the cohort settings say) and GET/PUT
 * /cohort/settings (the cohort file's name, timepoints, groupBy and stopping rule; the store
 * validates them).
 */
import type { FastifyInstance } from 'fastify';
import { cohortView } from './cohort-view.ts';
import { clientOf } from './routes-records.ts';
import type { CohortSettingsPort, StorePort } from './store-port.ts';

export function cohortRoutes<S>(
  app: FastifyInstance,
  api: StorePort<S>,
  store: S,
  settings: CohortSettingsPort<S> | undefined,
): void {
  app.get('/api/cohort', () => cohortView(api, store, settings?.getCohortSettings(store) ?? {}));
  if (settings === undefined) return;
  app.get('/api/cohort/settings', () => settings.getCohortSettings(store));
  app.put('/api/cohort/settings', (r) =>
    settings.putCohortSettings(store, r.body ?? {}, clientOf(r)),
  );
}
