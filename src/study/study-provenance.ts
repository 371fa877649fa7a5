/**
 * The provenance block of results.json: tool and version, the inputs' hash, nuclear data and
 * S-value sources, every setting the run used, and (image input) the series, skipped files and
 * recovery file that produced the numbers.
 */
import { I124, I131 } from '../physics/nuclides.ts';
import { sphereSValue } from '../physics/s-values/sphere-s-values.ts';
import type { RunSettings } from '../dosimetry/chain-settings.ts';
import type { Provenance } from './results.ts';
import type { ImagingProvenance, RecoveryProvenance } from './scan-provenance.ts';
import { IODOSE_VERSION } from '../core/version.ts';

/** What provenance records beyond the settings: where the inputs came from and what was read. */
export interface ProvenanceSources {
  manifestPath: string | null;
  inputsSha256: string;
  createdAt: string;
  /** Image input only: files in the DICOM folders not read, and why (absent: key left out). */
  skippedFiles?: { path: string; reason: string }[] | undefined;
  imaging: ImagingProvenance | null;
  recoveryFile: RecoveryProvenance | null;
}

/** The provenance of one study's results (no I/O). */
export function studyProvenance(settings: RunSettings, sources: ProvenanceSources): Provenance {
  return {
    tool: 'iodose',
    version: IODOSE_VERSION,
    manifest: sources.manifestPath,
    inputsSha256: sources.inputsSha256,
    nuclearData: I131.source,
    halfLife131H: I131.halfLifeH,
    halfLife124H: I124.halfLifeH,
    sValues: sphereSValue(1, settings.lesionDensityGPerMl).source,
    settings: {
      plannedActivityGBq: settings.plannedActivityGBq,
      lesionDoseThresholdGy: settings.lesionDoseThresholdGy,
      bloodDoseLimitGy: settings.bloodDoseLimitGy,
      retention48hLimitGBq: settings.retention48hLimitGBq,
      retention48hLimitLungGBq: settings.retention48hLimitLungGBq,
      lesionDensityGPerMl: settings.lesionDensityGPerMl,
      uptakeTimeH: settings.uptakeTimeH,
      retentionTimeH: settings.retentionTimeH,
      uncertainty: settings.uncertainty,
      kinetics: {
        lesion: settings.lesionKinetics,
        blood: settings.bloodKinetics,
        wholeBody: settings.wholeBodyKinetics,
      },
    },
    createdAt: sources.createdAt,
    ...(sources.skippedFiles === undefined ? {} : { skippedFiles: sources.skippedFiles }),
    scans: sources.imaging?.scans ?? [],
    extraCts: sources.imaging?.extraCts ?? [],
    recovery: sources.recoveryFile,
  };
}
