// The real store module as the server's ports (as serve.ts passes it), for the image route tests,
// the kill test's child and bench/import.ts.
import type { ImageStorePort, StorePort } from '../../src/server/store-port.ts';
import * as storeModule from '../../src/store/index.ts';
import type { Store } from '../../src/store/index.ts';

export const storeApi: StorePort<Store> = storeModule;
export const imageApi: ImageStorePort<Store> = storeModule;
