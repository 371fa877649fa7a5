/** Reads the recovery-curve file a study manifest names in `recovery` (from `iodose calibrate`). */
import { dirname, resolve } from 'node:path';
import { InputError } from '../../core/errors.ts';
import type { RecoveryCurve } from '../../calibration/recovery-curve.ts';
import { recoveryFileSchema, type RecoveryFile } from '../../calibration/recovery-file.ts';
import { parseManifestText, readManifestBytes, validateWith } from './load-manifest.ts';

/** The recovery file at `recoveryPath` (relative to the manifest's folder), validated. */
export function loadRecoveryFile(manifestPath: string, recoveryPath: string): RecoveryFile {
  const path = resolve(dirname(manifestPath), recoveryPath);
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
