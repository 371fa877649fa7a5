/**
 * series.json of `iodose pull`: every pulled series, and which folders look like each session's
 * PET and CT, so a manifest can name them (scans[].pet, scans[].ct). A session is a PT series
 * with the CT of the same Frame of Reference (the PET/CT scanner's registration; the nearest in
 * acquisition time when several share it); sessions in acquisition order, each with a suggested
 * scan id "pet<hours after administration>" (the demo's pet24, pet108) when the PET header gives
 * the administration time, else "pet1", "pet2", ... Each PT series and session says its tracer
 * when the header's radionuclide half-life names one (124I for the dosimetry sessions, 18F for
 * FDG PET/CTs of the cohort's PERCIST response, whose suggested ids are "fdg1", "fdg2", ...).
 * Plain data, no I/O.
 */
import { hoursBetween, parseLocalDateTimeMs } from '../../core/time.ts';
import { I124 } from '../../physics/nuclides.ts';
import { F18_HALF_LIFE_H } from '../../response/sul.ts';

/** A tracer series.json recognises from its radionuclide half-life. */
export type PulledTracer = 'I-124' | 'F-18';

/**
 * Half-lives that name a tracer: 124I 4.1760 d (ICRP-107, data/nuclear) and 18F 109.77 min
 * (ICRP-107). A header's value within 2% (our choice: scanners round it, e.g. 6586.2 s or
 * 6588 s for 18F; the next nuclides in use are far away: 11C 20.4 min, 68Ga 67.7 min, 89Zr
 * 78.4 h, 131I 8.02 d) names it.
 */
const TRACERS: readonly [PulledTracer, number][] = [
  ['I-124', I124.halfLifeH],
  ['F-18', F18_HALF_LIFE_H],
];
const HALF_LIFE_TOLERANCE = 0.02;

/** The tracer whose half-life a header's Radionuclide Half Life (hours) matches, else null. */
export function tracerOf(halfLifeH: number | null): PulledTracer | null {
  if (halfLifeH === null) return null;
  const match = TRACERS.find(([, t]) => Math.abs(halfLifeH - t) <= HALF_LIFE_TOLERANCE * t);
  return match?.[0] ?? null;
}

/** One pulled series, as series.json lists it. */
export interface PulledSeries {
  /** Folder under --out ("/"-separated, relative). */
  folder: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  modality: string;
  seriesDescription: string;
  seriesNumber: number | null;
  instances: number;
  frameOfReferenceUid: string | null;
  /** Earliest acquisition (or series) date-time of its instances, ISO local; null if none. */
  acquiredAt: string | null;
  /** Radiopharmaceutical start date-time of a PT series, ISO local; null if absent. */
  administeredAt: string | null;
  /** (0018,0031) Radiopharmaceutical of a PT series as its header says ('' when absent). */
  radiopharmaceutical: string;
  /** The tracer its radionuclide half-life names (tracerOf); null when none or not PT. */
  tracer: PulledTracer | null;
}

/** A session as pulled: its PET folder and the CT folder that goes with it. */
export interface PulledSession {
  /** Suggested scan id for the manifest. */
  scanId: string;
  pet: string;
  /** null: no CT shares the PET's Frame of Reference. */
  ct: string | null;
  acquiredAt: string | null;
  /** Hours from the administration to the PET acquisition (null when a time is missing). */
  hoursAfterAdministration: number | null;
  /** The PET's tracer (PulledSeries.tracer). */
  tracer: PulledTracer | null;
}

/** The content of series.json. */
export interface SeriesPlan {
  'iodose-pull': 1;
  /** The PACS address without credentials. */
  source: string;
  patientId: string;
  studies: string[];
  series: PulledSeries[];
  sessions: PulledSession[];
}

const NONE = { field: 'acquiredAt' };

function ms(iso: string | null): number | null {
  if (iso === null) return null;
  try {
    return parseLocalDateTimeMs(iso, NONE);
  } catch {
    return null;
  }
}

/** The sessions of pulled series (see the file comment). */
export function pairSessions(series: readonly PulledSeries[]): PulledSession[] {
  const pets = series
    .filter((s) => s.modality === 'PT')
    .sort((a, b) => (ms(a.acquiredAt) ?? Infinity) - (ms(b.acquiredAt) ?? Infinity));
  const cts = series.filter((s) => s.modality === 'CT');
  const used = new Set<string>();
  let fdgCount = 0;
  return pets
    .map((pet, index) => {
      const at = ms(pet.acquiredAt);
      const candidates = cts
        .filter(
          (ct) =>
            ct.frameOfReferenceUid !== null && ct.frameOfReferenceUid === pet.frameOfReferenceUid,
        )
        .sort((a, b) => distance(a, at) - distance(b, at));
      const ct = candidates.find((c) => !used.has(c.folder)) ?? candidates[0] ?? null;
      if (ct !== null) used.add(ct.folder);
      const admin = ms(pet.administeredAt);
      const hours = at === null || admin === null ? null : hoursBetween(admin, at);
      const fdg = pet.tracer === 'F-18';
      return {
        scanId: fdg
          ? `fdg${++fdgCount}`
          : hours === null
            ? `pet${index + 1}`
            : `pet${Math.round(hours)}`,
        pet: pet.folder,
        ct: ct?.folder ?? null,
        acquiredAt: pet.acquiredAt,
        hoursAfterAdministration: hours === null ? null : Math.round(hours * 100) / 100,
        tracer: pet.tracer,
      };
    })
    .map(uniqueIds());
}

function distance(ct: PulledSeries, at: number | null): number {
  const t = ms(ct.acquiredAt);
  return at === null || t === null ? 0 : Math.abs(t - at);
}

/** Makes repeated scan ids unique ("pet24", "pet24-2"). */
function uniqueIds(): (session: PulledSession) => PulledSession {
  const seen = new Map<string, number>();
  return (session) => {
    const count = (seen.get(session.scanId) ?? 0) + 1;
    seen.set(session.scanId, count);
    return count === 1 ? session : { ...session, scanId: `${session.scanId}-${count}` };
  };
}
