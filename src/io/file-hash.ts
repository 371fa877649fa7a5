/** SHA-256 of a file's bytes (provenance: the inputs hash of a run). */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** SHA-256 of the bytes of the file at `path`, hex. */
export function sha256OfFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
