/**
 * Errors a user can fix. Each names where the problem is (file and field), what was expected and
 * how to fix it; the CLI prints `message` as one line and exits non-zero, without a stack trace.
 * Programming errors stay plain `Error`s.
 */

/** Where a bad value sits: the file it came from and the field path inside it. */
export interface InputLocation {
  file?: string;
  field?: string;
}

/** A problem with user input: one line naming file, field, what is expected and a fix. */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly file: string | undefined;
  readonly field: string | undefined;
  readonly expected: string;
  readonly hint: string | undefined;

  constructor(location: InputLocation, expected: string, hint?: string) {
    super(formatInputError(location, expected, hint));
    this.file = location.file;
    this.field = location.field;
    this.expected = expected;
    this.hint = hint;
  }

  /** The same error, placed in `file` (used when a domain function did not know the file). */
  inFile(file: string): InputError {
    if (this.file !== undefined) return this;
    return new InputError({ file, field: this.field }, this.expected, this.hint);
  }
}

/** A computation that cannot give a trustworthy number (too few points, no convergence). */
export class ComputationError extends InputError {
  override readonly name = 'InputError';
}

function formatInputError(location: InputLocation, expected: string, hint?: string): string {
  // An empty path (`iodose run ""`) is shown as such, so the line still says where.
  const file = location.file === '' ? '(empty path)' : location.file;
  const where = [file, location.field].filter((part) => part !== undefined).join(': ');
  const head = where.length > 0 ? `${where}: ` : '';
  const tail = hint !== undefined && hint.length > 0 ? ` (${hint})` : '';
  return `${head}${expected}${tail}`.replace(/\s*\n\s*/g, ' ');
}

/** True for errors whose message is meant for the user as it stands. */
export function isUserError(error: unknown): error is InputError {
  return error instanceof InputError;
}
