/** Cohort statistics (pure functions, no I/O), each cross-checked against scipy.stats 1.17. */
export * from './descriptive.ts';
export * from './friedman.ts';
export * from './wilcoxon.ts';
export * from './binomial.ts';
export * from './distributions.ts';
export { averageRanks, tieCorrectionSum } from './ranks.ts';
export type { Ranking } from './ranks.ts';
