/**
 * The voxel dosimetry section of the study report from results.json's `voxelDosimetry` and
 * `lesions[].voxel` (study/voxel/voxel-result.ts), with the isodose pictures the run made (none
 * when the report is rendered from results.json alone). Empty for results without the voxel path
 * (written before it).
 */
import type { Vec3 } from '../../core/volume.ts';
import type { DosePicture } from '../../imaging/dose-picture.ts';
import type { StudyResults } from '../../study/results.ts';
import { renderVoxelSection, type VoxelSectionInput } from './voxel-section.ts';

/** An isodose picture of one lesion (app/study/voxel-stage.ts makes them). */
export interface ReportDosePicture {
  lesionId: string;
  picture: DosePicture;
}

const triple = (v: Vec3 | null): [number, number, number] | null =>
  v === null ? null : [v[0], v[1], v[2]];

/** The section input (voxel-section.ts) of `results`, or null without a voxel path. */
export function voxelSectionInput(
  results: StudyResults,
  pictures: readonly ReportDosePicture[],
): VoxelSectionInput | null {
  const voxel = results.voxelDosimetry;
  if (voxel === undefined) return null;
  const activityGBq = voxel.dose?.therapyActivityGBq ?? results.therapy.activityGBq;
  const input: VoxelSectionInput = {
    settings: voxel.settings,
    activityGBq,
    thresholdGy: results.therapy.lesionDoseThresholdGy,
    notes: voxel.notes,
    sessions: voxel.sessions.map((s) => {
      const translationMm = triple(s.translationMm);
      const rotationDeg = triple(s.rotationDeg);
      return {
        id: s.scanId,
        registration:
          s.method === 'reference' || translationMm === null || rotationDeg === null
            ? null
            : { method: s.method, translationMm, rotationDeg, residualMm: s.residualMm },
      };
    }),
    lesions: results.lesions.map((lesion) => {
      const v = lesion.voxel;
      const picture = pictures.find((p) => p.lesionId === lesion.id)?.picture;
      const base = {
        id: lesion.id,
        sphereDoseGyPerGBq: lesion.doseGyPerGBq,
        assessable: lesion.assessable,
      };
      const withPicture = picture === undefined ? {} : { picture };
      if (v === undefined) return { ...base, voxel: null, reason: 'no voxel result' };
      if ('notComputed' in v) return { ...base, voxel: null, reason: v.notComputed };
      return { ...base, voxel: v, ...withPicture };
    }),
  };
  return voxel.computed ? input : { ...input, skipped: voxel.reason ?? 'no reason given' };
}

/** The section body, or '' for results without a voxel path. */
export function renderVoxelReport(
  results: StudyResults,
  pictures: readonly ReportDosePicture[],
): string {
  const input = voxelSectionInput(results, pictures);
  return input === null ? '' : renderVoxelSection(input);
}
