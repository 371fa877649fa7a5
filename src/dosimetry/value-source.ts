/**
 * Where a number of a dosimetric chain came from, so that an error or a warning about it names the
 * field a user would correct (`measurements.lesions[3].at`, `blood[2].concBqPerMl`, `scans[1].pet`)
 * and, for a number measured on images rather than typed, what was measured. The chains in this
 * folder take their inputs with sources and throw InputErrors placed on them.
 */
import { InputError } from '../core/errors.ts';

/** The origin of one input value. */
export interface ValueSource {
  /** The manifest field to correct (or to give the value in). */
  field: string;
  /** What the value is when it was not typed into `field` (`the PET scan start (DICOM header)`). */
  origin?: string;
}

/** `error` placed on `field`, its text after `prefix`, of the same class (ComputationError stays). */
export function errorAt(error: InputError, field: string, prefix = ''): InputError {
  const Kind = error.constructor as typeof InputError;
  return new Kind({ file: error.file, field }, `${prefix}${error.expected}`, error.hint);
}

/**
 * Runs a fit whose points are `points` (in the order given to the fit) under the field name
 * `where`, placing an InputError about fit point k (`where.points[k].timeH|value`) on that point's
 * time or value source (with `prefix`), and any other (`where.points`, `where.options...`) on
 * `curveField` with the same suffix.
 */
export function withPointSources<T>(
  fit: () => T,
  where: string,
  points: readonly { timeSource: ValueSource; valueSource: ValueSource }[],
  curveField: string,
  prefix = '',
): T {
  try {
    return fit();
  } catch (error) {
    if (!(error instanceof InputError) || error.field === undefined) throw error;
    if (error.field !== where && !error.field.startsWith(`${where}.`)) throw error;
    const point = /^\.points\[(\d+)\](.*)$/.exec(error.field.slice(where.length));
    const source = point === null ? undefined : points[Number(point[1])];
    if (point === null || source === undefined) {
      throw errorAt(error, `${curveField}${error.field.slice(where.length)}`);
    }
    const part = point[2] ?? '';
    throw errorAt(
      error,
      (part.startsWith('.timeH') ? source.timeSource : source.valueSource).field,
      prefix,
    );
  }
}

/** The text a result shows for a source: what it is, else its field. */
export function sourceText(source: ValueSource): string {
  return source.origin ?? source.field;
}

/** `origin: ` for a source measured on images, '' for a typed one (to prefix a message). */
export function originPrefix(source: ValueSource): string {
  return source.origin === undefined ? '' : `${source.origin}: `;
}
