/**
 * The study's numbers from its loaded source: the images measured (when the manifest has scans or
 * CT masks) and the patient pipeline run. The one place that calls measureFromImages and runStudy,
 * so the loaded-study model (issue 8 item 2) re-wires the use cases here.
 */
import { measureFromImages, type ImageMeasurements } from '../../study/image-measurements.ts';
import { runStudy } from '../../study/run-study.ts';
import type { StudyResults } from '../../study/results.ts';
import { inputsSha256 } from './provenance.ts';
import type { LoadedStudySource } from './study-source.ts';

/** Results, and the image measurements (VOIs for SEG, pictures for the report) when images. */
export interface ComputedResults {
  results: StudyResults;
  images: ImageMeasurements | null;
}

/** Measures the images of `source` and runs the study; errors are not yet placed in a file. */
export async function computeResults(
  source: LoadedStudySource,
  createdAt: string,
): Promise<ComputedResults> {
  const { manifest, recovery } = source;
  const usesImages =
    (manifest.scans ?? []).length > 0 ||
    manifest.lesions.some((lesion) => lesion.ctMasks !== undefined);
  const images = usesImages ? measureFromImages(manifest, source.baseDir) : null;
  const results = runStudy(manifest, {
    manifestPath: source.manifestPath,
    inputsSha256: inputsSha256(source.manifestSha256, recovery, images?.files ?? []),
    createdAt,
    recovery: recovery?.file.curve ?? null,
    images,
    recoveryFile:
      recovery === null
        ? null
        : { path: recovery.given, sha256: recovery.sha256, scanner: recovery.file.scanner },
  });
  return await Promise.resolve({ results, images });
}
