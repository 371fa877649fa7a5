// Every bad input ends with a non-zero exit status and ONE line naming the file, the field and
// what is expected - no stack trace (issue "Manifest and errors").
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import type { StudyManifest } from '../../src/io/manifest/manifest-schema.ts';
import { runCli, tempDir, writeManifest } from '../helpers/cli.ts';

type Mutable = Record<string, unknown> & StudyManifest;

async function failWith(
  mutate: (manifest: Mutable) => unknown,
): Promise<{ line: string; path: string }> {
  const dir = tempDir();
  const manifest = structuredClone(demoManifest()) as Mutable;
  const changed = mutate(manifest) ?? manifest;
  const path = writeManifest(dir, changed);
  const result = await runCli(['run', path, '--out', join(dir, 'out'), '--no-pdf']);
  expect(result.status).toBe(2);
  expect(result.err).toHaveLength(1);
  const line = result.err[0] ?? '';
  expect(line).not.toMatch(/\n|\s+at\s+\S+\s+\(/);
  expect(line.startsWith(`iodose: ${path}: `)).toBe(true);
  return { line, path };
}

describe('bad manifests give one clear line', () => {
  it('a missing quantity names the field', async () => {
    const { line } = await failWith((m) => {
      delete (m.patient as Partial<typeof m.patient>).weightKg;
    });
    expect(line).toContain('patient.weightKg: missing; expected body weight in kg as a number');
  });

  it('a negative quantity names the field, the value and the expectation', async () => {
    const { line } = await failWith((m) => {
      m.tracer.activityMBq = -37;
    });
    expect(line).toContain(
      'tracer.activityMBq: expected the net administered activity in MBq (syringe residual subtracted) within 1-1000 MBq, got -37',
    );
  });

  it('text where a number belongs', async () => {
    const { line } = await failWith((m) => {
      (m.blood[1] as Record<string, unknown>)['concBqPerMl'] = 'about 800';
    });
    expect(line).toContain('blood[1].concBqPerMl: expected');
    expect(line).toContain('as a number (0, or 0.001 to 1e10 Bq/mL), got text "about 800"');
  });

  it('a blood sample before the administration', async () => {
    const { line } = await failWith((m) => {
      const sample = m.blood[0];
      if (sample) sample.at = '2024-03-04T08:15:00';
    });
    expect(line).toContain(
      'blood[0].at: 2024-03-04T08:15:00 is 1.00 h before the administration (tracer.administeredAt 2024-03-04T09:15:00)',
    );
  });

  it('a measurement for an unknown lesion', async () => {
    const { line } = await failWith((m) => {
      const first = m.measurements?.lesions[0];
      if (first) first.lesion = 'L9';
    });
    expect(line).toContain(
      'measurements.lesions[0].lesion: unknown lesion "L9"; lesions declares "L1", "L2", "L3"',
    );
  });

  it('too few points for any model', async () => {
    const { line } = await failWith((m) => {
      if (m.measurements) m.measurements.lesions = m.measurements.lesions.filter((x, i) => i !== 0);
    });
    expect(line).toMatch(/measurements\.lesions \(lesion L1\).*too few points/);
  });

  it('a misspelt key is reported, not ignored', async () => {
    const { line } = await failWith((m) => {
      (m.patient as Record<string, unknown>)['weigthKg'] = 70;
    });
    expect(line).toContain('patient: unknown key weigthKg; did you mean weightKg (kg)?');
  });

  it('a wrong unit prefix names the key meant and its unit, not a missing field', async () => {
    const { line } = await failWith((m) => {
      const row = m.measurements?.lesions[0] as Record<string, unknown> | undefined;
      if (row === undefined) return;
      row['meanConcKBqPerMl'] = Number(row['meanConcBqPerMl']) / 1000;
      delete row['meanConcBqPerMl'];
    });
    expect(line).toContain(
      'measurements.lesions[0]: unknown key meanConcKBqPerMl; did you mean meanConcBqPerMl (Bq/mL)?',
    );
  });

  it('a missing patient block is said in one sentence', async () => {
    const { line } = await failWith((m) => {
      delete (m as Partial<typeof m>).patient;
    });
    expect(line).toContain(
      'patient: missing; expected a mapping with id, weightKg (optional: heightCm, sex, diffuseLungMetastases)',
    );
  });

  it('a weight of 1e308 kg is refused with the range, before any fit', async () => {
    const { line } = await failWith((m) => {
      m.patient.weightKg = 1e308;
    });
    expect(line).toContain(
      'patient.weightKg: expected body weight in kg within 2-500 kg, got 1e+308',
    );
  });

  it('a wrong format version', async () => {
    const { line } = await failWith((m) => {
      (m as Record<string, unknown>)['iodose'] = 2;
    });
    expect(line).toContain('iodose: expected `iodose: 1`');
  });
});

describe('bad files', () => {
  it('a missing manifest file', async () => {
    const path = join(tempDir(), 'nope.yaml');
    const result = await runCli(['run', path, '--out', tempDir()]);
    expect(result.status).toBe(2);
    expect(result.err).toEqual([
      `iodose: ${path}: file not found (give the path of a YAML or JSON manifest)`,
    ]);
  });

  it('malformed YAML gives line and column', async () => {
    const dir = tempDir();
    const path = writeManifest(dir, 'iodose: 1\npatient: { id: P1, weightKg: 70\ntracer: x\n');
    const result = await runCli(['run', path, '--out', join(dir, 'out')]);
    expect(result.status).toBe(2);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(
      new RegExp(`^iodose: ${path}: line \\d+, column \\d+: malformed YAML/JSON`),
    );
  });

  it('a JSON manifest is read as well as YAML', async () => {
    const dir = tempDir();
    const path = writeManifest(dir, JSON.stringify(demoManifest()), 'manifest.json');
    const result = await runCli(['run', path, '--out', join(dir, 'out'), '--no-pdf']);
    expect(result.err).toEqual([]);
    expect(result.status).toBe(0);
  });

  it('an unknown command exits non-zero', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.status).toBe(2);
    expect(result.err.join(' ')).toContain("unknown command 'frobnicate'");
  });
});

describe('bad values found during the computation', () => {
  it('a lesion volume outside the S-value table names the lesion field', async () => {
    const { line } = await failWith((m) => {
      const lesion = m.lesions[0];
      if (lesion) lesion.volumeMl = 4000;
      m.settings = { lesionDensityGPerMl: 3 };
    });
    expect(line).toContain('lesions[0].volumeMl: expected a sphere volume between');
  });

  it('a lesion volume outside the plausible range is refused before the computation', async () => {
    const { line } = await failWith((m) => {
      const lesion = m.lesions[0];
      if (lesion) lesion.volumeMl = 50_000;
    });
    expect(line).toContain(
      'lesions[0].volumeMl: expected lesion volume in mL within 0.01-5000 mL, got 50000',
    );
  });
});

describe('lesion identities', () => {
  it('a duplicate lesion id is refused', async () => {
    const { line } = await failWith((m) => {
      m.lesions.push({ id: 'L1', volumeMl: 2 });
    });
    expect(line).toContain('lesions[3].id: duplicate lesion id "L1" (also lesions[0].id)');
  });
});

describe('inconsistent inputs found by review', () => {
  it('whole-body counts that are all zero after the first are refused, not a crash', async () => {
    const { line } = await failWith((m) => {
      m.wholeBody.forEach((count, index) => {
        if (index > 0) count.netCounts = 0;
      });
    });
    expect(line).toContain('wholeBody.points: every value after the first is zero: nothing to fit');
  });

  it('recovery coefficients given for some measurements of a lesion but not others', async () => {
    const { line } = await failWith((m) => {
      const second = m.measurements?.lesions[1];
      if (second) delete second.recoveryCoefficient;
    });
    expect(line).toContain(
      'measurements.lesions[1].recoveryCoefficient: missing, while other measurements of lesion "L1" give one',
    );
  });
});
