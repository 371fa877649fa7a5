/** Time-activity kinetics: fits with model selection, time-integrated activity and uncertainty. */
export type * from './types.ts';
export { fitKinetics, TIA_UNCERTAINTY_WARNING } from './fit-kinetics.ts';
export { evaluateKinetics, evaluateCurve } from './evaluate.ts';
export { KINETICS_DEFAULTS } from './validate.ts';
export { LAMBDA_LIMITS } from './exponential-models.ts';
