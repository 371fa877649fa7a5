// `iodose cohort` with FDG PETs (PERCIST 1.0 response): digital FDG patients written as 18F
// DICOM at test time (test/cohort/fdg-cohort-fixture.ts). Tolerances: lesions are 30-40 mm
// spheres blurred with 6 mm FWHM on 4 mm voxels, so the 1 mL SULpeak sphere sits >= 8 mm inside
// the edge and SULpeak is the true SUL within 5% (measured: within 0.2%); the 3 cm liver sphere
// lies >= 30 mm inside the liver, mean within 2% of 2.0.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeManifest } from '../helpers/cli.ts';
import { P1_SUL, TIMEPOINTS, writeFdgCohort } from '../cohort/fdg-cohort-fixture.ts';

interface Lesion {
  baselineSul: number | null;
  followUpSul: number | null;
  percentChange: number | null;
  category: string;
  baselineMetabolicVolumeMl: number | null;
}
interface Response {
  category: string;
  baselineTarget: { id: string; sulPeak: number } | null;
  percentChange: number | null;
  absoluteChangeSul: number | null;
  lesions: Record<string, Lesion>;
  reasons: string[];
  warnings: string[];
}
interface Measurement {
  leanBodyMassKg: number;
  weightKg: number;
  liver: { meanSul: number; sdSul: number };
  lesions: { id: string; sulPeak: number; metabolicVolumeMl: number }[];
}
interface Json {
  response: Record<string, Record<string, Response>> & {
    summary: Record<string, Record<string, number>>;
  };
  fdg: Record<string, Record<string, Measurement>>;
  volumeChanges: { patientId: string; lesionId: string; timepoint: string; percent: number }[];
  warnings: string[];
}

/** Janmahasatian 2005: male 9270 W / (6680 + 216 BMI), female 9270 W / (8780 + 244 BMI). */
function janmahasatian(weightKg: number, heightM: number, sex: 'M' | 'F'): number {
  const bmi = weightKg / heightM ** 2;
  return sex === 'M'
    ? (9270 * weightKg) / (6680 + 216 * bmi)
    : (9270 * weightKg) / (8780 + 244 * bmi);
}

describe('iodose cohort with FDG PET response', () => {
  let json: Json;
  let out = '';
  let lines: string[] = [];
  beforeAll(async () => {
    const dir = tempDir('iodose-cohort-fdg-');
    const path = writeManifest(dir, writeFdgCohort(dir), 'cohort.yaml');
    out = join(dir, 'out');
    const result = await runCli(['cohort', path, '--out', out]);
    expect(result.err).toEqual([]);
    expect(result.status).toBe(0);
    lines = result.out;
    json = JSON.parse(readFileSync(join(out, 'cohort.json'), 'utf8')) as Json;
  }, 120_000);

  it('classifies P1 as PMR, SMD and PMD and P2 as PMD (new lesion)', () => {
    const p1 = json.response['P1'] ?? {};
    expect(p1['wk6']?.category).toBe('PMR');
    expect(p1['wk12']?.category).toBe('SMD');
    expect(p1['wk24']?.category).toBe('PMD');
    expect(json.response['P2']?.['wk6']?.category).toBe('PMD');
    expect(json.response['P2']?.['wk6']?.reasons.join(' ')).toContain('new FDG-avid lesions: N1');
    expect(json.response.summary).toEqual({
      wk6: { CMR: 0, PMR: 1, SMD: 0, PMD: 1, NE: 0 },
      wk12: { CMR: 0, PMR: 0, SMD: 1, PMD: 0, NE: 0 },
      wk24: { CMR: 0, PMR: 0, SMD: 0, PMD: 1, NE: 0 },
    });
    expect(lines).toContain('FDG response (PERCIST) wk6 vs wk0: PMR in 1 patient, PMD 1');
  });

  it('measures SULpeak within 5% of the true SUL and the percent change from it', () => {
    for (const t of TIMEPOINTS) {
      const truth = P1_SUL[t] ?? { L1: 0, L2: 0 };
      for (const lesion of json.fdg['P1']?.[t]?.lesions ?? []) {
        const want = truth[lesion.id as 'L1' | 'L2'];
        expect(Math.abs(lesion.sulPeak / want - 1), `${t} ${lesion.id}`).toBeLessThan(0.05);
      }
    }
    const wk6 = json.response['P1']?.['wk6'];
    expect(wk6?.baselineTarget?.id).toBe('L1');
    expect(wk6?.percentChange).toBeCloseTo(-50, 0);
    expect(wk6?.absoluteChangeSul).toBeCloseTo(-5, 1);
    expect(wk6?.lesions['L2']?.category).toBe('PMR');
    expect(wk6?.lesions['L2']?.baselineMetabolicVolumeMl).toBeGreaterThan(8);
  });

  it('measures the liver mean within 2% and the LBM by Janmahasatian (header; manifest wins)', () => {
    for (const t of TIMEPOINTS) {
      const m = json.fdg['P1']?.[t];
      expect(Math.abs((m?.liver.meanSul ?? 0) / 2 - 1), t).toBeLessThan(0.02);
      expect(m?.leanBodyMassKg).toBeCloseTo(janmahasatian(80, 1.75, 'M'), 6);
    }
    const p2 = json.fdg['P2']?.['wk0'];
    expect(p2?.weightKg).toBe(66);
    expect(p2?.leanBodyMassKg).toBeCloseTo(janmahasatian(66, 1.65, 'F'), 6);
  });

  it('reports the dosimetry volume change per lesion and warns about FDG-only lesions', () => {
    const p1 = json.volumeChanges.filter((v) => v.patientId === 'P1');
    expect(p1.map((v) => [v.timepoint, Math.round(v.percent)])).toEqual([
      ['wk6', -40],
      ['wk12', -10],
    ]);
    expect(json.warnings.join('\n')).toContain(
      'P1 FDG: lesion(s) L2 not among the dosimetry lesions',
    );
  });

  it('renders the Response section of cohort.html', () => {
    const html = readFileSync(join(out, 'cohort.html'), 'utf8');
    expect(html).toContain('FDG PET response (PERCIST 1.0)');
    expect(html).toContain('PMR in 1 patient, PMD 1');
    expect(html).toContain('<span class="percist percist-PMD">PMD</span>');
  });

  it('writes the response as CSV: a patient row and a row per lesion, categories as in cohort.json', () => {
    const csv = readFileSync(join(out, 'cohort-response.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(
      'patient,timepoint,lesion,category,baseline_sulpeak,followup_sulpeak,percent_change,absolute_change_sul,reasons',
    );
    const p1wk6 = csv.find((line) => line.startsWith('P1,wk6,,'));
    expect(p1wk6?.split(',')[3]).toBe(json.response['P1']?.['wk6']?.category);
    const lesionRows = csv.filter((line) => /^P1,wk6,[^,]+,/.test(line));
    expect(lesionRows.length).toBe(Object.keys(json.response['P1']?.['wk6']?.lesions ?? {}).length);
  });
});
