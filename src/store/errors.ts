/** Store errors beside core's InputError: an unknown id (-> 404) and a duplicate (-> 409). */
import { InputError } from '../core/errors.ts';

/** No row of `entity` with `id`. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(
    readonly entity: string,
    readonly id: number | string,
  ) {
    super(`no ${entity} with id ${String(id)}`);
  }
}

/** A value that must be unique is taken (patient code, timepoint label, lesion label, review). */
export class ConflictError extends InputError {
  constructor(field: string, expected: string, hint?: string) {
    super({ field }, expected, hint);
  }
}
