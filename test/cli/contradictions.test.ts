// Contradictions between the manifest and the images are refused with exit 2 and one line naming
// the override; with the override the run goes on with a warning (issue 7, item 5). Real DICOM:
// the demo patient written by src/demo, its PET folders copied with slices removed where needed.
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSeries } from '../../src/io/dicom/read/read-series.ts';
import { runVariant, writePatientStudy, type PatientStudy } from '../helpers/patient-study.ts';

let study: PatientStudy;

beforeAll(() => {
  study = writePatientStudy('iodose-contradictions-');
}, 120_000);

afterAll(() => rmSync(join(study.dir, '..'), { recursive: true, force: true }));

/** A copy of PET folder `from` keeping the slices whose LPS z satisfies `keep`; its slice count. */
function copyPetSlices(from: string, to: string, keep: (zMm: number) => boolean): number {
  const source = join(study.dir, from);
  const target = join(study.dir, to);
  cpSync(source, target, { recursive: true });
  const series = readSeries(target, { modality: 'PT' });
  const { originLps, spacingMm, direction } = series.volume;
  let kept = 0;
  series.slices.forEach((slice, k) => {
    // Slices come sorted along the normal (here +z, direction identity).
    const z = originLps[2] + direction[8] * spacingMm[2] * k;
    if (keep(z)) kept++;
    else rmSync(slice.file);
  });
  return kept;
}

/** The one error line of a refused run, after `iodose: PATH: `. */
async function refusal(name: string, mutate: Parameters<typeof runVariant>[2]) {
  const { run, path } = await runVariant(study, name, mutate);
  expect(run.status).toBe(2);
  expect(run.err).toHaveLength(1);
  const line = run.err[0] ?? '';
  expect(line.startsWith(`iodose: ${path}: `)).toBe(true);
  return line.slice(`iodose: ${path}: `.length);
}

describe('contradictions are refused, with a named override', () => {
  it('an administration time three days before the PET header', async () => {
    const earlier = (m: { tracer: { administeredAt: string } }) => {
      m.tracer.administeredAt = '2024-03-01T09:15:00';
    };
    expect(await refusal('admin-time', earlier)).toBe(
      'tracer.administeredAt: 2024-03-01T09:15:00 is 72.0 h before the administration time in the ' +
        'PET header of scans[0].pet ((0018,1078) 2024-03-04T09:15:00); expected them within 1 h ' +
        '(correct tracer.administeredAt; if the header is wrong, the manifest time is t = 0; ' +
        'or set overrides.administrationTimeMismatch: true)',
    );
    const { run, results } = await runVariant(study, 'admin-time-accepted', (m) => {
      earlier(m);
      m.overrides = { administrationTimeMismatch: true };
    });
    expect(run.status).toBe(0);
    const accepted = results?.warnings.filter((w) =>
      w.startsWith('overrides.administrationTimeMismatch accepted: tracer.administeredAt: '),
    );
    expect(accepted).toHaveLength(2); // one per scan
  });

  it('an administered activity 35% above the header Radionuclide Total Dose', async () => {
    const more = (m: { tracer: { activityMBq: number } }) => {
      m.tracer.activityMBq = 50;
    };
    // The header: 37 MBq at 2024-03-04T09:15:00, the manifest's own time (no decay).
    expect(await refusal('activity', more)).toBe(
      "tracer.activityMBq: 50 MBq is 35% above the PET header's (0018,1074) Radionuclide Total Dose " +
        "of 37.00 MBq (at 2024-03-04T09:15:00, decayed to the manifest's administration time) in " +
        'scans[0].pet; expected within 20% (correct tracer.activityMBq (MBq administered); ' +
        'or set overrides.administeredActivityMismatch: true)',
    );
    const { run, results } = await runVariant(study, 'activity-accepted', (m) => {
      more(m);
      m.overrides = { administeredActivityMismatch: true };
    });
    expect(run.status).toBe(0);
    expect(results?.warnings).toContainEqual(
      expect.stringMatching(
        /^overrides\.administeredActivityMismatch accepted: tracer\.activityMBq: 50 MBq/,
      ),
    );
  });

  it('the header dose is decayed to the manifest time when the two differ by under 1 h', async () => {
    // Manifest 30 min before the header's 09:15: 37 MBq x 2^(0.5 h / 100.22 h) (ICRP-107 124I).
    const headerMBq = 37 * 2 ** (0.5 / 100.224);
    const line = await refusal('activity-decayed', (m) => {
      m.tracer.administeredAt = '2024-03-04T08:45:00';
      m.tracer.activityMBq = 20;
    });
    expect(line).toContain(
      `20 MBq is ${(100 * (1 - 20 / headerMBq)).toFixed(0)}% below the PET header's (0018,1074) ` +
        `Radionuclide Total Dose of ${headerMBq.toPrecision(4)} MBq (at 2024-03-04T09:15:00, ` +
        "decayed to the manifest's administration time)",
    );
  });

  it('two scans on the same PET series', async () => {
    const twice = (m: { scans: { id: string; pet: string; ct?: string }[] }) => {
      m.scans.push({ id: 'pet24again', pet: './pet24', ct: './ct24' });
    };
    expect(await refusal('same-series', twice)).toMatch(
      /^scans\[2\]\.pet: the same PET series as scans\[0\] \(Series Instance UID [0-9.]+\): two scans on one series count one time point twice \(give each scan its own PET series \(`series` picks one of several in a folder\); or set overrides\.scansOnSameSeries: true\)$/,
    );
    const { run, results } = await runVariant(study, 'same-series-accepted', (m) => {
      twice(m);
      m.overrides = { scansOnSameSeries: true };
    });
    expect(run.status).toBe(0);
    expect(results?.warnings).toContainEqual(
      expect.stringMatching(/^overrides\.scansOnSameSeries accepted: scans\[2\]\.pet: /),
    );
  });

  it('a lesion VOI cut by the end of the PET axial range', async () => {
    // Lesion L1 (thyroid bed, maximum at z = 186 mm): keep the slices up to z = 186 mm.
    const kept = copyPetSlices('pet24', 'pet24-cut', (z) => z <= 186.5);
    const cut = (m: { scans: { id: string; pet: string }[] }) => {
      const scan = m.scans.find((s) => s.id === 'pet24');
      if (scan !== undefined) scan.pet = './pet24-cut';
    };
    expect(await refusal('axial-end', cut)).toMatch(
      new RegExp(
        `^lesions\\[0\\]\\.seedsLps\\.pet24: the lesion's VOI \\([0-9.]+ mL\\) touches the first or last of the ${kept} slices of the PET of scan pet24: the lesion is cut by the end of the axial range \\(acquire or export the PET with the lesion inside its axial range; or set overrides\\.voiAtAxialEnd: true \\(the lesion is then not assessable\\)\\)$`,
      ),
    );
    const { run, results } = await runVariant(study, 'axial-end-accepted', (m) => {
      cut(m);
      m.overrides = { voiAtAxialEnd: true };
    });
    expect(run.status).toBe(0);
    const l1 = results?.lesions.find((l) => l.id === 'L1');
    expect(l1?.assessable).toBe(false);
    expect(l1?.notAssessableReasons.map((r) => r.code)).toContain('voi.axial-end');
    expect(l1?.warnings).toContainEqual(
      expect.stringMatching(/^overrides\.voiAtAxialEnd accepted: lesions\[0\]\.seedsLps\.pet24: /),
    );
    // L3, the heterogeneous liver lesion, is not assessable anyway (volume.pet-ct-disagree).
    expect(results?.lesions.filter((l) => l.assessable).map((l) => l.id)).toEqual([
      'L2',
      'L4',
      'L5',
    ]);
  });

  it('a PET series too short to hold a VOI (5 slices)', async () => {
    const kept = copyPetSlices('pet24', 'pet24-short', (z) => z > 176 && z < 196);
    expect(kept).toBe(5);
    const line = await refusal('short', (m) => {
      const scan = m.scans.find((s) => s.id === 'pet24');
      if (scan !== undefined) scan.pet = './pet24-short';
    });
    expect(line).toBe(
      'scans[0].pet: the PET has 5 slice(s) covering 20 mm: too short to hold a lesion VOI and its ' +
        'background shell (at least 10 slices and 48 mm) (export the whole PET series (every slice ' +
        'of the bed positions); or set overrides.shortPetSeries: true)',
    );
  });
});
