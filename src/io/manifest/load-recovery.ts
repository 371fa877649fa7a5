/** Reads the recovery-curve file a study manifest names in `recovery` (from `iodose calibrate`). */
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { InputError } from '../../core/errors.ts';
import type { RecoveryCurve } from '../../calibration/recovery-curve.ts';
import { recoveryFileSchema, type RecoveryFile } from '../../calibration/recovery-file.ts';
import { parseManifestText, readManifestBytes, textOf, validateWith } from './load-manifest.ts';

/** A recovery file read once: validated, its absolute path and the SHA-256 of the bytes parsed. */
export interface ReadRecoveryFile {
  file: RecoveryFile;
  path: string;
  sha256: string;
}

/**
 * The recovery file at `recoveryPath` (relative to `baseDir`, by default the manifest's folder),
 * validated, with the SHA-256 of the same bytes (read once); errors name `manifestPath` (or what
 * stands for it) and its field `recovery`.
 */
export function loadRecoveryFile(
  manifestPath: string,
  recoveryPath: string,
  baseDir = dirname(manifestPath),
): ReadRecoveryFile {
  const path = resolve(baseDir, recoveryPath);
  let bytes: Buffer;
  try {
    bytes = readManifestBytes(path);
  } catch (error) {
    if (error instanceof InputError) {
      throw new InputError(
        { file: manifestPath, field: 'recovery' },
        `${path}: ${error.expected}`,
        'run `iodose calibrate PHANTOM --out FILE.json` and name that file',
      );
    }
    throw error;
  }
  const file = validateWith(recoveryFileSchema, parseManifestText(textOf(bytes), path), path);
  return { file, path, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** The curve part of a recovery file. */
export function recoveryCurveOf(file: RecoveryFile): RecoveryCurve {
  return file.curve;
}
