// cohortOfResults (the cohort view of `iodose serve`) against `iodose cohort` (computeCohort) on
// the same results written as results.json files: cohort.json identical but for provenance,
// the timepoints ordered by administration time whatever order the studies come in (one patient
// without the baseline), results the cohort refuses and reserved timepoint names left out.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  cohortOfResults,
  timepointOrder,
  type ResultsStudy,
} from '../../src/app/cohort/cohort-of-results.ts';
import { computeCohort } from '../../src/app/cohort/compute-cohort.ts';
import { computeStudy } from '../../src/app/study/compute-study.ts';
import { memorySink, type Artefact } from '../../src/core/artefact.ts';
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

/** A variant of the demo's results: another patient, timepoint date and dose scale. */
function variant(patientId: string, day: number, scale: number): StudyResults {
  const r = structuredClone(base);
  r.patient.id = patientId;
  r.tracer.administeredAt = `2024-03-${String(1 + day).padStart(2, '0')}T09:00:00`;
  for (const lesion of r.lesions) lesion.doseGyPerGBq *= scale;
  r.therapy.maxLesionDoseGy *= scale;
  return r;
}

const text = (artefacts: readonly Artefact[], path: string) => {
  const a = artefacts.find((x) => x.path === path);
  return a !== undefined && 'text' in a ? a.text : '';
};

describe('cohortOfResults', () => {
  it('equals iodose cohort on the same results.json files, whatever the study order', async () => {
    const plan: [string, string, number, number][] = [
      ['P1', 'wk0', 0, 1],
      ['P1', 'wk6', 14, 0.8],
      ['P2', 'wk0', 2, 1.3],
      ['P2', 'wk6', 16, 0.5],
      ['P3', 'wk6', 20, 0.9],
    ];
    const dir = tempDir();
    const studies: ResultsStudy[] = plan.map(([patientId, timepoint, day, scale]) => {
      const path = join(dir, `${patientId}-${timepoint}.json`);
      const results = variant(patientId, day, scale);
      writeFileSync(path, JSON.stringify(results));
      return { patientId, timepoint, results, source: path };
    });
    const cohortPath = join(dir, 'cohort.yaml');
    const patients = ['P1', 'P2', 'P3'].map((id) => ({
      id,
      studies: Object.fromEntries(
        studies.filter((s) => s.patientId === id).map((s) => [s.timepoint, s.source]),
      ),
    }));
    writeFileSync(
      cohortPath,
      stringify({
        'iodose-cohort': 1,
        name: 'c',
        timepoints: ['wk0', 'wk6'],
        groupBy: [],
        patients,
      }),
    );
    const sink = memorySink();
    await computeCohort(cohortPath, { sink });
    const cli = JSON.parse(text(sink.artefacts, 'cohort.json')) as Record<string, unknown>;
    // Patients in the cohort's order (first appearance: the stopping rule counts in it), each
    // one's wk6 before its wk0: the timepoint order comes from the dates.
    const shuffled = [studies[1], studies[0], studies[3], studies[2], studies[4]] as ResultsStudy[];
    expect(timepointOrder(shuffled)).toEqual(['wk0', 'wk6']);
    const made = cohortOfResults({ name: 'c', label: 'test', studies: shuffled });
    expect(made.leftOut).toEqual([]);
    const mine = JSON.parse(text(made.artefacts, 'cohort.json')) as Record<string, unknown>;
    expect({ ...mine, provenance: null }).toEqual({ ...cli, provenance: null });
    expect(text(made.artefacts, 'cohort.html')).toContain('</html>');
    expect(made.artefacts.map((a) => a.path)).toEqual(sink.artefacts.map((a) => a.path));
  });

  it('leaves out results the cohort refuses and reserved timepoint names, with a note', () => {
    const bad = structuredClone(base) as unknown as { lesions: { doseGyPerGBq: number }[] };
    (bad.lesions[0] as { doseGyPerGBq: number }).doseGyPerGBq = -1;
    const made = cohortOfResults({
      name: 'c',
      label: 'test',
      studies: [
        { patientId: 'DEMO-01', timepoint: 'wk0', results: bad, source: 'run 1' },
        { patientId: 'DEMO-01', timepoint: 'friedman', results: base, source: 'run 2' },
        { patientId: 'P9', timepoint: 'wk0', results: base, source: 'run 3' },
      ],
    });
    expect(made.leftOut).toEqual([
      expect.stringMatching(/^DEMO-01 wk0: left out: run 1: lesions\[0\]\.doseGyPerGBq: expected/),
      expect.stringMatching(/^DEMO-01 friedman: left out: .*reserved/),
    ]);
    expect(made.warnings).toEqual(['P9 wk0: run 3 is patient "DEMO-01", not "P9"']);
    expect(made.timepoints).toEqual(['wk0']);
    const none = cohortOfResults({ name: 'c', label: 'test', studies: [] });
    expect(none.analysis).toBeNull();
    expect(none.artefacts).toEqual([]);
  });
});
