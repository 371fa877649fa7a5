/**
 * Writes examples/demo-cohort: nine synthetic patients at three timepoints (wk0, wk6, wk12) as
 * measurement-level study manifests, and the cohort manifest naming them. Each study is the
 * bundled demo patient (src/demo/demo-patient.ts, known curves) with its lesion uptake, lesion
 * clearance, volumes, blood and whole-body retention varied per patient and timepoint by the
 * fixed table below. Two histologies; P03 and P07 miss wk6, P09 misses wk12, P04's L2 is gone at
 * wk12 (as the seed: wk6 N = 7, wk12 N = 8). P05 reaches 20 Gy at wk6 only.
 *
 * Usage: node --import tsx scripts/make-demo-cohort.ts [OUT_DIR]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { toYaml } from '../src/demo/yaml.ts';
import { I124, I131 } from '../src/physics/nuclides.ts';
import { demoManifest } from '../src/demo/demo-patient.ts';
import type { StudyManifest } from '../src/io/manifest/manifest-schema.ts';

const TIMEPOINTS = ['wk0', 'wk6', 'wk12'] as const;
const DAYS_AFTER_BASELINE = [0, 42, 84];
/** Lesion volume relative to baseline per timepoint (lenvatinib shrinks the lesions). */
const VOLUME_TREND = [1, 0.7, 0.55];

interface DemoCohortPatient {
  id: string;
  histology: 'oncocytic' | 'papillary';
  lesions: string[];
  /** Lesion uptake relative to the demo patient's, per timepoint; null = timepoint missing. */
  uptake: (number | null)[];
  /** Lesions no longer measured at a timepoint (index into TIMEPOINTS). */
  gone?: { lesion: string; from: number };
}

const PATIENTS: DemoCohortPatient[] = [
  { id: 'P01', histology: 'oncocytic', lesions: ['L1', 'L2', 'L3'], uptake: [0.02, 0.03, 0.018] },
  { id: 'P02', histology: 'oncocytic', lesions: ['L1', 'L3'], uptake: [0.015, 0.012, 0.02] },
  { id: 'P03', histology: 'papillary', lesions: ['L1', 'L2'], uptake: [0.06, null, 0.07] },
  {
    id: 'P04',
    histology: 'oncocytic',
    lesions: ['L1', 'L2', 'L3'],
    uptake: [0.01, 0.014, 0.008],
    gone: { lesion: 'L2', from: 2 },
  },
  { id: 'P05', histology: 'papillary', lesions: ['L1', 'L3'], uptake: [0.08, 0.7, 0.15] },
  { id: 'P06', histology: 'oncocytic', lesions: ['L2', 'L3'], uptake: [0.03, 0.025, 0.04] },
  { id: 'P07', histology: 'oncocytic', lesions: ['L1'], uptake: [0.025, null, 0.02] },
  { id: 'P08', histology: 'papillary', lesions: ['L1', 'L2', 'L3'], uptake: [0.04, 0.05, 0.035] },
  { id: 'P09', histology: 'oncocytic', lesions: ['L1', 'L3'], uptake: [0.012, 0.01, null] },
];

function shiftIso(iso: string, days: number): string {
  const ms = Date.parse(`${iso}Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 19);
}

function hoursAfter(iso: string, origin: string): number {
  return (Date.parse(`${iso}Z`) - Date.parse(`${origin}Z`)) / 3_600_000;
}

function sixFigures(value: number): number {
  return Number(value.toPrecision(6));
}

/** Deterministic spread in [-1, 1] from small integers (no RNG: the table stays readable). */
function spread(a: number, b: number): number {
  return (((a * 7 + b * 3) % 5) - 2) / 2;
}

/** The study manifest of patient `p` (index `i`) at timepoint `t`. */
function studyManifest(p: DemoCohortPatient, i: number, t: number): StudyManifest {
  const base = demoManifest();
  const days = DAYS_AFTER_BASELINE[t] ?? 0;
  const origin = base.tracer.administeredAt;
  const uptake = p.uptake[t] ?? 0;
  const lesions = p.lesions.filter((id) => !(p.gone?.lesion === id && t >= p.gone.from));
  // Lesion volume: patient scale x the shrinking trend, faster or slower per lesion.
  const volumeScale = (lesion: string): number =>
    (0.7 + 0.15 * (i % 4)) * (VOLUME_TREND[t] ?? 1) ** (1 + 0.5 * spread(i, lesion.charCodeAt(1)));
  // Lesion clearance varied by up to +-0.004 per hour; whole-body retention by +-0.002 per hour.
  const measurements = (base.measurements?.lesions ?? [])
    .filter((row) => lesions.includes(row.lesion))
    .map((row, j) => {
      const timeH = hoursAfter(row.at, origin);
      const lesionFactor = 0.6 + 0.2 * ((i + j) % 3);
      const extraLambdaPerH = 0.004 * spread(i + t, row.lesion.length + j);
      const factor = uptake * lesionFactor * Math.exp(-extraLambdaPerH * timeH);
      return {
        ...row,
        at: shiftIso(row.at, days),
        meanConcBqPerMl: sixFigures((row.meanConcBqPerMl * factor) / volumeScale(row.lesion)),
      };
    });
  const bloodScale = (0.8 + 0.1 * (i % 5)) * (1 + 0.08 * spread(i, t));
  const firstCountAt = base.wholeBody[0]?.at ?? origin;
  const wbLambdaPerH = 0.002 * spread(i * 2 + t, 1);
  return {
    ...base,
    patient: { ...base.patient, id: p.id },
    tracer: { ...base.tracer, administeredAt: shiftIso(origin, days) },
    lesions: base.lesions
      .filter((lesion) => lesions.includes(lesion.id))
      .map((lesion) => ({
        ...lesion,
        volumeMl: sixFigures((lesion.volumeMl ?? 1) * volumeScale(lesion.id)),
      })),
    measurements: { lesions: measurements },
    blood: base.blood.map((s) => ({
      at: shiftIso(s.at, days),
      concBqPerMl: sixFigures(s.concBqPerMl * bloodScale),
    })),
    wholeBody: base.wholeBody.map((c) => ({
      at: shiftIso(c.at, days),
      netCounts: Math.round(c.netCounts * Math.exp(-wbLambdaPerH * hoursAfter(c.at, firstCountAt))),
    })),
  };
}

const decayNote = `124I values at acquisition time (not decay-corrected); 131I/124I half-lives ${I131.halfLifeH.toFixed(2)} h / ${I124.halfLifeH.toFixed(2)} h.`;
const out = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'examples', 'demo-cohort'));
const cohortPatients = PATIENTS.map((p, i) => {
  const studies: Record<string, string> = {};
  TIMEPOINTS.forEach((timepoint, t) => {
    if (p.uptake[t] === null || p.uptake[t] === undefined) return;
    mkdirSync(join(out, p.id), { recursive: true });
    const header = `# Demo cohort ${p.id} ${timepoint} (synthetic, made by scripts/make-demo-cohort.ts).\n# ${decayNote}\n`;
    writeFileSync(
      join(out, p.id, `${timepoint}.yaml`),
      header + toYaml(studyManifest(p, i, t), { flowRecords: true }),
    );
    studies[timepoint] = `./${p.id}/${timepoint}.yaml`;
  });
  return { id: p.id, histology: p.histology, studies };
});
const cohort = {
  'iodose-cohort': 1,
  name: 'Demo cohort (synthetic, RESET-like)',
  timepoints: [...TIMEPOINTS],
  stoppingRule: { maxEligible: 0, afterPatients: 9 },
  groupBy: ['histology'],
  patients: cohortPatients,
};
const cohortHeader =
  '# Synthetic demo cohort made by scripts/make-demo-cohort.ts; run: iodose cohort cohort.yaml --out out\n';
writeFileSync(join(out, 'cohort.yaml'), cohortHeader + toYaml(cohort, { flowRecords: true }));
console.log(`wrote ${join(out, 'cohort.yaml')} and ${cohortPatients.length} patients`);
