/**
 * Reading a study manifest from disk: YAML or JSON text -> validated StudyManifest. Every problem
 * becomes one InputError line naming the file and the field (`blood[2].concBqPerMl`).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../../core/errors.ts';
import { nearestKey, unknownKeyMessage } from './key-suggestion.ts';
import { studyManifestSchema, type StudyManifest } from './manifest-schema.ts';
import { pathKind } from './path-kinds.ts';
import { describeExpected, keysAt } from './schema-keys.ts';

/** A manifest read from disk, with its path and the SHA-256 of its bytes. */
export interface LoadedManifest {
  path: string;
  manifest: StudyManifest;
  sha256: string;
}

/** A manifest file already read and parsed by the caller (a cohort reads its studies once). */
export interface ManifestRead {
  bytes: Uint8Array;
  /** parseManifestText of the bytes. */
  raw: unknown;
}

/**
 * Reads `path` (or takes the bytes and parsed text the caller already `read`), parses YAML or JSON
 * and validates it as a study manifest; the SHA-256 is of those bytes.
 */
export function loadStudyManifest(path: string, read?: ManifestRead): LoadedManifest {
  const bytes = read?.bytes ?? readManifestBytes(path);
  const raw = read === undefined ? parseManifestText(textOf(bytes), path) : read.raw;
  const manifest = validateWith(studyManifestSchema, raw, path);
  return { path, manifest, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** The UTF-8 text of a file's bytes. */
export function textOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** The bytes of a manifest file, or an InputError saying why it cannot be read. */
export function readManifestBytes(path: string): Buffer {
  const kind = pathKind(path);
  const refused: Partial<Record<typeof kind, string>> = {
    // Reading a named pipe or device would block or never end.
    special: 'is a named pipe, socket or device; expected a manifest file',
    empty: 'is an empty path; expected a manifest file',
    loop: 'is a symbolic link loop (links that lead back to themselves); expected a manifest file',
  };
  const why = refused[kind];
  if (why !== undefined) {
    throw new InputError({ file: path }, why, 'give the path of a YAML or JSON manifest');
  }
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a folder, expected a manifest file'
          : `cannot be read (${code ?? String(error)})`;
    throw new InputError({ file: path }, why, 'give the path of a YAML or JSON manifest');
  }
}

/** Parses YAML (JSON is YAML too) and reports the line and column of a syntax error. */
export function parseManifestText(text: string, file: string): unknown {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const first = document.errors[0];
  if (first !== undefined) {
    const position = first.linePos?.[0];
    const at = position === undefined ? '' : `line ${position.line}, column ${position.col}: `;
    const detail = (first.message.split('\n')[0] ?? first.message).replace(
      / at line \d+, column \d+:?$/,
      '',
    );
    throw new InputError(
      { file },
      `${at}malformed YAML/JSON: ${detail}`,
      'check indentation, quotes and colons',
    );
  }
  const value = documentValue(document, file);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError({ file }, 'expected a mapping of keys (iodose: 1, patient: ..., ...)');
  }
  return value;
}

/**
 * Aliases (`*name`) may be used at most this many times: the yaml library's default, which stops
 * a "billion laughs" document (a few lines expanding to gigabytes) before it is expanded. Our own
 * choice to keep it: a hand-written manifest needs a handful of aliases at most.
 */
const MAX_ALIAS_COUNT = 100;

/** The document as plain data; alias expansion beyond MAX_ALIAS_COUNT is an InputError. */
function documentValue(document: ReturnType<typeof parseDocument>, file: string): unknown {
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError && /excessive alias/i.test(error.message)) {
      throw new InputError(
        { file },
        `YAML aliases (*name) expand too far (more than ${MAX_ALIAS_COUNT} uses)`,
        'write the values out instead of repeating anchors',
      );
    }
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new InputError(
        { file },
        `a YAML alias (*name) refers to no anchor (&name) defined before it`,
        'define the anchor first or write the value out',
      );
    }
    throw error;
  }
}

/**
 * Validates `raw` with `schema`; the first issue becomes an InputError naming file and field. An
 * unknown key is reported before any other issue: a misspelt key is also a missing one, and the
 * misspelling is what the user has to fix.
 */
export function validateWith<T extends z.ZodType>(
  schema: T,
  raw: unknown,
  file: string,
): z.output<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const issue = issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? issues[0];
  if (issue === undefined) throw new InputError({ file }, 'invalid manifest');
  if (issue.code === 'unrecognized_keys') {
    throw new InputError(
      { file, field: formatPath(issue.path) },
      describeUnknownKeys(schema, issue.path, issue.keys, raw),
      'check the spelling against the manifest reference in README.md',
    );
  }
  throw new InputError({ file, field: formatPath(issue.path) }, describeIssue(schema, issue, raw));
}

/** `measurements.lesions[2].at` from a path array. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out.length === 0 ? String(part) : `.${String(part)}`;
  }
  return out.length === 0 ? '(top level)' : out;
}

/** "unknown key X; did you mean Y (unit)?", preferring the known keys the mapping lacks. */
function describeUnknownKeys(
  schema: z.core.$ZodType,
  path: readonly PropertyKey[],
  keys: readonly string[],
  raw: unknown,
): string {
  const known = keysAt(schema, path);
  const all = known === null ? [] : [...known.required, ...known.optional];
  const present = valueAt(raw, path).value;
  const given = present !== null && typeof present === 'object' ? Object.keys(present) : [];
  const absent = all.filter((key) => !given.includes(key));
  const first = keys[0] ?? '';
  const message =
    nearestKey(first, absent) === null
      ? unknownKeyMessage(first, all)
      : unknownKeyMessage(first, absent);
  return keys.length > 1 ? `${message} (also unknown: ${keys.slice(1).join(', ')})` : message;
}

function describeIssue(schema: z.core.$ZodType, issue: z.core.$ZodIssue, raw: unknown): string {
  const got = valueAt(raw, issue.path);
  // Mappings and lists (`patient`, `spheres`) in the manifest's words, not the schema library's.
  const structured =
    issue.code === 'invalid_type' && (issue.expected === 'object' || issue.expected === 'array')
      ? describeExpected(schema, issue.path)
      : null;
  const expected =
    structured !== null
      ? `expected ${structured}`
      : issue.message.startsWith('Invalid input') && issue.code === 'invalid_type'
        ? `expected ${issue.expected === 'string' ? 'text' : `a ${issue.expected}`}`
        : issue.message;
  if (got.found === false) return `missing; ${expected}`;
  return `${expected}, got ${describeValue(got.value)}`;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): { found: boolean; value?: unknown } {
  let current: unknown = raw;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return { found: false };
    const record = current as Record<PropertyKey, unknown>;
    if (!(key in record)) return { found: false };
    current = record[key];
  }
  return current === undefined ? { found: false } : { found: true, value: current };
}

/** Text echoed back in an error is cut to this many characters (the line stays readable). */
const ECHO_MAX_CHARS = 60;

function describeValue(value: unknown): string {
  if (typeof value === 'string' && value.length > ECHO_MAX_CHARS) {
    return `text ${JSON.stringify(value.slice(0, ECHO_MAX_CHARS))}... (${value.length} characters)`;
  }
  if (typeof value === 'string') return `text ${JSON.stringify(value)}`;
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
