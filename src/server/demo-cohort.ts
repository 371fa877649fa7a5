/**
 * The demo cohort of the demo import (examples/demo-cohort/cohort.yaml, measurement level: P01..P09
 * at wk0, wk6 and wk12 where they have them): read and validated whole before anything is stored,
 * then each study entered as a timepoint with its lesions, measurements, samples and counts, each
 * patient with its cohort attributes (histology), and the cohort file's name, timepoints, groupBy
 * and stopping rule as the app's cohort settings. The FDG PET/CTs of the CLI demo have no place in
 * the store yet.
 */
import { join } from 'node:path';
import { loadCohortManifest } from '../app/cohort/load-cohort.ts';
import { stages, type RunControl } from '../app/progress.ts';
import { DEMO_COHORT_DIR } from '../demo/demo-cohort.ts';
import { attributeKeys, groupingAttributes } from '../io/manifest/cohort-manifest.ts';
import { loadStudyManifest } from '../io/manifest/load-manifest.ts';
import type { StudyManifest } from '../io/manifest/manifest-schema.ts';
import type { CohortSettings } from './api-types.ts';
import type { Client, StorePort } from './store-port.ts';

/** One study of the demo cohort: its timepoint label, manifest and patient's attributes. */
export interface DemoStudy {
  label: string;
  manifest: StudyManifest;
  attributes: Record<string, string | number>;
}

/** The demo cohort as its cohort.yaml lists it, every file read and validated. */
export function readDemoCohort(dir: string = DEMO_COHORT_DIR): {
  studies: DemoStudy[];
  settings: CohortSettings;
} {
  const { manifest: cohort } = loadCohortManifest(join(dir, 'cohort.yaml'));
  const studies = cohort.patients.flatMap((patient) => {
    const attributes: Record<string, string | number> = {};
    for (const key of attributeKeys(patient)) {
      const value = patient[key];
      attributes[key] = typeof value === 'number' ? value : String(value);
    }
    // In the cohort file's timepoint order, as `iodose cohort` reads them.
    return cohort.timepoints.flatMap((label) => {
      const path = patient.studies[label];
      if (path === undefined) return [];
      return [{ label, manifest: loadStudyManifest(join(dir, path)).manifest, attributes }];
    });
  });
  const settings: CohortSettings = {
    name: cohort.name,
    timepoints: [...cohort.timepoints],
    groupBy: groupingAttributes(cohort),
    stoppingRule: { ...cohort.stoppingRule },
  };
  return { studies, settings };
}

/** Enters one study's timepoint (its patient made by `patientOf`). */
export type StudyEntry<S> = (
  store: S,
  timepointId: number,
  manifest: StudyManifest,
  client: Client,
) => void;

/** Enters the demo cohort's studies (read beforehand), one timepoint each. */
export async function importDemoCohort<S>(
  api: StorePort<S>,
  store: S,
  studies: readonly DemoStudy[],
  client: Client,
  control: RunControl,
  enter: {
    patientOf: (manifest: StudyManifest, attributes: DemoStudy['attributes']) => number;
    study: StudyEntry<S>;
  },
): Promise<void> {
  const run = stages(control, 'demo import');
  await run.each('cohort', studies, ({ label, manifest, attributes }) => {
    const patientId = enter.patientOf(manifest, attributes);
    const timepoint = api.createTimepoint(store, patientId, { label }, client);
    enter.study(store, timepoint.id, manifest, client);
  });
}
