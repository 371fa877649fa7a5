import { describe, expect, it } from 'vitest';
import { parseLocalDateTimeMs } from '../../src/core/time.ts';
import {
  ConflictError,
  createTimepoint,
  getTimepoint,
  listAudit,
  listPatients,
  NotFoundError,
  patchTimepoint,
} from '../../src/store/index.ts';
import {
  baseManifest,
  CLIENT,
  cliError,
  errorOf,
  storeWithTimepoint,
  TRACER,
} from './records-fixture.ts';

const rev = (store: ReturnType<typeof storeWithTimepoint>['store'], tid: number) =>
  store.db.prepare('SELECT inputs_rev FROM timepoints WHERE id = ?').pluck().get(tid) as number;

describe('timepoints', () => {
  it('creates a timepoint: an empty detail, an audit row, the patient list shows it', () => {
    const { store, patientId, tid } = storeWithTimepoint();
    const detail = getTimepoint(store, tid);
    expect(detail).toMatchObject({
      patientId,
      patientCode: 'P1',
      label: 'baseline',
      state: 'empty',
      weightKg: null,
      diffuseLungMetastases: false,
      tracer: null,
      measurements: null,
      recovery: null,
      series: [],
      sessions: [],
      lesions: [],
      blood: [],
      wholeBody: [],
      runs: [],
    });
    expect(detail.missing).toContain('no body weight (weightKg)');
    expect(listPatients(store)[0]?.timepoints.map((t) => t.label)).toEqual(['baseline']);
    const audit = listAudit(store, { entity: 'timepoint', entityId: tid });
    expect(audit.map((a) => [a.action, a.before, a.after])).toEqual([
      ['create', null, { label: 'baseline' }],
    ]);
  });

  it('refuses an unknown patient (404), a taken label (409) and a blank label (400)', () => {
    const { store, patientId } = storeWithTimepoint();
    expect(() => createTimepoint(store, 999, { label: 'wk6' }, CLIENT)).toThrow(NotFoundError);
    expect(() => createTimepoint(store, patientId, { label: 'baseline' }, CLIENT)).toThrow(
      ConflictError,
    );
    const blank = errorOf(() => createTimepoint(store, patientId, { label: ' ' }, CLIENT));
    expect(blank.field).toBe('label');
    expect(blank.expected).toMatch(/not only spaces/);
    expect(
      errorOf(() => createTimepoint(store, patientId, { label: 'friedman' }, CLIENT)).expected,
    ).toMatch(/reserved in cohort\.json/);
    expect(() => getTimepoint(store, 999)).toThrow(NotFoundError);
    expect(() => patchTimepoint(store, 999, { weightKg: 70 }, CLIENT)).toThrow(NotFoundError);
  });

  it('patches: omitted keys stay, null clears, each change bumps inputs_rev with one audit row', () => {
    const { store, tid } = storeWithTimepoint();
    const therapy = { plannedActivityGBq: 7.4, lesionDoseThresholdGy: 20 };
    const settings = { uncertainty: { monteCarloSamples: 500 } };
    const measurements = {
      lesions: [{ lesion: 'L1', at: '2024-03-05T09:00:00', meanConcBqPerMl: 5000 }],
    };
    const rev0 = rev(store, tid);
    patchTimepoint(store, tid, { weightKg: 70, tracer: TRACER, therapy }, CLIENT);
    expect(rev(store, tid)).toBe(rev0 + 1);
    const patched = patchTimepoint(
      store,
      tid,
      { settings, overrides: { voiAtAxialEnd: true }, measurements, diffuseLungMetastases: true },
      CLIENT,
    );
    expect(rev(store, tid)).toBe(rev0 + 2);
    expect(patched).toMatchObject({
      weightKg: 70,
      tracer: TRACER,
      therapy,
      settings,
      overrides: { voiAtAxialEnd: true },
      measurements,
      diffuseLungMetastases: true,
    });
    const cleared = patchTimepoint(store, tid, { therapy: null, label: 'wk0' }, CLIENT);
    expect(cleared.therapy).toBeNull();
    expect(cleared.label).toBe('wk0');
    expect(cleared.tracer).toEqual(TRACER);
    expect(rev(store, tid)).toBe(rev0 + 3);
    const audit = listAudit(store, { timepointId: tid, entity: 'timepoint' });
    expect(audit).toHaveLength(4);
    expect(audit[0]?.before).toEqual({ label: 'baseline', therapy });
    expect(audit[0]?.after).toEqual({ label: 'wk0', therapy: null });
    expect(audit[0]?.client).toBe(CLIENT);
    expect(patchTimepoint(store, tid, { measurements: {} }, CLIENT).measurements).toEqual({
      lesions: [],
    });
    // An empty patch changes nothing.
    patchTimepoint(store, tid, {}, CLIENT);
    expect(rev(store, tid)).toBe(rev0 + 4);
  });

  it('stores the tracer as given (the syringe form stays a syringe form)', () => {
    const { store, tid } = storeWithTimepoint();
    const tracer = {
      nuclide: 'I-124',
      administeredAt: '2024-03-04T09:00:00',
      syringeMBq: 80,
      residualMBq: 4,
      residualAt: '2024-03-04T09:05:00',
    };
    expect(patchTimepoint(store, tid, { tracer }, CLIENT).tracer).toEqual(tracer);
  });

  it('refuses bad values at the request field with the CLI message for the manifest field', () => {
    const { store, tid, patientId } = storeWithTimepoint();
    const base = baseManifest();
    const cases: {
      patch: Record<string, unknown>;
      field: string;
      manifest: Record<string, unknown>;
      cliField: string;
    }[] = [
      {
        patch: { weightKg: -5 },
        field: 'weightKg',
        manifest: { ...base, patient: { id: 'P1', weightKg: -5 } },
        cliField: 'patient.weightKg',
      },
      {
        patch: { tracer: { ...TRACER, activityMBq: 'lots' } },
        field: 'tracer.activityMBq',
        manifest: { ...base, tracer: { ...TRACER, activityMBq: 'lots' } },
        cliField: 'tracer.activityMBq',
      },
      {
        patch: { tracer: { ...TRACER, activityMBq: 74, syringeMBq: 80 } },
        field: 'tracer.activityMBq',
        manifest: { ...base, tracer: { ...TRACER, syringeMBq: 80 } },
        cliField: 'tracer.activityMBq',
      },
      {
        patch: { therapy: { plannedActivityGbq: 7.4 } },
        field: '',
        manifest: { ...base, therapy: { plannedActivityGbq: 7.4 } },
        cliField: 'therapy',
      },
      {
        patch: { settings: { uncertainty: { monteCarloSamples: 5 } } },
        field: 'settings.uncertainty.monteCarloSamples',
        manifest: { ...base, settings: { uncertainty: { monteCarloSamples: 5 } } },
        cliField: 'settings.uncertainty.monteCarloSamples',
      },
      {
        patch: { overrides: { voiAtAxialEnd: 'yes' } },
        field: 'overrides.voiAtAxialEnd',
        manifest: { ...base, overrides: { voiAtAxialEnd: 'yes' } },
        cliField: 'overrides.voiAtAxialEnd',
      },
      {
        patch: { measurements: { lesions: [{ lesion: 'L1', meanConcBqPerMl: 5 }] } },
        field: 'measurements.lesions[0].at',
        manifest: { ...base, measurements: { lesions: [{ lesion: 'L1', meanConcBqPerMl: 5 }] } },
        cliField: 'measurements.lesions[0].at',
      },
    ];
    for (const c of cases) {
      const mine = errorOf(() => patchTimepoint(store, tid, c.patch, CLIENT));
      const cli = cliError(c.manifest);
      expect(cli.field).toBe(c.cliField);
      expect(mine.field).toBe(c.field === '' ? c.cliField : c.field);
      expect(mine.expected).toBe(cli.expected);
    }
    // A date the schema takes as text but the run cannot read: refused now, in the run's words.
    const date = errorOf(() =>
      patchTimepoint(
        store,
        tid,
        { tracer: { ...TRACER, administeredAt: '2024-13-01T09:00' } },
        CLIENT,
      ),
    );
    expect(date.field).toBe('tracer.administeredAt');
    expect(date.expected).toBe(
      errorOf(() => parseLocalDateTimeMs('2024-13-01T09:00', { field: 'x' })).expected,
    );
    // Nothing was stored, no audit row beyond the creation.
    expect(getTimepoint(store, tid).tracer).toBeNull();
    expect(listAudit(store, { timepointId: tid })).toHaveLength(1);
    const other = createTimepoint(store, patientId, { label: 'wk6' }, CLIENT);
    expect(() => patchTimepoint(store, other.id, { label: 'baseline' }, CLIENT)).toThrow(
      ConflictError,
    );
    expect(errorOf(() => patchTimepoint(store, tid, { weigthKg: 70 }, CLIENT)).expected).toMatch(
      /weigthKg.*weightKg/,
    );
  });
});
