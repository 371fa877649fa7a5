// Patient attributes (patients.attributes_json) and the cohort settings file: stored as given,
// kept by an update that does not name them, cleared by null, refused with an InputError naming
// the field (the cohort file's attribute-name rules), an audit row per change, and a change of
// attributes alone leaves the runs current (inputs_rev unchanged).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import {
  closeStore,
  COHORT_SETTINGS_FILE,
  createPatient,
  createTimepoint,
  getCohortSettings,
  listAudit,
  listPatients,
  openStore,
  putCohortSettings,
  updatePatient,
} from '../../src/store/index.ts';
import { tempDir } from '../helpers/temp.ts';

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

const inputsRev = (store: ReturnType<typeof openStore>, pid: number) =>
  store.db.prepare('SELECT inputs_rev FROM timepoints WHERE patient_id = ?').pluck().get(pid);

describe('patient attributes', () => {
  it('stores, keeps, replaces and clears them, each change audited', () => {
    const store = openStore(tempDir());
    const p = createPatient(
      store,
      { code: 'P1', sex: 'F', attributes: { histology: 'papillary', ageY: 54 } },
      'c',
    );
    expect(p.attributes).toEqual({ histology: 'papillary', ageY: 54 });
    createTimepoint(store, p.id, { label: 'wk0' }, 'c');
    const rev = inputsRev(store, p.id);
    // An update without attributes keeps them (the older forms send none).
    updatePatient(store, p.id, { code: 'P1', sex: 'F' }, 'c');
    expect(listPatients(store)[0]?.attributes).toEqual({ histology: 'papillary', ageY: 54 });
    updatePatient(
      store,
      p.id,
      { code: 'P1', sex: 'F', attributes: { histology: 'oncocytic' } },
      'c',
    );
    expect(listPatients(store)[0]?.attributes).toEqual({ histology: 'oncocytic' });
    // Attributes are not run inputs: the timepoint's runs stay current.
    expect(inputsRev(store, p.id)).toBe(rev);
    const audit = listAudit(store, { entity: 'patient', entityId: p.id });
    expect(audit[0]?.before).toMatchObject({ attributes: { histology: 'papillary', ageY: 54 } });
    expect(audit[0]?.after).toMatchObject({ attributes: { histology: 'oncocytic' } });
    updatePatient(store, p.id, { code: 'P1', sex: 'F', attributes: null }, 'c');
    expect(listPatients(store)[0]?.attributes).toEqual({});
    expect(store.db.prepare('SELECT attributes_json FROM patients').pluck().get()).toBeNull();
    expect(listAudit(store, { entity: 'patient', entityId: p.id })).toHaveLength(4);
    // A change of sex is a run input.
    updatePatient(store, p.id, { code: 'P1', sex: 'M' }, 'c');
    expect(inputsRev(store, p.id)).toBe(Number(rev) + 1);
    closeStore(store);
  });

  it('refuses bad names and values naming the field, storing nothing', () => {
    const store = openStore(tempDir());
    const bad: [unknown, string, string][] = [
      [['papillary'], 'attributes', 'mapping'],
      [{ '': 'x' }, 'attributes.', 'non-empty'],
      [{ 'a\tb': 'x' }, 'attributes.a\tb', 'control characters'],
      [{ ['h'.repeat(65)]: 'x' }, `attributes.${'h'.repeat(65)}`, 'at most 64'],
      [{ studies: 'x' }, 'attributes.studies', 'other than'],
      [{ sex: 'F' }, 'attributes.sex', 'other than'],
      [{ histology: '' }, 'attributes.histology', 'attribute value'],
      [{ histology: true }, 'attributes.histology', 'attribute value'],
      [{ histology: { a: 1 } }, 'attributes.histology', 'attribute value'],
    ];
    for (const [attributes, field, words] of bad) {
      const error = inputError(() =>
        createPatient(store, { code: 'P1', attributes } as never, 'c'),
      );
      expect(error.field, JSON.stringify(attributes)).toBe(field);
      expect(error.message, JSON.stringify(attributes)).toContain(words);
    }
    const many = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`a${i}`, i]));
    expect(
      inputError(() => createPatient(store, { code: 'P1', attributes: many }, 'c')).message,
    ).toContain('at most 32');
    expect(listPatients(store)).toEqual([]);
    closeStore(store);
  });
});

describe('cohort settings', () => {
  it('are {} until set, then read back from DIR/cohort-settings.json, audited', () => {
    const dir = tempDir();
    const store = openStore(dir);
    expect(getCohortSettings(store)).toEqual({});
    const settings = {
      name: 'Trial A',
      timepoints: ['wk0', 'wk6', 'wk12'],
      groupBy: ['histology'],
      stoppingRule: { maxEligible: 1, afterPatients: 12 },
    };
    expect(putCohortSettings(store, settings, 'c')).toEqual(settings);
    expect(JSON.parse(readFileSync(join(dir, COHORT_SETTINGS_FILE), 'utf8'))).toEqual(settings);
    expect(getCohortSettings(store)).toEqual(settings);
    putCohortSettings(store, { groupBy: [] }, 'c2');
    const audit = listAudit(store, { entity: 'cohort-settings' });
    expect(audit.map((a) => [a.before, a.after])).toEqual([
      [settings, { groupBy: [] }],
      [{}, settings],
    ]);
    closeStore(store);
  });

  it('refuses bad settings with the cohort file messages, and names a damaged file', () => {
    const dir = tempDir();
    const store = openStore(dir);
    const cases: [unknown, string, string][] = [
      [{ timepoints: [] }, 'timepoints', 'at least one timepoint'],
      [{ timepoints: ['wk0', 'wk0'] }, 'timepoints[1]', 'duplicate timepoint'],
      [{ timepoints: ['friedman'] }, 'timepoints[0]', 'reserved'],
      [{ groupBy: ['a', 'a'] }, 'groupBy[1]', 'duplicate attribute'],
      [
        { stoppingRule: { maxEligible: 0, afterPatients: 0 } },
        'stoppingRule.afterPatients',
        '>= 1',
      ],
      [{ colour: 'red' }, '(top level)', 'colour'],
    ];
    for (const [input, field, words] of cases) {
      const error = inputError(() => putCohortSettings(store, input, 'c'));
      expect(error.field, JSON.stringify(input)).toBe(field);
      expect(error.message).toContain(words);
    }
    expect(listAudit(store, { entity: 'cohort-settings' })).toEqual([]);
    writeFileSync(join(dir, COHORT_SETTINGS_FILE), '{"name": ');
    const damaged = inputError(() => getCohortSettings(store));
    expect(damaged.message).toContain(COHORT_SETTINGS_FILE);
    closeStore(store);
  });
});
