/** Where the pages get the PET/CT viewer: web/src/viewer (niivue). */
export { mountViewer } from './viewer/viewer.ts';
export type { CrosshairInfo, ViewerEvents, ViewerHandle } from './viewer/types.ts';
