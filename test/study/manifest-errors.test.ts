// Manifest errors in the user's words (issue 7, item 9): a misspelt key is named with the nearest
// known key and its unit, missing mappings and lists are said in one sentence without zod's
// wording, every quantity outside its plausible range is refused with the range named, and lists
// longer than the documented limits are refused up front.
import { describe, expect, it } from 'vitest';
import { cohortManifestSchema } from '../../src/io/manifest/cohort-manifest.ts';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import { validateWith } from '../../src/io/manifest/load-manifest.ts';
import { studyManifestSchema } from '../../src/io/manifest/manifest-schema.ts';
import { phantomManifestSchema } from '../../src/io/manifest/phantom-manifest-schema.ts';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function errorOf(mutate: (manifest: Raw) => void): string {
  const manifest = structuredClone(demoManifest()) as Raw;
  mutate(manifest);
  try {
    validateWith(studyManifestSchema, manifest, 'm.yaml');
  } catch (error) {
    const message = (error as Error).message;
    expect(message).not.toMatch(/Invalid input|received|\n/);
    return message;
  }
  throw new Error('expected the manifest to be refused');
}

const phantom = () => ({
  'iodose-phantom': 1,
  nuclide: 'I-124',
  pet: './pet',
  referenceAt: '2024-03-01T10:00:00',
  sphereConcBqPerMl: 16000,
  backgroundConcBqPerMl: 2000,
  spheres: [10, 13, 17].map((d, i) => ({ diameterMm: d, centerLps: [10 * i, 0, 0] })),
});

describe('unknown keys', () => {
  it('names the nearest known key and its unit, not a missing field', () => {
    const message = errorOf((m) => {
      const row = m['measurements'].lesions[0];
      row.meanConcKBqPerMl = row.meanConcBqPerMl / 1000;
      delete row.meanConcBqPerMl;
    });
    expect(message).toBe(
      'm.yaml: measurements.lesions[0]: unknown key meanConcKBqPerMl; did you mean meanConcBqPerMl (Bq/mL)? (check the spelling against the manifest reference in README.md)',
    );
  });

  it('a swapped pair of letters in patient', () => {
    const message = errorOf((m) => {
      m['patient'].weigthKg = m['patient'].weightKg;
      delete m['patient'].weightKg;
    });
    expect(message).toContain('m.yaml: patient: unknown key weigthKg; did you mean weightKg (kg)?');
  });

  it('a key near none lists the keys the mapping accepts', () => {
    const message = errorOf((m) => {
      m['tracer'].colour = 'blue';
    });
    expect(message).toContain(
      'tracer: unknown key colour; expected one of nuclide, administeredAt',
    );
  });

  it('in the phantom and cohort manifests too', () => {
    const p = { ...phantom(), sphereConcBqPerML: 16000 } as Raw;
    delete p['sphereConcBqPerMl'];
    expect(() => validateWith(phantomManifestSchema, p, 'ph.yaml')).toThrow(
      'ph.yaml: (top level): unknown key sphereConcBqPerML; did you mean sphereConcBqPerMl (Bq/mL)?',
    );
    const cohort = { 'iodose-cohort': 1, name: 'T', timepoints: ['wk0'], patient: [] };
    expect(() => validateWith(cohortManifestSchema, cohort, 'c.yaml')).toThrow(
      'c.yaml: (top level): unknown key patient; did you mean patients?',
    );
  });
});

describe('missing mappings and lists', () => {
  it.each([
    ['patient', 'patient: missing; expected a mapping with id, weightKg (optional:'],
    ['tracer', 'tracer: missing; expected a mapping with nuclide, administeredAt (optional:'],
  ])('%s', (key, expected) => {
    expect(errorOf((m) => delete m[key])).toContain(`m.yaml: ${expected}`);
  });

  it('a number where the patient mapping belongs', () => {
    expect(errorOf((m) => (m['patient'] = 72))).toMatch(
      /^m\.yaml: patient: expected a mapping with id, weightKg .*, got 72$/,
    );
  });

  it('phantom spheres and cohort patients', () => {
    const p = phantom() as Raw;
    delete p['spheres'];
    expect(() => validateWith(phantomManifestSchema, p, 'ph.yaml')).toThrow(
      'ph.yaml: spheres: missing; expected a list of mappings, each with centerLps (optional: diameterMm)',
    );
    const cohort = { 'iodose-cohort': 1, name: 'T', timepoints: ['wk0'] };
    expect(() => validateWith(cohortManifestSchema, cohort, 'c.yaml')).toThrow(
      'c.yaml: patients: missing; expected a list of mappings, each with id, studies',
    );
  });
});

describe('plausible ranges', () => {
  it.each([
    [1e308, 'got 1e+308'],
    [1e-300, 'got 1e-300'],
    [Infinity, 'got Infinity'],
    [NaN, 'got NaN'],
    [-70, 'got -70'],
  ])('weight %s kg is refused with the range', (weightKg, got) => {
    const message = errorOf((m) => (m['patient'].weightKg = weightKg));
    expect(message).toMatch(/^m\.yaml: patient\.weightKg: expected body weight in kg .*2-500 kg/);
    expect(message).toContain(got);
  });

  it.each([
    ['tracer.activityMBq', (m: Raw) => (m['tracer'].activityMBq = 1e-300), '1-1000 MBq'],
    ['patient.heightCm', (m: Raw) => (m['patient'].heightCm = 1e6), '40-250 cm'],
    [
      'blood[1].concBqPerMl',
      (m: Raw) => (m['blood'][1].concBqPerMl = 1e308),
      '0, or 0.001 to 1e10 Bq/mL',
    ],
    [
      'wholeBody[2].netCounts',
      (m: Raw) => (m['wholeBody'][2].netCounts = 1e308),
      '0, or 0.001 to 1e15',
    ],
    [
      'wholeBody[2].netCounts',
      (m: Raw) => (m['wholeBody'][2].netCounts = -1),
      '0, or 0.001 to 1e15',
    ],
    [
      'measurements.lesions[0].recoveryCoefficient',
      (m: Raw) => (m['measurements'].lesions[0].recoveryCoefficient = 1e-300),
      '0.05-1.5',
    ],
    [
      'measurements.lesions[1].meanConcBqPerMl',
      (m: Raw) => (m['measurements'].lesions[1].meanConcBqPerMl = Infinity),
      '0, or 0.001 to 1e10 Bq/mL',
    ],
    ['lesions[0].volumeMl', (m: Raw) => (m['lesions'][0].volumeMl = 1e-300), '0.01-5000 mL'],
    [
      'therapy.plannedActivityGBq',
      (m: Raw) => (m['therapy'].plannedActivityGBq = 1e308),
      '0.1-30 GBq',
    ],
    [
      'settings.lesionDensityGPerMl',
      (m: Raw) => (m['settings'] = { lesionDensityGPerMl: 1e-300 }),
      '0.5-3 g/mL',
    ],
    ['settings.uptakeTimeH', (m: Raw) => (m['settings'] = { uptakeTimeH: 0 }), '> 0 and <= 1000 h'],
  ])('%s', (field, mutate, range) => {
    const message = errorOf(mutate);
    expect(message).toContain(`m.yaml: ${field}: expected`);
    expect(message).toContain(range);
  });

  it('a seed coordinate of 1e308 mm', () => {
    const message = errorOf((m) => {
      m['lesions'][0].seedsLps = { pet24: [1e308, 0, 0] };
    });
    expect(message).toContain('lesions[0].seedsLps.pet24[0]: expected a coordinate in mm');
    expect(message).toContain('-10000 to 10000 mm');
  });

  it('the phantom concentrations and diameters', () => {
    const p = phantom() as Raw;
    p['spheres'][1].diameterMm = 1e308;
    expect(() => validateWith(phantomManifestSchema, p, 'ph.yaml')).toThrow(
      'ph.yaml: spheres[1].diameterMm: expected an inner diameter in mm within 1-300 mm, got 1e+308',
    );
    expect(() =>
      validateWith(phantomManifestSchema, { ...phantom(), sphereConcBqPerMl: 0 }, 'ph.yaml'),
    ).toThrow('ph.yaml: sphereConcBqPerMl: expected a sphere concentration > 0, got 0');
  });
});

describe('list sizes that would make the run hang are refused up front', () => {
  it.each([
    ['blood', 201, 'expected at most 200 blood samples'],
    ['wholeBody', 201, 'expected at most 200 whole-body counts'],
    ['lesions', 201, 'expected at most 200 lesions'],
    ['scans', 51, 'expected at most 50 PET/CT scans'],
  ])('%s x %i', (key, n, expected) => {
    const message = errorOf((m) => {
      const first = (m[key] as unknown[] | undefined)?.[0] ?? { id: 's', pet: './pet' };
      m[key] = Array.from({ length: n }, () => first);
    });
    expect(message).toContain(`m.yaml: ${key}: ${expected}`);
    expect(message).toContain(`got a list of ${n}`);
  });

  it('10,000 lesion measurements', () => {
    const message = errorOf((m) => {
      const first = m['measurements'].lesions[0];
      m['measurements'].lesions = Array.from({ length: 10_000 }, () => first);
    });
    expect(message).toContain('measurements.lesions: expected at most 1000 lesion measurements');
  });
});
