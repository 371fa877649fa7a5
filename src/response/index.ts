/** PERCIST 1.0 response: lean body mass, SUL, FDG activity, thresholds, response, volume change. */
export * from './lean-body-mass.ts';
export * from './sul.ts';
export * from './fdg-activity.ts';
export * from './thresholds.ts';
export * from './percist.ts';
export * from './volume-change.ts';
