/**
 * The store functions of the PACS routes (src/store/pacs-nodes.ts), and how a node is opened:
 * serve() passes the real store and io/pacs openPacs; tests may wrap the opened node (a PACS that
 * drops an instance) without a second server.
 */
import type { PacsNode } from '../io/pacs/pacs-port.ts';
import type * as T from './api-types.ts';
import type { Jobs } from './jobs.ts';
import type { Client, ImageStorePort, StorePort } from './store-port.ts';
import type { PacsNodeConnection, PacsSendRecord } from '../store/index.ts';

export interface PacsStorePort<S = unknown> {
  listPacsNodes(store: S): T.PacsNodeSummary[];
  getPacsNode(store: S, id: number): T.PacsNodeSummary;
  createPacsNode(store: S, input: unknown, client: Client): T.PacsNodeSummary;
  updatePacsNode(store: S, id: number, patch: unknown, client: Client): T.PacsNodeSummary;
  deletePacsNode(store: S, id: number, client: Client): T.PacsNodeSummary;
  pacsNodeConnection(store: S, id: number): PacsNodeConnection;
  recordPacsSend(store: S, runId: number, send: PacsSendRecord, client: Client): void;
}

/** Opens a node from its stored connection (URL with credentials, calling AE title). */
export type OpenPacsNode = (connection: PacsNodeConnection) => PacsNode;

/** What the PACS routes need besides the record store. */
export interface PacsRoutesOptions<S> {
  api: StorePort<S>;
  images: ImageStorePort<S>;
  pacs: PacsStorePort<S>;
  open: OpenPacsNode;
  store: S;
  jobs: Jobs;
}
