/** Imaging: blur, resampling, masks, VOI statistics and segmentation (pure functions, no I/O). */
export * from './gaussian.ts';
export * from './resample.ts';
export * from './resample-cubic.ts';
export * from './connected-components.ts';
export * from './voi-stats.ts';
export * from './isocontour-options.ts';
export * from './isocontour.ts';
export * from './seed-maximum.ts';
export * from './shell-background.ts';
export * from './merged-peaks.ts';
export * from './ct-volume.ts';
export * from './ct-region-growing.ts';
