/**
 * `iodose serve [--data DIR] [--port N] [--host ADDR]`: opens the store (default ./iodose-data,
 * created on first use), builds the server, listens on 127.0.0.1 unless told otherwise (any other
 * host prints a warning: the API has no login), prints the URL and closes cleanly on SIGINT/SIGTERM.
 * bin/iodose imports this file for `serve` so the CLI never loads fastify.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { IODOSE_VERSION } from '../core/version.ts';
import { buildServer } from './build-server.ts';
import * as storeApi from '../store/index.ts';
import type { Store } from '../store/index.ts';
import type { DemoStore } from './demo-import.ts';

/** The demo import's view of the store (routes-demo.ts). */
export const DEMO_STORE: DemoStore<Store> = {
  api: storeApi,
  isEmpty: storeApi.isEmpty,
  dataDir: (store) => store.dataDir,
  importFolder: storeApi.importFolder,
  cohortSettings: storeApi,
  lastRecoveryId: storeApi.lastRecoveryId,
  removeImported: storeApi.removeImported,
};

export interface ServeOptions {
  data: string;
  port: string;
  host: string;
}

/** Parses the flags, serves until a signal; resolves to the exit status. */
export async function serve(argv: readonly string[]): Promise<number> {
  const program = new Command('iodose serve')
    .description('Serve the iodose web app and its API on this machine.')
    .option('--data <dir>', 'data folder (created on first use)', 'iodose-data')
    .option('--port <n>', 'TCP port (0: any free port)', '4100')
    .option(
      '--host <addr>',
      'address to listen on; anything but 127.0.0.1 exposes patient data',
      '127.0.0.1',
    )
    .exitOverride();
  try {
    program.parse(['node', 'serve', ...argv]);
  } catch (error) {
    return error instanceof CommanderError ? (error.exitCode === 0 ? 0 : 2) : 2;
  }
  const options = program.opts<ServeOptions>();
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(
      `iodose serve: --port: expected an integer 0..65535, got ${options.port}\n`,
    );
    return 2;
  }
  if (options.host !== '127.0.0.1' && options.host !== 'localhost') {
    process.stderr.write(
      `iodose serve: warning: listening on ${options.host}: anyone who can reach it can read and change the patient data (there is no login)\n`,
    );
  }
  let store: Store;
  try {
    store = storeApi.openStore(resolve(options.data));
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    process.stderr.write(
      `iodose serve: cannot open the store in ${resolve(options.data)}: ${why}\n`,
    );
    return 3;
  }
  // The built UI (vite: web/ -> dist/web), beside dist/server in the package; from src/ under tsx too.
  const webRoot = fileURLToPath(
    new URL(import.meta.url.endsWith('.ts') ? '../../dist/web/' : '../web/', import.meta.url),
  );
  const address = { host: options.host, port };
  const app = await buildServer({
    store,
    api: storeApi,
    images: storeApi,
    demo: DEMO_STORE,
    pacs: { store: storeApi },
    cohortSettings: storeApi,
    version: IODOSE_VERSION,
    webRoot: existsSync(webRoot) ? webRoot : null,
    address,
  });
  await app.listen({ host: options.host, port });
  const listening = app.server.address();
  if (listening !== null && typeof listening === 'object') address.port = listening.port;
  const shown = options.host.includes(':') ? `[${options.host}]` : options.host;
  process.stdout.write(
    `iodose serve: http://${shown}:${String(address.port)}/ (data in ${resolve(options.data)})\n`,
  );
  await new Promise<void>((done) => {
    const stop = (): void => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await app.close();
  storeApi.closeStore(store);
  return 0;
}
