/**
 * Use case "search a PACS": the query of the web app's search form (patient ID, patient name,
 * study date) checked and turned into DICOM matching values (PS3.4 C.2.2.2), then the node's
 * study search. A name without a wildcard matches as a prefix ("DOE" finds "DOE^JOHN"); a date
 * is YYYYMMDD, or a range YYYYMMDD-YYYYMMDD (either end may be open); the ISO form 2024-03-05 is
 * accepted too. Plain checks, no I/O beyond the node.
 */
import { InputError } from '../../core/errors.ts';
import type { PacsNode, RemoteStudy, StudyQuery } from '../../io/pacs/pacs-port.ts';

/** Matches a search may list (the form shows them all; narrow the search for more). */
export const STUDY_SEARCH_LIMIT = 200;

/** LO and PN values: at most 64 characters (PS3.5 6.2), no backslash or control characters. */
const TEXT = /^[^\\\x00-\x1f\x7f]{1,64}$/;
const DATE = /^(\d{8})?(-(\d{8})?)?$/;

function textKey(value: unknown, field: string, what: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') return undefined;
  if (!TEXT.test(text)) {
    throw new InputError(
      { field },
      `expected a ${what} of at most 64 characters without backslash, got ${JSON.stringify(value).slice(0, 80)}`,
      'type the value as the PACS shows it; * and ? are wildcards',
    );
  }
  return text;
}

function validDay(text: string): boolean {
  const y = Number(text.slice(0, 4));
  const m = Number(text.slice(4, 6));
  const d = Number(text.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function dateKey(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const raw = typeof value === 'string' ? value.trim() : '';
  if (raw === '') return undefined;
  const text = raw.replace(/(\d{4})-(\d{2})-(\d{2})/g, '$1$2$3').replace(/\s*-\s*/, '-');
  const match = DATE.exec(text);
  const days = [match?.[1], match?.[3]].filter((d): d is string => d !== undefined);
  if (match === null || days.length === 0 || !days.every(validDay)) {
    throw new InputError(
      { field: 'studyDate' },
      `expected a study date YYYYMMDD or a range YYYYMMDD-YYYYMMDD, got ${JSON.stringify(raw).slice(0, 40)}`,
      'e.g. 20240305, or 20240301-20240331 for March 2024',
    );
  }
  return text;
}

/** The search form's values (query-string text) as a StudyQuery (see the file comment). */
export function studyQuery(input: Record<string, unknown>): StudyQuery {
  const known = ['patientId', 'patientName', 'studyDate'];
  const extra = Object.keys(input).find((key) => !known.includes(key));
  if (extra !== undefined) {
    throw new InputError({ field: extra }, `unknown search key (expected ${known.join(', ')})`);
  }
  const query: StudyQuery = {};
  const patientId = textKey(input['patientId'], 'patientId', 'patient ID');
  if (patientId !== undefined) query.patientId = patientId;
  const name = textKey(input['patientName'], 'patientName', 'patient name');
  if (name !== undefined) query.patientName = /[*?]/.test(name) ? name : `${name}*`;
  const date = dateKey(input['studyDate']);
  if (date !== undefined) query.studyDate = date;
  return query;
}

/** The studies of `pacs` matching the form's values, newest first. */
export async function searchPacsStudies(
  pacs: PacsNode,
  input: Record<string, unknown>,
): Promise<RemoteStudy[]> {
  const query = studyQuery(input);
  const found = await pacs.searchStudies(query, STUDY_SEARCH_LIMIT);
  return found
    .filter((s) => s.studyInstanceUid !== '')
    .sort(
      (a, b) => b.studyDate.localeCompare(a.studyDate) || a.patientId.localeCompare(b.patientId),
    );
}
