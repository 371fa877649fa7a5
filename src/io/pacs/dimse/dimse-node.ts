/**
 * A PacsNode over DIMSE (PS3.7) through dcmtk's tools (dcmtk.ts): C-FIND (findscu, Study Root)
 * for series and instances, C-GET (getscu) to retrieve a series over the same association (no
 * C-MOVE destination needed), C-STORE (storescu). Responses and retrieved instances land in a
 * scratch folder that is removed after each call.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../../dicom/read/instance.ts';
import { parseInstance } from '../../dicom/read/parse-instance.ts';
import { noStudy, type PacsNode, type RemoteSeries, type RemoteStudy } from '../pacs-port.ts';
import { associationArgs, dimseFailure, runDcmtk } from './dcmtk.ts';

/** Where and as whom to associate. */
export interface DimseTarget {
  host: string;
  port: number;
  calledAet: string;
  callingAet: string;
  label: string;
  timeoutMs: number;
}

async function inScratch<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'iodose-dimse-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const text = (d: Dataset, key: string): string => {
  const value = d[key];
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
};

/** Every value of a multi-valued string (an array, or one string with backslashes). */
function texts(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split('\\') : [];
  return list
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    .map((v) => v.trim());
}

/** A PN as text (a string, or dcmjs's {Alphabetic} object). */
function personName(value: unknown): string {
  const first = Array.isArray(value) ? (value[0] as unknown) : value;
  if (typeof first === 'string') return first.trim();
  if (typeof first === 'object' && first !== null && 'Alphabetic' in first) {
    const name = (first as { Alphabetic?: unknown }).Alphabetic;
    return typeof name === 'string' ? name.trim() : '';
  }
  return '';
}

/** Every Part 10 file of `dir`, parsed (C-FIND responses) or as bytes. */
function filesOf(dir: string): Uint8Array[] {
  return readdirSync(dir)
    .sort()
    .map((name) => new Uint8Array(readFileSync(join(dir, name))));
}

/** C-ECHO: resolves when the PACS answers, else an InputError (refused, no answer). */
export async function dimseEcho(t: DimseTarget): Promise<void> {
  const args = [...associationArgs(t.callingAet, t.calledAet, t.timeoutMs), t.host, String(t.port)];
  const run = await runDcmtk('echoscu', args, t.timeoutMs + 5000);
  if (run.status !== 0) throw dimseFailure(run, t.label, 'C-ECHO', t.callingAet);
}

/** C-FIND at `level` with `keys` ("Tag=value" or "Tag" to return); the matches' data sets. */
async function find(t: DimseTarget, level: string, keys: string[]): Promise<Dataset[]> {
  return inScratch(async (dir) => {
    const args = [
      '-S',
      ...associationArgs(t.callingAet, t.calledAet, t.timeoutMs),
      '-k',
      `QueryRetrieveLevel=${level}`,
      ...keys.flatMap((k) => ['-k', k]),
      '-X',
      '-od',
      dir,
      t.host,
      String(t.port),
    ];
    const run = await runDcmtk('findscu', args, t.timeoutMs * 2 + 5000);
    if (run.status !== 0) throw dimseFailure(run, t.label, `C-FIND (${level})`, t.callingAet);
    return filesOf(dir).map((bytes, i) => {
      const parsed = parseInstance(
        { bytes, source: `C-FIND response ${i + 1}` },
        { sha256: false },
      );
      return parsed?.dataset ?? {};
    });
  });
}

/** A DIMSE PacsNode (see the file comment). */
export function dimseNode(t: DimseTarget): PacsNode {
  return {
    label: t.label,
    echo: () => dimseEcho(t),
    async searchStudies(query, limit = 100) {
      const key = (name: string, value: string | undefined): string =>
        value === undefined ? name : `${name}=${value}`;
      const matches = await find(t, 'STUDY', [
        key('PatientID', query.patientId),
        key('PatientName', query.patientName),
        key('StudyDate', query.studyDate),
        'StudyInstanceUID',
        'StudyDescription',
        'ModalitiesInStudy',
        'NumberOfStudyRelatedSeries',
      ]);
      return matches.slice(0, limit).map((d): RemoteStudy => ({
        studyInstanceUid: text(d, 'StudyInstanceUID'),
        patientId: text(d, 'PatientID'),
        patientName: personName(d['PatientName']),
        studyDate: text(d, 'StudyDate'),
        studyDescription: text(d, 'StudyDescription'),
        modalitiesInStudy: texts(d['ModalitiesInStudy']),
        seriesCount: Number.parseInt(text(d, 'NumberOfStudyRelatedSeries'), 10) || null,
      }));
    },
    async studySeries(studyUid) {
      const matches = await find(t, 'SERIES', [
        `StudyInstanceUID=${studyUid}`,
        'SeriesInstanceUID',
        'Modality',
        'SeriesDescription',
        'SeriesNumber',
        'NumberOfSeriesRelatedInstances',
        'PatientID',
      ]);
      if (matches.length === 0) throw noStudy(studyUid, t.label);
      return matches.map((d): RemoteSeries => ({
        studyInstanceUid: text(d, 'StudyInstanceUID') || studyUid,
        seriesInstanceUid: text(d, 'SeriesInstanceUID'),
        modality: text(d, 'Modality'),
        seriesDescription: text(d, 'SeriesDescription'),
        seriesNumber: Number.isFinite(Number.parseInt(text(d, 'SeriesNumber'), 10))
          ? Number.parseInt(text(d, 'SeriesNumber'), 10)
          : null,
        instances: Number.parseInt(text(d, 'NumberOfSeriesRelatedInstances'), 10) || null,
        patientId: text(d, 'PatientID'),
      }));
    },
    async seriesInstances(studyUid, seriesUid) {
      const keys = [
        `StudyInstanceUID=${studyUid}`,
        `SeriesInstanceUID=${seriesUid}`,
        'SOPInstanceUID',
      ];
      return (await find(t, 'IMAGE', keys)).map((d) => text(d, 'SOPInstanceUID'));
    },
    retrieveSeries: (studyUid, seriesUid) =>
      inScratch(async (dir) => {
        const args = [
          '-S',
          ...associationArgs(t.callingAet, t.calledAet, t.timeoutMs),
          '-k',
          'QueryRetrieveLevel=SERIES',
          '-k',
          `StudyInstanceUID=${studyUid}`,
          '-k',
          `SeriesInstanceUID=${seriesUid}`,
          '-od',
          dir,
          t.host,
          String(t.port),
        ];
        const run = await runDcmtk('getscu', args, t.timeoutMs * 4 + 5000);
        if (run.status !== 0) throw dimseFailure(run, t.label, 'C-GET', t.callingAet);
        return filesOf(dir);
      }),
    store: (instances) =>
      inScratch(async (dir) => {
        const paths = instances.map((bytes, i) => {
          const path = join(dir, `${String(i).padStart(6, '0')}.dcm`);
          writeFileSync(path, bytes);
          return path;
        });
        const args = [
          ...associationArgs(t.callingAet, t.calledAet, t.timeoutMs),
          t.host,
          String(t.port),
        ];
        // -R: propose the SOP classes of the files themselves (SEG, RT Dose are not in the default set).
        const run = await runDcmtk('storescu', ['-R', ...args, ...paths], t.timeoutMs * 4 + 5000);
        if (run.status !== 0) throw dimseFailure(run, t.label, 'C-STORE', t.callingAet);
        return { stored: instances.length, failed: [] };
      }),
  };
}
