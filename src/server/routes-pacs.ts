/**
 * The PACS routes: the nodes (list, add, edit, delete), "test connection" (echo), the study
 * search and a study's series, the import of a study into a timepoint and the send of a run's
 * DICOM results (both jobs: pacs-jobs.ts). Node and study errors (unreachable, refused
 * association, unknown study or series) answer 400 at once, before any job starts: the routes ask
 * the PACS for the study's series first. The PACS's messages name the URL without credentials.
 */
import type { FastifyInstance } from 'fastify';
import { isUid } from '../app/pacs/pulled-instance.ts';
import { searchPacsStudies } from '../app/pacs/study-search.ts';
import type { PacsEchoResult, PacsSeries, PacsStudy } from './api-types.ts';
import { HttpError, idParam } from './errors.ts';
import { asRequest, startPacsImport, startPacsSend } from './pacs-jobs.ts';
import { openPacs } from '../io/pacs/pacs-node.ts';
import { parsePacsAddress } from '../io/pacs/pacs-url.ts';
import type { OpenPacsNode, PacsRoutesOptions } from './pacs-store-port.ts';
import { clientOf } from './routes-records.ts';

/** Opens a stored node as `iodose pull` opens its URL (the calling AE title default IODOSE). */
export const openStoredNode: OpenPacsNode = (connection) =>
  openPacs(
    parsePacsAddress(connection.url, 'url'),
    connection.callingAet === null ? {} : { callingAet: connection.callingAet },
  );

export function studyUidParam(params: unknown): string {
  const uid = (params as { studyUid?: unknown }).studyUid;
  if (typeof uid !== 'string' || !isUid(uid)) {
    throw new HttpError(400, {
      error: `studyUid: ${JSON.stringify(uid)} is not a Study Instance UID`,
      field: 'studyUid',
      expected: 'digits and dots, at most 64 characters',
    });
  }
  return uid;
}

export function pacsRoutes<S>(app: FastifyInstance, o: PacsRoutesOptions<S>): void {
  const { pacs, store } = o;
  const c = clientOf;
  const node = (params: unknown) => o.open(pacs.pacsNodeConnection(store, idParam(params, 'nid')));
  app.get('/api/pacs-nodes', () => pacs.listPacsNodes(store));
  app.post('/api/pacs-nodes', (r) => pacs.createPacsNode(store, r.body, c(r)));
  app.patch('/api/pacs-nodes/:nid', (r) =>
    pacs.updatePacsNode(store, idParam(r.params, 'nid'), r.body, c(r)),
  );
  app.delete('/api/pacs-nodes/:nid', (r) =>
    pacs.deletePacsNode(store, idParam(r.params, 'nid'), c(r)),
  );
  app.post('/api/pacs-nodes/:nid/echo', async (r): Promise<PacsEchoResult> => {
    const target = node(r.params);
    const started = performance.now();
    await asRequest(() => target.echo());
    return { ok: true, label: target.label, elapsedMs: Math.round(performance.now() - started) };
  });
  app.get('/api/pacs-nodes/:nid/studies', (r): Promise<PacsStudy[]> => {
    const target = node(r.params);
    return asRequest(() => searchPacsStudies(target, (r.query ?? {}) as Record<string, unknown>));
  });
  app.get('/api/pacs-nodes/:nid/studies/:studyUid/series', (r): Promise<PacsSeries[]> => {
    const target = node(r.params);
    const uid = studyUidParam(r.params);
    return asRequest(() => target.studySeries(uid));
  });
  app.post('/api/timepoints/:tid/pacs-import', (r) =>
    startPacsImport(o, idParam(r.params, 'tid'), r.body, c(r)),
  );
  app.post('/api/runs/:rid/send', (r) => startPacsSend(o, idParam(r.params, 'rid'), r.body, c(r)));
}
