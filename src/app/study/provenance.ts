/** The inputs SHA-256 of a study's results (results.json provenance.inputsSha256). */
import { createHash } from 'node:crypto';

/**
 * SHA-256 over everything the results depend on: the manifest's hash, the recovery file's path
 * and hash, then each image file as path and content hash (taken by the DICOM reader: no second
 * read).
 */
export function inputsSha256(
  manifestSha256: string,
  recovery: { path: string; sha256: string } | null,
  images: readonly { path: string; sha256: string }[],
): string {
  const digest = createHash('sha256').update(manifestSha256);
  if (recovery !== null) digest.update(recovery.path).update(recovery.sha256);
  for (const file of images) digest.update(file.path).update(file.sha256);
  return digest.digest('hex');
}
