/** The header of one PET image of a folder, read without pixel data (e.g. for injection data). */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDicomFile, str, type Dataset } from './read-file.ts';

/**
 * The header of the first PT image in `folder` (file names sorted, subfolders included), of the
 * series `series` when given, parsed without pixels; undefined when there is none.
 */
export function firstPetHeader(folder: string, series: string | undefined): Dataset | undefined {
  const names = (readdirSync(folder, { recursive: true }) as string[]).sort();
  for (const name of names) {
    const path = join(folder, name);
    if (!statSync(path).isFile()) continue;
    const file = parseDicomFile(path, { headerOnly: true });
    if (file === null || str(file.dataset, 'Modality') !== 'PT') continue;
    if (series !== undefined && str(file.dataset, 'SeriesInstanceUID') !== series) continue;
    return file.dataset;
  }
  return undefined;
}
