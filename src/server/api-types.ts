/**
 * The JSON contract between `iodose serve` and the web UI lives in src/store/api-types.ts (the
 * store returns these shapes, and it sits below the server in the layer order); the server and
 * web/ import it from here.
 */
export type * from '../store/api-types.ts';
