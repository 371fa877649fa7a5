/** Reads the recovery-curve file a study manifest names in `recovery` (from `iodose calibrate`). */
import { dirname, resolve } from 'node:path';
import { InputError } from '../../core/errors.ts';
import type { RecoveryCurve } from '../../calibration/recovery-curve.ts';
import { recoveryFileSchema, type RecoveryFile } from '../../calibration/recovery-file.ts';
import { parseManifestText, readManifestBytes, validateWith } from './load-manifest.ts';

/**
 * The recovery file at `recoveryPath` (relative to `baseDir`, by default the manifest's folder),
 * validated; errors name `manifestPath` (or what stands for it) and its field `recovery`.
 */
export function loadRecoveryFile(
  manifestPath: string,
  recoveryPath: string,
  baseDir = dirname(manifestPath),
): RecoveryFile {
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
  return validateWith(recoveryFileSchema, parseManifestText(bytes.toString('utf8'), path), path);
}

/** The curve part of a recovery file. */
export function recoveryCurveOf(file: RecoveryFile): RecoveryCurve {
  return file.curve;
}
