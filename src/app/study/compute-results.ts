/**
 * The study's numbers from its loaded source: the images read once into the loaded-study model
 * and measured (when the manifest has scans or CT masks), then the patient pipeline run, then the
 * voxel path (voxel-stage.ts). The one place of the use cases that calls loadStudyImages,
 * measureStudyImages, runStudy and the voxel path; export stops after the measurement
 * (measureSourceImages).
 */
import { loadStudyImages } from '../load-study-images.ts';
import { measureStudyImages, type StudyImages } from '../../study/measure-lesions.ts';
import { runStudy } from '../../study/run-study.ts';
import type { StudyResults } from '../../study/results.ts';
import { inputsSha256 } from './provenance.ts';
import type { LoadedStudySource } from './study-source.ts';
import { voxelStage } from './voxel-stage.ts';
import type { Artefact } from '../../core/artefact.ts';
import type { VoxelStudy } from '../../study/voxel/voxel-dosimetry.ts';
import type { ReportDosePicture } from '../../report/study/report-voxel.ts';

/**
 * Results, the image measurements (VOIs for SEG, pictures for the report) when images, and the
 * voxel path's dose with its RT Dose artefact when it ran.
 */
export interface ComputedResults {
  results: StudyResults;
  images: StudyImages | null;
  voxel: VoxelStudy | null;
  rtDose: Artefact | null;
  dosePictures: ReportDosePicture[];
}

/**
 * Reads the images of `source` once into the loaded-study model and measures its lesions (when
 * the manifest has scans or CT masks; null otherwise); `check` (the abort check) runs between
 * reading and measuring, between lesions, and after. No fit, no dose: export needs only this.
 */
export async function measureSourceImages(
  source: LoadedStudySource,
  check: () => void = () => undefined,
): Promise<StudyImages | null> {
  const { manifest } = source;
  const usesImages =
    (manifest.scans ?? []).length > 0 ||
    manifest.lesions.some((lesion) => lesion.ctMasks !== undefined);
  if (!usesImages) return null;
  const loaded = await loadStudyImages(manifest, source.baseDir);
  check();
  const images = measureStudyImages(manifest, loaded, check);
  check();
  return images;
}

/**
 * Reads and measures the images of `source` (measureSourceImages) and runs the study. Errors are
 * not yet placed in a file.
 */
export async function computeResults(
  source: LoadedStudySource,
  createdAt: string,
  check: () => void = () => undefined,
): Promise<ComputedResults> {
  const { manifest, recovery } = source;
  const images = await measureSourceImages(source, check);
  const sphere = runStudy(manifest, {
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
  check();
  const voxel = voxelStage(manifest, images, sphere, check);
  return {
    results: voxel.results,
    images,
    voxel: voxel.voxel,
    rtDose: voxel.artefact,
    dosePictures: voxel.pictures,
  };
}
