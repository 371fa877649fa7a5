// Rigid registration of one session's CT to another's (issue 9 item 1): transforms, the
// registration, resampling through a transform.
export * from './rigid-transform.ts';
export * from './register-rigid.ts';
export * from './resample-rigid.ts';
