/**
 * Use case "pull": the series of one or more studies from a PACS (io/pacs PacsNode), each into
 * its own folder of the sink (`<modality>-<series number>-<hash>/<SOP Instance UID>.dcm`), and
 * series.json (series-plan.ts). Every instance is checked (pulled-instance.ts); a series must
 * arrive complete (every SOP Instance UID the PACS lists for it, nothing else), and all
 * instances must name one patient. Any failure rejects: the caller discards the sink's staging
 * folder, so nothing half-imported is left (core/artefact.ts).
 */
import { createHash } from 'node:crypto';
import type { ArtefactSink } from '../../core/artefact.ts';
import { InputError } from '../../core/errors.ts';
import type { PacsNode, RemoteSeries } from '../../io/pacs/pacs-port.ts';
import { stages, type RunControl } from '../progress.ts';
import { checkPulledInstance, isUid, type CheckedInstance } from './pulled-instance.ts';
import { pairSessions, tracerOf, type PulledSeries, type SeriesPlan } from './series-plan.ts';

/** Options of pullStudies. */
export interface PullOptions extends RunControl {
  pacs: PacsNode;
  studyUids: readonly string[];
  /** Only these series of the studies (all when absent); one the studies lack is refused. */
  seriesUids?: readonly string[] | undefined;
  sink: ArtefactSink;
}

/** What a pull did. */
export interface PullRun {
  plan: SeriesPlan;
  instances: number;
  bytes: number;
}

/** Folder of a series: "pt-2-1a2b3c4d" (modality, series number, hash of the UID). */
export function seriesFolder(series: RemoteSeries): string {
  const modality = series.modality.toLowerCase().replace(/[^a-z0-9]/g, '') || 'ot';
  const hash = createHash('sha256').update(series.seriesInstanceUid).digest('hex').slice(0, 8);
  return `${modality}-${series.seriesNumber ?? 'x'}-${hash}`;
}

/** Pulls the studies (see the file comment). */
export async function pullStudies(options: PullOptions): Promise<PullRun> {
  const { pacs, sink } = options;
  const run = stages(options, `pull from ${pacs.label}`);
  for (const uid of options.studyUids) {
    // A UID only: "*" or "?" would be a wildcard to a C-FIND and match other studies.
    if (!isUid(uid)) {
      throw new InputError(
        { field: '--study' },
        `"${uid}" is not a Study Instance UID (digits and dots, at most 64 characters)`,
        'copy the Study Instance UID (0020,000D) from the PACS',
      );
    }
  }
  const listed: RemoteSeries[] = [];
  for (const studyUid of new Set(options.studyUids)) {
    const found = await run.run('search', () => pacs.studySeries(studyUid));
    // A PACS may list a series twice (Orthanc does when its instances name two patients).
    onePatient([...listed, ...found], pacs.label);
    for (const series of found) {
      if (!isUid(series.seriesInstanceUid)) {
        throw new InputError(
          { field: '--study' },
          `${pacs.label} lists a series of study ${studyUid} whose Series Instance UID ` +
            `"${series.seriesInstanceUid}" is not a UID`,
          'check the study on the PACS',
        );
      }
      if (!listed.some((s) => s.seriesInstanceUid === series.seriesInstanceUid))
        listed.push(series);
    }
  }
  if (options.seriesUids !== undefined) pickSeries(listed, options.seriesUids, pacs.label);
  const pulled: PulledSeries[] = [];
  let patientId: string | null = null;
  let instances = 0;
  let bytes = 0;
  await run.each('retrieve', listed, async (series) => {
    const { studyInstanceUid: study, seriesInstanceUid: uid } = series;
    const where = `series ${uid} of study ${study} on ${pacs.label}`;
    const expected = new Set(await pacs.seriesInstances(study, uid));
    const files = await pacs.retrieveSeries(study, uid);
    const folder = seriesFolder(series);
    const seen = new Map<string, CheckedInstance>();
    for (const [index, file] of files.entries()) {
      const checked = checkPulledInstance(file, `${where}, instance ${index + 1}`, study, uid);
      patientId ??= checked.patientId;
      if (checked.patientId !== patientId) {
        throw new InputError(
          { field: '--study' },
          `${where} holds an instance of another patient (SOP Instance ${checked.sopInstanceUid}: ` +
            `PatientID "${checked.patientId}", the others "${patientId}"); nothing was imported`,
          'pull one patient at a time; have the PACS administrator fix the misfiled instance',
        );
      }
      if (seen.has(checked.sopInstanceUid) || !expected.has(checked.sopInstanceUid)) {
        throw incomplete(where, `instance ${checked.sopInstanceUid} is repeated or not listed`);
      }
      seen.set(checked.sopInstanceUid, checked);
      await sink.put({ path: `${folder}/${checked.sopInstanceUid}.dcm`, bytes: file });
      bytes += file.byteLength;
    }
    if (seen.size !== expected.size || seen.size === 0) {
      throw incomplete(where, `${seen.size} of the ${expected.size} instances it lists arrived`);
    }
    instances += seen.size;
    pulled.push(summarise(series, folder, [...seen.values()]));
  });
  const plan: SeriesPlan = {
    'iodose-pull': 1,
    source: pacs.label,
    patientId: patientId ?? '',
    studies: [...new Set(options.studyUids)],
    series: pulled,
    sessions: pairSessions(pulled),
  };
  await sink.put({ path: 'series.json', text: `${JSON.stringify(plan, null, 2)}\n` });
  return { plan, instances, bytes };
}

/** Keeps in `listed` only the series `wanted` names; refuses a UID the studies do not list. */
function pickSeries(listed: RemoteSeries[], wanted: readonly string[], label: string): void {
  const unknown = wanted.find((uid) => !listed.some((s) => s.seriesInstanceUid === uid));
  if (unknown !== undefined) {
    throw new InputError(
      { field: '--series' },
      `the study on ${label} has no series ${unknown}`,
      'pick the series from the list the PACS gives for the study',
    );
  }
  if (wanted.length === 0) {
    throw new InputError({ field: '--series' }, 'no series picked', 'pick at least one series');
  }
  const keep = listed.filter((s) => wanted.includes(s.seriesInstanceUid));
  listed.splice(0, listed.length, ...keep);
}

/** Refuses series the PACS lists under more than one Patient ID, before anything is fetched. */
function onePatient(series: readonly RemoteSeries[], label: string): void {
  const byPatient = new Map<string, RemoteSeries>();
  for (const s of series)
    if (s.patientId !== '' && !byPatient.has(s.patientId)) byPatient.set(s.patientId, s);
  if (byPatient.size < 2) return;
  const list = [...byPatient.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, s]) => `"${id}" in series ${s.seriesInstanceUid}`)
    .join(', ');
  throw new InputError(
    { field: '--study' },
    `the studies on ${label} hold instances of more than one patient (PatientID ${list}); ` +
      'nothing was imported',
    'pull one patient at a time; have the PACS administrator fix the misfiled instances',
  );
}

function incomplete(where: string, what: string): InputError {
  return new InputError(
    { field: '--study' },
    `${where} arrived incomplete: ${what}; nothing was imported`,
    'try again once the PACS has received the whole series',
  );
}

function summarise(series: RemoteSeries, folder: string, items: CheckedInstance[]): PulledSeries {
  const earliest = (values: (string | null)[]): string | null =>
    values.filter((v): v is string => v !== null).sort()[0] ?? null;
  return {
    folder,
    studyInstanceUid: series.studyInstanceUid,
    seriesInstanceUid: series.seriesInstanceUid,
    modality: series.modality,
    seriesDescription: series.seriesDescription,
    seriesNumber: series.seriesNumber,
    instances: items.length,
    frameOfReferenceUid: items[0]?.frameOfReferenceUid ?? null,
    acquiredAt: earliest(items.map((i) => i.acquiredAt)),
    administeredAt: earliest(items.map((i) => i.administeredAt)),
    radiopharmaceutical: items[0]?.radiopharmaceutical ?? '',
    tracer: tracerOf(items[0]?.radionuclideHalfLifeH ?? null),
  };
}
