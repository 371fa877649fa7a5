/** Numerical building blocks (pure functions, no I/O). */
export * from './linalg.ts';
export * from './levenberg-marquardt.ts';
export * from './aicc.ts';
export * from './quadrature.ts';
export * from './random.ts';
export * from './mean.ts';
