// Child process of import-kill.test.ts: opens the store in argv[3], imports the folder argv[4]
// into a new timepoint (committed) and prints "committed"; then, in mode "store" (argv[2]),
// imports the folder argv[5] file by file; in mode "server", serves the image routes on a free
// port (printing "port <n>") for the test to start that import over HTTP. Killed by the test.
import { buildServer } from '../../src/server/build-server.ts';
import { importFolder, openStore } from '../../src/store/index.ts';
import { makeTimepoint } from '../store/import-fixtures.ts';
import { imagePort, standInApi } from './records-stand-in.ts';

const [mode, dataDir, first, second] = process.argv.slice(2);
if (dataDir === undefined || first === undefined || second === undefined) {
  throw new Error('usage: import-kill-child.ts store|server DATA FIRST SECOND');
}
const store = openStore(dataDir);
const tid = makeTimepoint(store);
await importFolder(store, tid, first, 'child');
process.stdout.write(`committed ${tid}\n`);
if (mode === 'server') {
  const address = { host: '127.0.0.1', port: 0 };
  const app = await buildServer({
    store,
    api: standInApi,
    images: imagePort,
    version: 'test',
    webRoot: null,
    address,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const listening = app.server.address();
  if (listening === null || typeof listening !== 'object') throw new Error('not listening');
  address.port = listening.port;
  process.stdout.write(`port ${listening.port}\n`);
} else {
  await importFolder(store, tid, second, 'child');
  process.stdout.write('second committed\n');
}
