/**
 * GET /api/cohort: the `iodose cohort` tables and figures over the latest run of each timepoint
 * (app/cohort/cohort-of-results.ts: the same statistics and report as `iodose cohort` on those
 * runs' results.json files), grouped by the patients' attributes, with the cohort settings (name,
 * timepoints, groupBy, stopping rule) where a cohort file has them; and notes on the timepoints
 * left out (no run yet, results refused, not among the settings' timepoints).
 */
import { cohortOfResults } from '../app/cohort/cohort-of-results.ts';
import { artefactBytes } from '../core/artefact.ts';
import type { CohortSettings, CohortView } from './api-types.ts';
import type { StorePort } from './store-port.ts';

/**
 * The last view made per store, by what it was made from: the settings, the patients' codes and
 * attributes, their timepoints' labels and latest run ids. Runs are immutable, so the same key
 * gives the same tables.
 */
const lastView = new WeakMap<object, { key: string; view: CohortView }>();

/** The default name of the cohort (CohortSettings.name). */
export const DEFAULT_COHORT_NAME = 'iodose serve: latest run of each timepoint';

/** The cohort view of the store's latest runs, with the cohort settings. */
export function cohortView<S>(
  api: StorePort<S>,
  store: S,
  settings: CohortSettings = {},
): CohortView {
  const notes: string[] = [];
  const patients = api.listPatients(store);
  for (const patient of patients) {
    for (const timepoint of patient.timepoints) {
      if (timepoint.latestRunId === null)
        notes.push(`${patient.code} ${timepoint.label}: no run yet`);
    }
  }
  const key = JSON.stringify([
    settings,
    patients.map((p) => [
      p.code,
      p.attributes ?? {},
      p.timepoints.map((t) => [t.label, t.latestRunId]),
    ]),
  ]);
  const cached = typeof store === 'object' && store !== null ? lastView.get(store) : undefined;
  if (cached?.key === key) return structuredClone(cached.view);
  const latest = api.latestRuns(store);
  const made = cohortOfResults({
    name: settings.name ?? DEFAULT_COHORT_NAME,
    timepoints: settings.timepoints,
    groupBy: settings.groupBy,
    stoppingRule: settings.stoppingRule,
    attributes: Object.fromEntries(patients.map((p) => [p.code, p.attributes ?? {}])),
    label: 'the store of iodose serve (latest run of each timepoint)',
    studies: latest.map((run) => ({
      patientId: run.patientCode,
      timepoint: run.timepointLabel,
      results: run.results,
      source: `run ${run.runId} (${run.createdAtUtc})`,
      // cohort.html is shown in a frame of the UI page: links relative to the page.
      reportHref: `api/runs/${run.runId}/files/report.html`,
    })),
  });
  notes.push(...made.leftOut);
  const text = (name: string) => {
    const artefact = made.artefacts.find((a) => a.path === name);
    return artefact === undefined ? null : new TextDecoder().decode(artefactBytes(artefact));
  };
  const json = text(made.files.cohortJson);
  const view: CohortView = {
    cohort: json === null ? null : (JSON.parse(json) as unknown),
    html: text(made.files.cohortHtml),
    notes,
  };
  if (typeof store === 'object' && store !== null) {
    lastView.set(store, { key, view: structuredClone(view) });
  }
  return view;
}
