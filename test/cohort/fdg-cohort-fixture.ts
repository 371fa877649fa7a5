// A small FDG cohort written at test time: digital FDG PETs (src/demo/fdg-*.ts, 18F header)
// and minimal dosimetry results.json files, with a cohort manifest pointing at them.
// P1 (M, 80 kg, 175 cm, all from the header): target L1 SUL 10 -> 5 (wk6, PMR), 8.5 (wk12,
// SMD), 14 (wk24, PMD); L2 is FDG-only (not a dosimetry lesion). P2 (F, header 65 kg, manifest
// 66 kg wins): L1 7 -> 6.5 with a new lesion N1 at wk6 (PMD).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Vec3 } from '../../src/core/volume.ts';
import { FDG_LIVER_ROI_LPS, type FdgScanSpec } from '../../src/demo/fdg-phantom.ts';
import { writeFdgPet, type FdgHeaderOmission } from '../../src/demo/fdg-write.ts';

export const TIMEPOINTS = ['wk0', 'wk6', 'wk12', 'wk24'];
export const P1 = { id: 'P1', weightKg: 80, heightCm: 175, sex: 'M' as const };
export const P2 = { id: 'P2', weightKg: 65, heightCm: 165, sex: 'F' as const };
export const L1_CENTER: Vec3 = [48, -20, -20];
export const L2_CENTER: Vec3 = [48, 40, 40];
export const N1_CENTER: Vec3 = [-60, -40, -48];
/** True SUL of P1's lesions per timepoint. */
export const P1_SUL: Record<string, { L1: number; L2: number }> = {
  wk0: { L1: 10, L2: 6 },
  wk6: { L1: 5, L2: 3.5 },
  wk12: { L1: 8.5, L2: 6 },
  wk24: { L1: 14, L2: 6 },
};
const P1_DOSE: Record<string, [number, number]> = {
  wk0: [300e6, 60],
  wk6: [250e6, 65],
  wk12: [350e6, 58],
  wk24: [280e6, 60],
};
const DATES: Record<string, string> = {
  wk0: '2024-03-05',
  wk6: '2024-04-16',
  wk12: '2024-05-28',
  wk24: '2024-08-20',
};

function clock(date: string, minutes: number): string {
  const h = 9 + Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${date}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00`;
}

/** One scan spec: injection at 09:00, scan `uptakeMin` later. */
export function scanSpec(
  timepoint: string,
  activityBq: number,
  uptakeMin: number,
  lesions: FdgScanSpec['lesions'],
): FdgScanSpec {
  const date = DATES[timepoint] ?? '2024-03-05';
  return {
    administeredAt: clock(date, 0),
    acquiredAt: clock(date, uptakeMin),
    activityBq,
    liverSul: 2,
    bodySul: 0.8,
    lesions,
  };
}

/** P1's scan at a timepoint. */
export function p1Scan(timepoint: string): FdgScanSpec {
  const sul = P1_SUL[timepoint] ?? { L1: 10, L2: 6 };
  const [dose, uptake] = P1_DOSE[timepoint] ?? [300e6, 60];
  return scanSpec(timepoint, dose, uptake, [
    { id: 'L1', centerLps: L1_CENTER, diameterMm: 40, sul: sul.L1 },
    { id: 'L2', centerLps: L2_CENTER, diameterMm: 30, sul: sul.L2 },
  ]);
}

/** A dosimetry results.json with lesion L1 of `volumeMl`. */
export function resultsJson(patientId: string, volumeMl: number): string {
  return JSON.stringify({
    iodoseResults: 1,
    patient: { id: patientId },
    lesions: [
      {
        id: 'L1',
        site: 'lung',
        doseGyPerGBq: 20,
        uptake24hPercent: 0.5,
        residenceTimeH: 1,
        volumeMl,
      },
    ],
    blood: null,
    mta: null,
    therapy: { eligible: false, maxLesionDoseGy: 40 },
  });
}

/** Writes a PET of `patient` into DIR/NAME and returns NAME (relative to the cohort file). */
export function writePet(
  dir: string,
  name: string,
  spec: FdgScanSpec,
  patient: typeof P1 | typeof P2,
  omit: readonly FdgHeaderOmission[] = [],
): string {
  writeFdgPet(join(dir, name), spec, patient, omit);
  return `./${name}`;
}

/** The fdg entry of a scan with seeds at the true centres (plain arrays for YAML). */
export function fdgEntry(pet: string, lesions: Record<string, Vec3>, extra = {}) {
  return {
    pet,
    liverLps: [...FDG_LIVER_ROI_LPS],
    lesions: Object.fromEntries(Object.entries(lesions).map(([id, p]) => [id, [...p]])),
    ...extra,
  };
}

/** Writes the whole two-patient cohort into `dir`; returns the cohort manifest object. */
export function writeFdgCohort(dir: string): Record<string, unknown> {
  const p1Fdg: Record<string, unknown> = {};
  for (const t of TIMEPOINTS) {
    const pet = writePet(dir, `P1-${t}`, p1Scan(t), P1);
    p1Fdg[t] = fdgEntry(pet, { L1: L1_CENTER, L2: L2_CENTER });
  }
  const volumes: Record<string, number> = { wk0: 20, wk6: 12, wk12: 18 };
  const p1Studies: Record<string, string> = {};
  for (const [t, v] of Object.entries(volumes)) {
    writeFileSync(join(dir, `P1-${t}.json`), resultsJson('P1', v));
    p1Studies[t] = `./P1-${t}.json`;
  }
  const p2wk0 = writePet(
    dir,
    'P2-wk0',
    scanSpec('wk0', 200e6, 60, [{ id: 'L1', centerLps: L1_CENTER, diameterMm: 36, sul: 7 }]),
    P2,
  );
  const p2wk6 = writePet(
    dir,
    'P2-wk6',
    scanSpec('wk6', 200e6, 60, [
      { id: 'L1', centerLps: L1_CENTER, diameterMm: 36, sul: 6.5 },
      { id: 'N1', centerLps: N1_CENTER, diameterMm: 30, sul: 5 },
    ]),
    P2,
  );
  writeFileSync(join(dir, 'P2-wk0.json'), resultsJson('P2', 10));
  writeFileSync(join(dir, 'P2-wk6.json'), resultsJson('P2', 11));
  return {
    'iodose-cohort': 1,
    name: 'FDG test cohort',
    timepoints: TIMEPOINTS,
    groupBy: [],
    patients: [
      { id: 'P1', studies: p1Studies, fdg: p1Fdg },
      {
        id: 'P2',
        weightKg: 66,
        studies: { wk0: './P2-wk0.json', wk6: './P2-wk6.json' },
        fdg: {
          wk0: fdgEntry(p2wk0, { L1: L1_CENTER }),
          wk6: fdgEntry(p2wk6, { L1: L1_CENTER, N1: N1_CENTER }, { newLesions: ['N1'] }),
        },
      },
    ],
  };
}
