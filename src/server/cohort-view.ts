/**
 * GET /api/cohort: the `iodose cohort` tables and figures over the latest run of each timepoint
 * (app/cohort/cohort-of-results.ts: the same statistics and report as `iodose cohort` on those
 * runs' results.json files), and notes on the timepoints left out (no run yet, results refused).
 */
import { cohortOfResults } from '../app/cohort/cohort-of-results.ts';
import { artefactBytes } from '../core/artefact.ts';
import type { CohortView } from './api-types.ts';
import type { StorePort } from './store-port.ts';

/** The cohort view of the store's latest runs. */
export function cohortView<S>(api: StorePort<S>, store: S): CohortView {
  const notes: string[] = [];
  for (const patient of api.listPatients(store)) {
    for (const timepoint of patient.timepoints) {
      if (timepoint.latestRunId === null)
        notes.push(`${patient.code} ${timepoint.label}: no run yet`);
    }
  }
  const latest = api.latestRuns(store);
  const made = cohortOfResults({
    name: 'iodose serve: latest run of each timepoint',
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
  return {
    cohort: json === null ? null : (JSON.parse(json) as unknown),
    html: text(made.files.cohortHtml),
    notes,
  };
}
