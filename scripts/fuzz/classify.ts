/**
 * Outcome classes of one fuzz case: ok (exit 0, sane results), refused (exit 2, one clear line),
 * vague (exit 2 but the line names no field or uses library wording), silent (exit 0 with nulls
 * where numbers belong, negative doses, an unknown decision, or header-only DICOM damage that
 * changed the numbers), crash (internal error, other exit status, exception), hang (watchdog).
 */
export type OutcomeClass = 'ok' | 'refused' | 'vague' | 'silent' | 'crash' | 'hang';

export interface Outcome {
  cls: OutcomeClass;
  why: string;
}

const LIBRARY_WORDING = [
  /internal error/i,
  /Invalid input/,
  /expected \w+, received/,
  /\bReceived\b/,
  /\bundefined\b/,
  /(?<!got |got text "|")\bNaN\b/,
  /\[object Object\]/,
  /\bat \S+ \(.*:\d+:\d+\)/,
  /\b(TypeError|RangeError|ReferenceError|SyntaxError|ZodError)\b/,
  /Excessive alias count/,
  /ENOENT|EISDIR|ENOTDIR|ELOOP|EACCES/,
];

/** True when the line names a place: a field path, a line number, a file, or a CLI option. */
export function namesPlace(line: string): boolean {
  const body = line.replace(/^iodose: /, '');
  return (
    /\b[A-Za-z]\w*(\[\d+\])?\.[A-Za-z]\w*/.test(body) || // patient.weightKg, blood[1].at
    /\b[A-Za-z]\w*\[\d+\]/.test(body) || // lesions[2]
    /\bline \d+/.test(body) ||
    /^(\/|\.|\(empty path\))[^:]*: /.test(body) || // a file named first (the manifest itself, a DICOM file)
    /--\w+/.test(body) ||
    /\.(dcm|json|ya?ml|nii(\.gz)?)\b/.test(body) ||
    /: (\(top level\)|[A-Za-z][\w.[\]]*): /.test(body) // file: field: ...
  );
}

/** Classifies an exit-2 error text. */
export function classifyRefusal(err: string[]): Outcome {
  if (err.length !== 1) return { cls: 'vague', why: `${err.length} lines on stderr` };
  const line = err[0] ?? '';
  const wording = LIBRARY_WORDING.find((pattern) => pattern.test(line));
  if (wording !== undefined) return { cls: 'vague', why: `wording ${String(wording)}` };
  if (!namesPlace(line)) return { cls: 'vague', why: 'names no field or file' };
  if (line.length > 1500) return { cls: 'vague', why: `line of ${line.length} characters` };
  return { cls: 'refused', why: '' };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Normalised paths (`lesions[*].doseGyPerGBq`) with their values, every array element walked. */
export function leafPaths(
  value: Json,
  prefix = '',
  out = new Map<string, Json[]>(),
): Map<string, Json[]> {
  if (Array.isArray(value)) {
    for (const item of value) leafPaths(item, `${prefix}[*]`, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) leafPaths(item, `${prefix}.${key}`, out);
  } else {
    const list = out.get(prefix) ?? [];
    list.push(value);
    out.set(prefix, list);
  }
  return out;
}

/** Paths where every baseline holds a number (never null). */
export function numericPaths(baselines: readonly Json[]): Set<string> {
  const numeric = new Set<string>();
  const nullable = new Set<string>();
  for (const baseline of baselines) {
    for (const [path, values] of leafPaths(baseline)) {
      if (values.some((v) => v === null)) nullable.add(path);
      else if (values.every((v) => typeof v === 'number')) numeric.add(path);
    }
  }
  for (const path of nullable) numeric.delete(path);
  // Null by contract: no effective half-life for an increasing curve (src/kinetics/types.ts).
  for (const path of numeric) if (path.endsWith('.effectiveHalfLifeH')) numeric.delete(path);
  return numeric;
}

const DECISIONS = new Set(['eligible', 'not eligible', 'not assessable']);

/** Checks a results.json of an exit-0 run. */
export function checkResults(results: Json, numeric: Set<string>): Outcome {
  for (const [path, values] of leafPaths(results)) {
    if (numeric.has(path) && values.some((v) => v === null)) {
      return { cls: 'silent', why: `null at ${path}` };
    }
    if (/dose\w*Gy/i.test(path) && !/Sigma|95|Change|Delta/i.test(path)) {
      if (values.some((v) => typeof v === 'number' && v < 0)) {
        return { cls: 'silent', why: `negative ${path}` };
      }
    }
  }
  const therapy = (results as { therapy?: { decision?: unknown } }).therapy;
  if (therapy !== undefined && !DECISIONS.has(String(therapy.decision))) {
    return { cls: 'silent', why: `decision ${String(therapy.decision)}` };
  }
  return { cls: 'ok', why: '' };
}

/** Largest relative change of lesion doses and volumes against the baseline's. */
export function largestChange(results: Json, baseline: Json): number {
  const pick = (r: Json): number[] => {
    const lesions =
      (r as { lesions?: { doseGyPerGBq?: number; volumeMl?: number }[] }).lesions ?? [];
    return lesions.flatMap((l) => [l.doseGyPerGBq ?? NaN, l.volumeMl ?? NaN]);
  };
  const a = pick(results);
  const b = pick(baseline);
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] ?? NaN;
    const y = b[i] ?? NaN;
    worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(y), 1e-12));
  }
  return Number.isNaN(worst) ? Infinity : worst;
}
