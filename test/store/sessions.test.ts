import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  createLesion,
  createTimepoint,
  getSession,
  getTimepoint,
  listAudit,
  NotFoundError,
  patchTimepoint,
  putSeed,
  setSessions,
} from '../../src/store/index.ts';
import {
  addSeries,
  baseManifest,
  CLIENT,
  cliError,
  errorOf,
  storeWithTimepoint,
  TRACER,
} from './records-fixture.ts';

function twoScans() {
  const made = storeWithTimepoint();
  const { store, tid } = made;
  const pet24 = addSeries(store, tid, 'PT', '2024-03-05T09:00:00');
  const ct24 = addSeries(store, tid, 'CT', '2024-03-05T08:55:00');
  const pet72 = addSeries(store, tid, 'PT', '2024-03-07T10:30:00');
  return { ...made, pet24, ct24, pet72 };
}

describe('sessions', () => {
  it('assigns series to sessions; hours after administration from the PET acquisition', () => {
    const { store, tid, pet24, ct24, pet72 } = twoScans();
    let detail = setSessions(
      store,
      tid,
      [
        { label: 'pet24', petSeriesId: pet24, ctSeriesId: ct24 },
        { label: 'pet72', petSeriesId: pet72 },
      ],
      CLIENT,
    );
    expect(detail.sessions.map((s) => [s.label, s.petSeriesId, s.ctSeriesId])).toEqual([
      ['pet24', pet24, ct24],
      ['pet72', pet72, null],
    ]);
    expect(detail.sessions.map((s) => s.hoursAfterAdministration)).toEqual([null, null]);
    expect(detail.state).toBe('imported');
    detail = patchTimepoint(store, tid, { tracer: TRACER }, CLIENT);
    // 09:00 on the 4th to 09:00 on the 5th: 24 h; to 10:30 on the 7th: 3 x 24 + 1.5 = 73.5 h.
    expect(detail.sessions[0]?.hoursAfterAdministration).toBeCloseTo(24, 12);
    expect(detail.sessions[1]?.hoursAfterAdministration).toBeCloseTo(73.5, 12);
    const one = getSession(store, detail.sessions[1]?.id ?? -1);
    expect(one).toMatchObject({ label: 'pet72', timepointId: tid, petSeriesId: pet72 });
    expect(one.hoursAfterAdministration).toBeCloseTo(73.5, 12);
    expect(() => getSession(store, 999)).toThrow(NotFoundError);
    expect(() => setSessions(store, 999, [], CLIENT)).toThrow(NotFoundError);
  });

  it('refuses wrong modalities, series of another timepoint, duplicate and bad labels', () => {
    const { store, tid, patientId, pet24, ct24 } = twoScans();
    const pt = errorOf(() => setSessions(store, tid, [{ label: 'a', petSeriesId: ct24 }], CLIENT));
    expect(pt.field).toBe('sessions[0].petSeriesId');
    expect(pt.expected).toMatch(/PET series \(modality PT\).*modality CT/);
    const ct = errorOf(() =>
      setSessions(store, tid, [{ label: 'a', petSeriesId: pet24, ctSeriesId: pet24 }], CLIENT),
    );
    expect(ct.field).toBe('sessions[0].ctSeriesId');
    const other = createTimepoint(store, patientId, { label: 'wk6' }, CLIENT);
    const foreign = addSeries(store, other.id, 'PT', null);
    const away = errorOf(() =>
      setSessions(store, tid, [{ label: 'a', petSeriesId: foreign }], CLIENT),
    );
    expect(away.expected).toMatch(/belongs to another timepoint/);
    expect(
      errorOf(() => setSessions(store, tid, [{ label: 'a', petSeriesId: 4242 }], CLIENT)).expected,
    ).toMatch(/does not exist/);
    const twice = errorOf(() =>
      setSessions(
        store,
        tid,
        [
          { label: 'a', petSeriesId: pet24 },
          { label: 'a', petSeriesId: pet24 },
        ],
        CLIENT,
      ),
    );
    expect(twice).toBeInstanceOf(ConflictError);
    expect(twice.field).toBe('sessions[1].label');
    // A bad label: the CLI's words for scans[0].id.
    const bad = errorOf(() => setSessions(store, tid, [{ label: '', petSeriesId: pet24 }], CLIENT));
    const cli = cliError({ ...baseManifest(), scans: [{ id: '', pet: 'x' }] });
    expect(cli.field).toBe('scans[0].id');
    expect(bad.field).toBe('sessions[0].label');
    expect(bad.expected).toBe(cli.expected);
    expect(errorOf(() => setSessions(store, tid, { label: 'a' }, CLIENT)).field).toBe('sessions');
    expect(getTimepoint(store, tid).sessions).toEqual([]);
  });

  it('replacing the list keeps sessions by label, drops the seeds of removed ones into the audit', () => {
    const { store, tid, pet24, ct24, pet72 } = twoScans();
    let detail = setSessions(
      store,
      tid,
      [
        { label: 'pet24', petSeriesId: pet24 },
        { label: 'pet72', petSeriesId: pet72 },
      ],
      CLIENT,
    );
    const [s24, s72] = detail.sessions;
    detail = createLesion(store, tid, { label: 'L1' }, CLIENT);
    const lesionId = detail.lesions[0]?.id ?? -1;
    putSeed(store, lesionId, s24?.id ?? -1, { pointLps: [1, 2, 3] }, CLIENT);
    putSeed(store, lesionId, s72?.id ?? -1, { pointLps: [4, 5, 6] }, CLIENT);
    const rev = () =>
      store.db.prepare('SELECT inputs_rev FROM timepoints WHERE id = ?').pluck().get(tid);
    const before = rev() as number;
    detail = setSessions(
      store,
      tid,
      [{ label: 'pet24', petSeriesId: pet24, ctSeriesId: ct24 }],
      CLIENT,
    );
    expect(rev()).toBe(before + 1);
    expect(detail.sessions.map((s) => [s.id, s.ctSeriesId])).toEqual([[s24?.id, ct24]]);
    expect(detail.lesions[0]?.seeds).toEqual([{ sessionId: s24?.id, pointLps: [1, 2, 3] }]);
    const audit = listAudit(store, { entity: 'sessions', entityId: tid })[0];
    expect(audit?.before).toEqual({
      sessions: [
        { label: 'pet24', petSeriesId: pet24, ctSeriesId: null },
        { label: 'pet72', petSeriesId: pet72, ctSeriesId: null },
      ],
      seeds: [{ lesion: 'L1', session: 'pet72', pointLps: [4, 5, 6] }],
    });
    expect(audit?.after).toEqual([{ label: 'pet24', petSeriesId: pet24, ctSeriesId: ct24 }]);
    // Another PET under the same label: the seed placed on the old image goes.
    detail = setSessions(store, tid, [{ label: 'pet24', petSeriesId: pet72 }], CLIENT);
    expect(detail.lesions[0]?.seeds).toEqual([]);
  });

  it('a list that fails half-way (2nd series checked in the transaction) leaves the old list', () => {
    const { store, tid, pet24, ct24, pet72 } = twoScans();
    setSessions(store, tid, [{ label: 'old', petSeriesId: pet72 }], CLIENT);
    const audits = listAudit(store, { timepointId: tid }).length;
    const error = errorOf(() =>
      setSessions(
        store,
        tid,
        [
          { label: 'pet24', petSeriesId: pet24 },
          { label: 'bad', petSeriesId: ct24 },
        ],
        CLIENT,
      ),
    );
    expect(error.field).toBe('sessions[1].petSeriesId');
    expect(getTimepoint(store, tid).sessions.map((s) => s.label)).toEqual(['old']);
    expect(listAudit(store, { timepointId: tid })).toHaveLength(audits);
  });
});
