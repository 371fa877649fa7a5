/**
 * A DICOMweb client (PS3.18 10: QIDO-RS search, WADO-RS retrieve, STOW-RS store) over plain
 * fetch (http.ts). Searches ask for the JSON model (application/dicom+json); a series is
 * retrieved as multipart/related; type="application/dicom" (multipart.ts) and checked to be
 * that; instances are stored as one multipart/related request per batch.
 */
import { InputError } from '../../../core/errors.ts';
import { redactUrl } from '../pacs-url.ts';
import type { DicomJson } from './dicom-json.ts';
import { httpRequest, type HttpOptions } from './http.ts';
import { buildMultipart, multipartBoundary, parseMultipart } from './multipart.ts';

/** What a STOW-RS request reported (PS3.18 10.5.3: the Store Instances response). */
export interface StowResult {
  stored: string[];
  failed: { sopInstanceUid: string; reason: number | null }[];
}

/** A client of one DICOMweb root. */
export interface DicomWebClient {
  /** The root without credentials. */
  readonly label: string;
  /** A key given a list is repeated (includefield: Orthanc 1.10 does not split an encoded comma). */
  searchStudies(query?: Record<string, string | readonly string[]>): Promise<DicomJson[]>;
  /** Series of a study; null when the PACS answers 404 (no such study). */
  searchSeries(studyUid: string): Promise<DicomJson[] | null>;
  searchInstances(studyUid: string, seriesUid: string): Promise<DicomJson[]>;
  /** Every instance of a series, as Part 10 bytes. */
  retrieveSeries(studyUid: string, seriesUid: string): Promise<Uint8Array[]>;
  /** Stores Part 10 instances (STOW-RS to /studies). */
  store(instances: readonly Uint8Array[]): Promise<StowResult>;
}

const JSON_TYPE = 'application/dicom+json';
const SERIES_FIELDS = ['00080060', '0008103E', '00200011', '00201209', '00100020'];

/** A DICOMweb client of `root` (e.g. http://127.0.0.1:8042/dicom-web). */
export function dicomWebClient(root: string, options: HttpOptions = {}): DicomWebClient {
  const base = root.replace(/\/+$/, '');
  const label = redactUrl(base);
  const search = async (path: string, accept404 = false): Promise<DicomJson[] | null> => {
    const answer = await httpRequest(
      `${base}${path}`,
      { headers: { accept: JSON_TYPE }, accept: accept404 ? [404] : [] },
      { timeoutMs: 30_000, ...options },
    );
    if (answer.status === 404) return null;
    if (answer.status === 204 || answer.body.length === 0) return [];
    try {
      const parsed: unknown = JSON.parse(Buffer.from(answer.body).toString('utf8'));
      if (Array.isArray(parsed)) return parsed as DicomJson[];
    } catch {
      // reported below
    }
    throw new InputError(
      { field: 'URL' },
      `GET ${label}${path} did not answer a DICOM JSON array (Content-Type ${answer.contentType})`,
      'check that the URL is the DICOMweb (QIDO-RS) root of the PACS',
    );
  };
  const uid = encodeURIComponent;
  return {
    label,
    async searchStudies(query = {}) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        for (const one of typeof value === 'string' ? [value] : value) params.append(key, one);
      }
      const text = params.toString();
      return (await search(`/studies${text === '' ? '' : `?${text}`}`)) ?? [];
    },
    searchSeries: (studyUid) =>
      search(`/studies/${uid(studyUid)}/series?includefield=${SERIES_FIELDS.join(',')}`, true),
    async searchInstances(studyUid, seriesUid) {
      const path = `/studies/${uid(studyUid)}/series/${uid(seriesUid)}/instances`;
      return (await search(path)) ?? [];
    },
    async retrieveSeries(studyUid, seriesUid) {
      const path = `/studies/${uid(studyUid)}/series/${uid(seriesUid)}`;
      const answer = await httpRequest(
        `${base}${path}`,
        { headers: { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' } },
        options,
      );
      const boundary = multipartBoundary(answer.contentType);
      if (!/^multipart\/related/i.test(answer.contentType) || boundary === null) {
        throw new InputError(
          { field: 'URL' },
          `GET ${label}${path} answered ${answer.contentType || 'no Content-Type'}, not multipart/related`,
          'check that the URL is the DICOMweb (WADO-RS) root of the PACS',
        );
      }
      try {
        return parseMultipart(answer.body, boundary).map((part) => {
          const type = part.headers['content-type'] ?? 'application/dicom';
          if (!/^application\/dicom\b/i.test(type)) throw new Error(`a part is ${type}`);
          return part.body;
        });
      } catch (error) {
        throw new InputError(
          { field: 'URL' },
          `GET ${label}${path}: the series arrived damaged (${(error as Error).message})`,
          'try again; if it persists, check the PACS log',
        );
      }
    },
    async store(instances) {
      const { body, contentType } = buildMultipart(instances, 'application/dicom');
      const answer = await httpRequest(
        `${base}/studies`,
        {
          method: 'POST',
          headers: { 'content-type': contentType, accept: JSON_TYPE },
          body,
          accept: [409],
        },
        options,
      );
      return stowResult(answer.body);
    },
  };
}

/** The referenced (stored) and failed SOP Instance UIDs of a Store Instances response. */
function stowResult(body: Uint8Array): StowResult {
  if (body.length === 0) return { stored: [], failed: [] };
  const parsed = JSON.parse(Buffer.from(body).toString('utf8')) as DicomJson | DicomJson[];
  const response = Array.isArray(parsed) ? parsed[0] : parsed;
  const items = (tag: string): DicomJson[] => (response?.[tag]?.Value ?? []) as DicomJson[];
  const sop = (item: DicomJson): string => String(item['00081155']?.Value?.[0] ?? '');
  return {
    stored: items('00081199').map(sop),
    failed: items('00081198').map((item) => {
      const reason = item['00081197']?.Value?.[0];
      return { sopInstanceUid: sop(item), reason: typeof reason === 'number' ? reason : null };
    }),
  };
}
