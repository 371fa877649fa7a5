// cohortOfResults with a cohort file's settings (the app's cohort settings): the timepoints in the
// order given (a study at another timepoint left out with a note), grouping by the patients'
// attributes (numbers grouped by their text, as `iodose cohort` does), groupBy defaulting to every
// attribute in order of first appearance, and an attribute no patient has dropped with a note.
import { beforeAll, describe, expect, it } from 'vitest';
import { cohortOfResults, type ResultsStudy } from '../../src/app/cohort/cohort-of-results.ts';
import { computeStudy } from '../../src/app/study/compute-study.ts';
import { memorySink } from '../../src/core/artefact.ts';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import type { StudyResults } from '../../src/study/results.ts';
import { withFewMonteCarloSamples } from '../helpers/monte-carlo.ts';
import { tempDir } from '../helpers/temp.ts';

let base: StudyResults;
beforeAll(async () => {
  const run = await computeStudy(
    { manifest: withFewMonteCarloSamples(demoManifest()), baseDir: tempDir() },
    { sink: memorySink() },
  );
  base = JSON.parse(JSON.stringify(run.results)) as StudyResults;
});

function study(patientId: string, timepoint: string, day: number): ResultsStudy {
  const results = structuredClone(base);
  results.patient.id = patientId;
  results.tracer.administeredAt = `2024-03-${String(1 + day).padStart(2, '0')}T09:00:00`;
  return { patientId, timepoint, results, source: `${patientId} ${timepoint}` };
}

const studies = () => [
  study('P1', 'wk6', 14),
  study('P1', 'wk0', 0),
  study('P2', 'wk0', 2),
  study('P2', 'wk6', 16),
  study('P2', 'extra', 20),
];
const attributes = { P1: { histology: 'papillary', stage: 2 }, P2: { histology: 'oncocytic' } };

describe('cohortOfResults with cohort settings', () => {
  it('takes the timepoints as given and groups by the attributes named', () => {
    const made = cohortOfResults({
      name: 'Trial',
      label: 'test',
      studies: studies(),
      timepoints: ['wk0', 'wk6'],
      attributes,
      groupBy: ['histology', 'colour'],
      stoppingRule: { maxEligible: 1, afterPatients: 2 },
    });
    expect(made.timepoints).toEqual(['wk0', 'wk6']);
    expect(made.leftOut).toEqual([
      'P2 extra: left out: "extra" is not among the cohort\'s timepoints (wk0, wk6)',
      'grouping by "colour" left out: no patient of the cohort has this attribute',
    ]);
    const analysis = made.analysis;
    expect(analysis?.name).toBe('Trial');
    expect(analysis?.groupBy).toEqual(['histology']);
    expect(analysis?.eligibility.stoppingRule).toMatchObject({ maxEligible: 1, afterPatients: 2 });
    const groups = analysis?.changes.groups.map((g) => [g.attribute, g.value, g.patients]);
    expect(groups).toEqual([
      ['histology', 'papillary', 1],
      ['histology', 'oncocytic', 1],
    ]);
  });

  it('groups by every attribute by default, numbers by their text', () => {
    const made = cohortOfResults({ name: 'T', label: 't', studies: studies(), attributes });
    expect(made.timepoints).toEqual(['wk0', 'wk6', 'extra']);
    expect(made.analysis?.groupBy).toEqual(['histology', 'stage']);
    const stage = made.analysis?.changes.groups.filter((g) => g.attribute === 'stage');
    expect(stage?.map((g) => [g.value, g.patients])).toEqual([
      ['2', 1],
      ['(unspecified)', 1],
    ]);
  });
});
