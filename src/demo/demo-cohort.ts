/**
 * The demo cohort of `iodose demo --cohort`: the committed demo cohort (examples/demo-cohort,
 * measurement-level study manifests) copied into a folder, with digital FDG PETs (18F DICOM,
 * fdg-write.ts) for three patients so the cohort report has its PERCIST 1.0 response section
 * (run by app/demo.ts).
 * Designed responses (hottest lesion SULpeak vs wk0; liver SUL 2): P01 L1 10 -> 5 -> 4.5 (PMR at
 * wk6 and wk12), P03 L1 8 -> 7.6 (SMD at wk12), P08 L1 7 -> 6.8 (SMD at wk6) -> 11 (PMD at wk12),
 * so wk12 has one PMR, one SMD and one PMD. P03's PET headers lack the height (PatientSize) and
 * P08's the height and sex: the cohort manifest gives them.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { toYaml } from './yaml.ts';
import type { Vec3 } from '../core/volume.ts';
import {
  FDG_LIVER_ROI_LPS,
  type FdgLesion,
  type FdgPatient,
  type FdgScanSpec,
} from './fdg-phantom.ts';
import { writeFdgPet, type FdgHeaderOmission } from './fdg-write.ts';
import { demoManifest } from './demo-patient.ts';

/** The committed demo cohort (made by scripts/make-demo-cohort.ts). */
export const DEMO_COHORT_DIR = join(import.meta.dirname, '..', '..', 'examples', 'demo-cohort');

/** The demo cohort written: its manifest and, per FDG patient, the PETs' timepoints and folder. */
export interface WrittenDemoCohort {
  cohortPath: string;
  fdgPatients: { id: string; timepoints: string[]; folder: string }[];
}

/** One lesion of a demo FDG patient: where it is, its size and its true SUL per timepoint. */
interface DemoFdgLesion {
  id: string;
  centerLps: Vec3;
  diameterMm: number;
  sul: Record<string, number>;
}

/** One demo FDG patient: its lesions and the header attributes its PETs leave out. */
interface DemoFdgPatient {
  id: string;
  lesions: DemoFdgLesion[];
  omit: FdgHeaderOmission[];
}

/** The designed FDG patients (timepoints: those of the patient's dosimetry studies). */
export const DEMO_FDG_PATIENTS: readonly DemoFdgPatient[] = [
  {
    id: 'P01',
    omit: [],
    lesions: [
      { id: 'L1', centerLps: [48, -20, -20], diameterMm: 40, sul: { wk0: 10, wk6: 5, wk12: 4.5 } },
      { id: 'L3', centerLps: [48, 40, 40], diameterMm: 30, sul: { wk0: 6, wk6: 3.5, wk12: 3.2 } },
    ],
  },
  {
    id: 'P03',
    omit: ['heightCm'],
    lesions: [{ id: 'L1', centerLps: [48, -20, -20], diameterMm: 36, sul: { wk0: 8, wk12: 7.6 } }],
  },
  {
    id: 'P08',
    omit: ['heightCm', 'sex'],
    lesions: [
      {
        id: 'L1',
        centerLps: [-60, -40, -48],
        diameterMm: 36,
        sul: { wk0: 7, wk6: 6.8, wk12: 11 },
      },
    ],
  },
];

/** FDG scan dates per timepoint (the I-124 studies are on 2024-03-04 + 0, 42, 84 days). */
const FDG_DATES: Record<string, string> = {
  wk0: '2024-02-28',
  wk6: '2024-04-10',
  wk12: '2024-05-22',
};

/** Injection at 09:00 with 250 MBq, scan start 60 min later. */
function scanSpec(timepoint: string, lesions: FdgLesion[]): FdgScanSpec {
  const date = FDG_DATES[timepoint] ?? '2024-02-28';
  return {
    administeredAt: `${date}T09:00:00`,
    acquiredAt: `${date}T10:00:00`,
    activityBq: 250e6,
    liverSul: 2,
    bodySul: 0.8,
    lesions,
  };
}

interface CohortYamlPatient {
  id: string;
  studies: Record<string, string>;
  [key: string]: unknown;
}

/** Writes the PETs of one demo patient and returns its `fdg:` block for the cohort manifest. */
function writePatientPets(
  folder: string,
  design: DemoFdgPatient,
  timepoints: string[],
  person: FdgPatient,
): Record<string, unknown> {
  const fdg: Record<string, unknown> = {};
  for (const t of timepoints) {
    const lesions = design.lesions.flatMap((l) => {
      const sul = l.sul[t];
      return sul === undefined
        ? []
        : [{ id: l.id, centerLps: l.centerLps, diameterMm: l.diameterMm, sul }];
    });
    const name = `fdg-${t}`;
    const petFolder = join(folder, design.id, name);
    // Random file names: a rerun into the same folder must not leave a second series behind.
    rmSync(petFolder, { recursive: true, force: true });
    writeFdgPet(petFolder, scanSpec(t, lesions), { id: design.id, ...person }, design.omit);
    fdg[t] = {
      pet: `./${design.id}/${name}`,
      liverLps: [...FDG_LIVER_ROI_LPS],
      lesions: Object.fromEntries(lesions.map((l) => [l.id, [...l.centerLps]])),
    };
  }
  return fdg;
}

/** Copies the demo cohort into `out` and adds the FDG PETs and their `fdg:` blocks. */
export function writeDemoCohort(out: string): WrittenDemoCohort {
  const folder = resolve(out);
  cpSync(DEMO_COHORT_DIR, folder, { recursive: true });
  const cohortPath = join(folder, 'cohort.yaml');
  const cohort = parse(readFileSync(cohortPath, 'utf8')) as { patients: CohortYamlPatient[] };
  // The demo cohort's patients are all the demo patient (72 kg, 168 cm, F).
  const demo = demoManifest().patient;
  const person: FdgPatient = {
    weightKg: demo.weightKg ?? 72,
    heightCm: demo.heightCm ?? 168,
    sex: demo.sex ?? 'F',
  };
  const fdgPatients: WrittenDemoCohort['fdgPatients'] = [];
  for (const design of DEMO_FDG_PATIENTS) {
    const patient = cohort.patients.find((p) => p.id === design.id);
    if (patient === undefined) throw new Error(`demo cohort has no patient ${design.id}`);
    const timepoints = Object.keys(patient.studies);
    if (design.omit.includes('sex')) patient['sex'] = person.sex;
    if (design.omit.includes('heightCm')) patient['heightCm'] = person.heightCm;
    patient['fdg'] = writePatientPets(folder, design, timepoints, person);
    fdgPatients.push({ id: design.id, timepoints, folder: join(folder, design.id) });
  }
  const header =
    '# Demo cohort (examples/demo-cohort) with digital FDG PETs for P01, P03 and P08 (iodose demo --cohort).\n' +
    '# Run it yourself with: iodose cohort cohort.yaml --out out\n';
  writeFileSync(cohortPath, header + toYaml(cohort, { flowRecords: true }));
  return { cohortPath, fdgPatients };
}
