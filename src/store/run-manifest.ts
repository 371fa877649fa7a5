/**
 * The manifest a run used, as stored with the run and as exported (GET /runs/:rid/manifest.yaml).
 * Stored: paths inside the data folder relative to it ("dicom/<uid>", "recovery/<sha>.json"), so
 * a moved data folder keeps its runs; paths outside it absolute. Exported: every path absolute,
 * so `iodose run` on the file reads the same inputs wherever the file is saved. The path fields
 * are the manifest's (io/manifest/study-inputs.ts lists the same ones): recovery, scans[].pet,
 * scans[].ct, extraCts[].ct and lesions[].ctMasks[].path.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function mapKey(object: Json, key: string, fn: (path: string) => string): void {
  const value = object[key];
  if (typeof value === 'string' && value !== '') object[key] = fn(value);
}

function each(list: unknown, visit: (item: Json) => void): void {
  if (Array.isArray(list)) for (const item of list) if (isRecord(item)) visit(item);
}

/** A copy of `manifest` with each path field replaced by `fn(path)`; other values untouched. */
export function mapManifestPaths(manifest: unknown, fn: (path: string) => string): Json {
  if (!isRecord(manifest)) throw new Error('a study manifest must be an object');
  const copy = structuredClone(manifest);
  mapKey(copy, 'recovery', fn);
  each(copy['scans'], (scan) => {
    mapKey(scan, 'pet', fn);
    mapKey(scan, 'ct', fn);
  });
  each(copy['extraCts'], (ct) => mapKey(ct, 'ct', fn));
  each(copy['lesions'], (lesion) => each(lesion['ctMasks'], (mask) => mapKey(mask, 'path', fn)));
  return copy;
}

/** The manifest to store: paths (relative to `baseDir`) re-based on `dataDir` when inside it. */
export function storedManifest(manifest: unknown, baseDir: string, dataDir: string): Json {
  const root = resolve(dataDir);
  return mapManifestPaths(manifest, (path) => {
    const absolute = resolve(baseDir, path);
    const inside = relative(root, absolute);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return absolute;
    return inside.split(sep).join('/');
  });
}

/** The stored manifest with every path absolute (runnable by `iodose run` from anywhere). */
export function runnableManifest(stored: unknown, dataDir: string): Json {
  return mapManifestPaths(stored, (path) => resolve(dataDir, path));
}
