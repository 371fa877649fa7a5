// The InputError a call throws (any other error is rethrown; no error fails the test).
import { InputError } from '../../src/core/errors.ts';

export function inputErrorOf(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}
