/**
 * The voxel path of a study run (issue 9), after the sphere model: settings, the pure voxel path
 * (study/voxel/voxel-dosimetry.ts) with the FFT convolution, and the RT Dose of the dose at the
 * therapy activity (one artefact, `voxel-dose.rtdose.dcm`, on the first session's PET grid and
 * frame of reference). The voxel path never makes a run fail: an input it cannot use (or an
 * internal error of the path) gives `voxelDosimetry.computed: false` with the reason (and a
 * warning); only an abort stops the run.
 */
import type { Artefact } from '../../core/artefact.ts';
import { isUserError } from '../../core/errors.ts';
import { AbortedError } from '../progress.ts';
import type { Finding } from '../../core/findings.ts';
import { cropMask } from '../../imaging/crop-mask.ts';
import { dosePicture } from '../../imaging/dose-picture.ts';
import type { ReportDosePicture } from '../../report/study/report-voxel.ts';
import { IODOSE_VERSION } from '../../core/version.ts';
import { segSourceFromSeries } from '../../io/dicom/seg/seg-source.ts';
import { encodeRtDose } from '../../io/dicom/write/rt-dose.ts';
import type { StudyManifest } from '../../io/manifest/manifest-schema.ts';
import { convolve3dSame } from '../../numerics/convolve-3d.ts';
import type { StudyImages } from '../../study/measure-lesions.ts';
import type { StudyResults } from '../../study/results.ts';
import { computeVoxelStudy, type VoxelStudy } from '../../study/voxel/voxel-dosimetry.ts';
import type { VoxelDosimetryResult } from '../../study/voxel/voxel-result.ts';
import { resolveVoxelSettings, type VoxelSettings } from '../../study/voxel/voxel-settings.ts';

/** File name of the RT Dose in the output set. */
export const RT_DOSE_FILE = 'voxel-dose.rtdose.dcm';

/** The study's results with the voxel path added, its dose and the RT Dose artefact. */
export interface VoxelOutcome {
  results: StudyResults;
  voxel: VoxelStudy | null;
  artefact: Artefact | null;
  /** An isodose picture per lesion with voxel doses, for the report. */
  pictures: ReportDosePicture[];
}

/** Isodose pictures over the first session's CT; a lesion whose picture fails gets none. */
function pictures(voxel: VoxelStudy, activityGBq: number): ReportDosePicture[] {
  const out: ReportDosePicture[] = [];
  const ct = voxel.reference.ct?.volume ?? null;
  for (const [lesionId, mask] of voxel.masks) {
    try {
      // Cropped: the picture's field follows the VOI's extent.
      const cropped = cropMask({ ...voxel.doseGyPerGBq, data: mask });
      if (cropped === null) continue;
      out.push({ lesionId, picture: dosePicture(voxel.doseGyPerGBq, activityGBq, ct, cropped) });
    } catch (error) {
      // A picture is for the eye only: whatever stops it leaves the numbers and the other pictures.
      if (error instanceof AbortedError) throw error;
      const why = error instanceof Error ? error.message : String(error);
      voxel.result.warnings.push(`lesion ${lesionId}: no isodose picture (${why})`);
    }
  }
  return out;
}

function notComputed(settings: VoxelSettings, reason: string): VoxelDosimetryResult {
  return {
    computed: false,
    reason,
    settings,
    grid: null,
    sessions: [],
    tiaRules: null,
    dose: null,
    rtDose: null,
    notes: [],
    warnings: [],
  };
}

function finding(message: string): Finding {
  return { code: 'voxel.warning', severity: 'warning', message };
}

function rtDoseArtefact(
  voxel: VoxelStudy,
  activityGBq: number,
): { artefact: Artefact; rtDose: NonNullable<VoxelDosimetryResult['rtDose']> } {
  const perGBq = voxel.doseGyPerGBq.data;
  const gy = new Float32Array(perGBq.length);
  for (let v = 0; v < gy.length; v++) gy[v] = (perGBq[v] ?? 0) * activityGBq;
  const encoded = encodeRtDose(
    { ...voxel.doseGyPerGBq, data: gy },
    segSourceFromSeries(voxel.reference.pet),
    {
      seriesDescription: `iodose 131I voxel dose at ${activityGBq.toPrecision(3)} GBq`,
      softwareVersions: `iodose ${IODOSE_VERSION}`,
      ...(voxel.result.dose?.densityCorrected === true
        ? { tissueHeterogeneityCorrection: 'IMAGE' as const }
        : {}),
    },
  );
  return {
    artefact: { path: RT_DOSE_FILE, bytes: encoded.bytes },
    rtDose: {
      path: RT_DOSE_FILE,
      doseGridScaling: encoded.doseGridScaling,
      maxQuantisationErrorGy: encoded.maxQuantisationErrorGy,
    },
  };
}

/** Adds the voxel path to `results` (see the file comment); `check` is the abort check. */
export function voxelStage(
  manifest: StudyManifest,
  images: StudyImages | null,
  results: StudyResults,
  check: () => void = () => undefined,
): VoxelOutcome {
  const sessions = images?.loaded.sessions ?? [];
  const choice = resolveVoxelSettings(manifest.settings?.voxelDosimetry, sessions.length);
  if (!choice.run || images === null) {
    const reason = choice.run ? 'no PET images' : choice.reason;
    return {
      results: { ...results, voxelDosimetry: notComputed(choice.settings, reason) },
      voxel: null,
      artefact: null,
      pictures: [],
    };
  }
  const activityGBq = results.therapy.activityGBq;
  let voxel: VoxelStudy;
  let artefact: Artefact;
  let shown: ReportDosePicture[];
  try {
    voxel = computeVoxelStudy({
      sessions,
      vois: images.vois,
      lesions: results.lesions.map((l) => ({
        id: l.id,
        doseGyPerGBq: l.doseGyPerGBq,
        residenceTimeH: l.residenceTimeH,
      })),
      administered124MBq: manifest.tracer.activityMBq,
      therapyActivityGBq: activityGBq,
      thresholdGy: results.therapy.lesionDoseThresholdGy,
      settings: choice.settings,
      convolve: convolve3dSame,
      check,
    });
    check();
    const rt = rtDoseArtefact(voxel, activityGBq);
    artefact = rt.artefact;
    voxel.result.rtDose = rt.rtDose;
    shown = pictures(voxel, activityGBq);
  } catch (error) {
    if (error instanceof AbortedError) throw error;
    const why = isUserError(error)
      ? error.message
      : `internal error, please report it: ${error instanceof Error ? error.message : String(error)}`;
    const reason = `voxel dosimetry not computed: ${why}`;
    return {
      results: {
        ...results,
        voxelDosimetry: notComputed(choice.settings, reason),
        findings: [...results.findings, finding(reason)],
      },
      voxel: null,
      artefact: null,
      pictures: [],
    };
  }
  return {
    results: {
      ...results,
      voxelDosimetry: voxel.result,
      lesions: results.lesions.map((lesion) => {
        const found = voxel.lesions.get(lesion.id);
        return found === undefined ? lesion : { ...lesion, voxel: found };
      }),
      findings: [...results.findings, ...voxel.result.warnings.map(finding)],
    },
    voxel,
    artefact,
    pictures: shown,
  };
}
