import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  createLesion,
  createTimepoint,
  deleteLesion,
  deleteSeed,
  getLesion,
  getTimepoint,
  listAudit,
  NotFoundError,
  putSeed,
  setSessions,
  updateLesion,
} from '../../src/store/index.ts';
import {
  addSeries,
  baseManifest,
  CLIENT,
  cliError,
  errorOf,
  storeWithTimepoint,
} from './records-fixture.ts';

function withSession() {
  const made = storeWithTimepoint();
  const pet = addSeries(made.store, made.tid, 'PT', '2024-03-05T09:00:00');
  const detail = setSessions(made.store, made.tid, [{ label: 'pet24', petSeriesId: pet }], CLIENT);
  return { ...made, sessionId: detail.sessions[0]?.id ?? -1 };
}

const revOf = (made: ReturnType<typeof storeWithTimepoint>) =>
  made.store.db.prepare('SELECT inputs_rev FROM timepoints WHERE id = ?').pluck().get(made.tid);

describe('lesions and seeds', () => {
  it('creates, updates and deletes lesions with audit rows and inputs_rev increments', () => {
    const made = storeWithTimepoint();
    const { store, tid } = made;
    const rev0 = revOf(made) as number;
    let detail = createLesion(store, tid, { label: 'L1', site: 'lung', volumeMl: 2.5 }, CLIENT);
    const id = detail.lesions[0]?.id ?? -1;
    expect(detail.lesions).toEqual([{ id, label: 'L1', site: 'lung', volumeMl: 2.5, seeds: [] }]);
    expect(getLesion(store, id)).toMatchObject({ label: 'L1', timepointId: tid });
    detail = updateLesion(store, id, { label: 'L1b', site: null }, CLIENT);
    expect(detail.lesions[0]).toMatchObject({ label: 'L1b', site: null, volumeMl: null });
    expect(() => createLesion(store, tid, { label: 'L1b' }, CLIENT)).toThrow(ConflictError);
    createLesion(store, tid, { label: 'L2' }, CLIENT);
    expect(() => updateLesion(store, id, { label: 'L2' }, CLIENT)).toThrow(ConflictError);
    detail = deleteLesion(store, id, CLIENT);
    expect(detail.lesions.map((l) => l.label)).toEqual(['L2']);
    expect(revOf(made)).toBe(rev0 + 4);
    const audit = listAudit(store, { entity: 'lesion', entityId: id });
    expect(audit.map((a) => a.action)).toEqual(['delete', 'update', 'create']);
    expect(audit[1]?.before).toEqual({ label: 'L1', site: 'lung', volumeMl: 2.5 });
    expect(audit[1]?.after).toEqual({ label: 'L1b', site: null, volumeMl: null });
    expect(audit.every((a) => a.entity === 'lesion')).toBe(true);
    for (const call of [
      () => getLesion(store, id),
      () => updateLesion(store, id, { label: 'x' }, CLIENT),
      () => deleteLesion(store, id, CLIENT),
      () => createLesion(store, 999, { label: 'x' }, CLIENT),
    ]) {
      expect(call).toThrow(NotFoundError);
    }
  });

  it('refuses a bad lesion label and volume with the CLI message', () => {
    const { store, tid } = storeWithTimepoint();
    const volume = errorOf(() => createLesion(store, tid, { label: 'L1', volumeMl: -1 }, CLIENT));
    const cli = cliError({ ...baseManifest(), lesions: [{ id: 'L1', volumeMl: -1 }] });
    expect(cli.field).toBe('lesions[0].volumeMl');
    expect(volume.field).toBe('volumeMl');
    expect(volume.expected).toBe(cli.expected);
    const label = errorOf(() => createLesion(store, tid, { label: 'a\tb' }, CLIENT));
    expect(label.field).toBe('label');
    expect(label.expected).toBe(
      cliError({ ...baseManifest(), lesions: [{ id: 'a\tb' }] }).expected,
    );
    expect(getTimepoint(store, tid).lesions).toEqual([]);
  });

  it('puts, replaces and deletes seeds; the state follows', () => {
    const made = withSession();
    const { store, tid, sessionId } = made;
    const lesionId = createLesion(store, tid, { label: 'L1' }, CLIENT).lesions[0]?.id ?? -1;
    expect(getTimepoint(store, tid).missing).toContain('lesion L1 has no seed in session pet24');
    let detail = putSeed(store, lesionId, sessionId, { pointLps: [10, -20.5, 30] }, CLIENT);
    expect(detail.lesions[0]?.seeds).toEqual([{ sessionId, pointLps: [10, -20.5, 30] }]);
    expect(detail.state).toBe('seeded');
    expect(detail.missing).not.toContain('lesion L1 has no seed in session pet24');
    detail = putSeed(store, lesionId, sessionId, { pointLps: [1, 2, 3] }, CLIENT);
    expect(detail.lesions[0]?.seeds).toEqual([{ sessionId, pointLps: [1, 2, 3] }]);
    detail = deleteSeed(store, lesionId, sessionId, CLIENT);
    expect(detail.lesions[0]?.seeds).toEqual([]);
    expect(detail.state).toBe('imported');
    const audit = listAudit(store, { entity: 'seed', entityId: lesionId });
    expect(audit.map((a) => [a.action, a.before, a.after])).toEqual([
      ['delete', { session: 'pet24', pointLps: [1, 2, 3] }, null],
      [
        'update',
        { session: 'pet24', pointLps: [10, -20.5, 30] },
        { session: 'pet24', pointLps: [1, 2, 3] },
      ],
      ['create', null, { session: 'pet24', pointLps: [10, -20.5, 30] }],
    ]);
    expect(() => deleteSeed(store, lesionId, sessionId, CLIENT)).toThrow(NotFoundError);
    expect(() => putSeed(store, lesionId, 999, { pointLps: [1, 2, 3] }, CLIENT)).toThrow(
      NotFoundError,
    );
    expect(() => putSeed(store, 999, sessionId, { pointLps: [1, 2, 3] }, CLIENT)).toThrow(
      NotFoundError,
    );
  });

  it('refuses a seed in another timepoint and a bad point with the CLI message', () => {
    const made = withSession();
    const { store, tid, patientId, sessionId } = made;
    const other = createTimepoint(store, patientId, { label: 'wk6' }, CLIENT);
    const lesionId = createLesion(store, other.id, { label: 'L1' }, CLIENT).lesions[0]?.id ?? -1;
    const away = errorOf(() =>
      putSeed(store, lesionId, sessionId, { pointLps: [1, 2, 3] }, CLIENT),
    );
    expect(away.field).toBe('sessionId');
    expect(away.expected).toMatch(/another timepoint/);
    const own = createLesion(store, tid, { label: 'L1' }, CLIENT).lesions[0]?.id ?? -1;
    for (const point of [
      [1, 2],
      [1, Infinity, 3],
      [1, 'x', 3],
      [1, 2, 1e9],
    ]) {
      const mine = errorOf(() => putSeed(store, own, sessionId, { pointLps: point }, CLIENT));
      const cli = cliError({
        ...baseManifest(),
        lesions: [{ id: 'L1', seedsLps: { pet24: point } }],
      });
      expect(cli.field?.startsWith('lesions[0].seedsLps.pet24')).toBe(true);
      expect(mine.field).toBe(cli.field?.replace('lesions[0].seedsLps.pet24', 'pointLps'));
      expect(mine.expected).toBe(cli.expected);
    }
    expect(getTimepoint(store, tid).lesions[0]?.seeds).toEqual([]);
  });
});
