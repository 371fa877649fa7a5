/**
 * openPacs: a PacsNode (pacs-port.ts) for a parsed address: DICOMweb (dicomweb/) or DIMSE
 * through dcmtk (dimse/).
 */
import { dicomWebClient } from './dicomweb/client.ts';
import { jsonNumber, jsonText, jsonTexts, TAG, type DicomJson } from './dicomweb/dicom-json.ts';
import { dimseNode } from './dimse/dimse-node.ts';
import { InputError } from '../../core/errors.ts';
import { noStudy, type PacsNode, type PacsOptions, type RemoteStudy } from './pacs-port.ts';
import type { PacsAddress } from './pacs-url.ts';

/** A PACS node for `address`. */
export function openPacs(address: PacsAddress, options: PacsOptions = {}): PacsNode {
  if (address.kind === 'dimse') {
    return dimseNode({
      host: address.host,
      port: address.port,
      calledAet: address.calledAet,
      callingAet: options.callingAet ?? 'IODOSE',
      label: address.label,
      timeoutMs: options.timeoutMs ?? 30_000,
    });
  }
  const client = dicomWebClient(address.root, options);
  return {
    label: client.label,
    async echo() {
      await client.searchStudies({ limit: '1' });
    },
    async searchStudies(query, limit = 100) {
      const keys: Record<string, string | string[]> = {
        limit: String(limit),
        includefield: [TAG.studyDescription, TAG.modalitiesInStudy],
      };
      if (query.patientId !== undefined) keys['PatientID'] = query.patientId;
      if (query.patientName !== undefined) keys['PatientName'] = query.patientName;
      if (query.studyDate !== undefined) keys['StudyDate'] = query.studyDate;
      return (await client.searchStudies(keys)).map(studyOf);
    },
    async studySeries(studyUid) {
      const matches = await client.searchSeries(studyUid);
      if (matches === null || matches.length === 0) {
        // A 404 may also be a wrong root: a study search tells (its 404 is an HTTP error).
        const studies = await client.searchStudies({ StudyInstanceUID: studyUid });
        if (studies.length === 0) throw noStudy(studyUid, client.label);
        throw new InputError(
          { field: '--study' },
          `study ${studyUid} on ${client.label} lists no series`,
          'check the study on the PACS',
        );
      }
      return matches.map((m) => ({
        studyInstanceUid: jsonText(m, TAG.studyInstanceUid) || studyUid,
        seriesInstanceUid: jsonText(m, TAG.seriesInstanceUid),
        modality: jsonText(m, TAG.modality),
        seriesDescription: jsonText(m, TAG.seriesDescription),
        seriesNumber: jsonNumber(m, TAG.seriesNumber),
        instances: jsonNumber(m, TAG.numberOfSeriesRelatedInstances),
        patientId: jsonText(m, TAG.patientId),
      }));
    },
    async seriesInstances(studyUid, seriesUid) {
      const matches = await client.searchInstances(studyUid, seriesUid);
      return matches.map((m) => jsonText(m, TAG.sopInstanceUid));
    },
    retrieveSeries: (studyUid, seriesUid) => client.retrieveSeries(studyUid, seriesUid),
    async store(instances) {
      const result = await client.store(instances);
      return {
        stored: result.stored.length,
        failed: result.failed.map((f) => ({
          sopInstanceUid: f.sopInstanceUid,
          reason:
            f.reason === null ? 'refused' : `failure reason ${f.reason} (PS3.18 Table 10.5.3-1)`,
        })),
      };
    },
  };
}

function studyOf(m: DicomJson): RemoteStudy {
  return {
    studyInstanceUid: jsonText(m, TAG.studyInstanceUid),
    patientId: jsonText(m, TAG.patientId),
    patientName: jsonText(m, TAG.patientName),
    studyDate: jsonText(m, TAG.studyDate),
    studyDescription: jsonText(m, TAG.studyDescription),
    modalitiesInStudy: jsonTexts(m, TAG.modalitiesInStudy),
    seriesCount: jsonNumber(m, TAG.numberOfStudyRelatedSeries),
  };
}
