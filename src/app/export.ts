/**
 * Use case "export": the outputs other programs read. For now the lesion VOIs of a study as DICOM
 * SEG, one file per scan (export-seg.ts); more formats (RT Dose, TID 1500 SR) come here. Only the
 * images are read and measured - no fit, no dose, no Monte Carlo, so a blood fit that fails does
 * not block the VOIs. Stages: load, measure, seg (one item per scan), output.
 */
import type { ArtefactSink } from '../core/artefact.ts';
import { InputError } from '../core/errors.ts';
import { stages, type RunControl } from './progress.ts';
import { measureSourceImages } from './study/compute-results.ts';
import { handOver, placed, segStage } from './study/compute-study.ts';
import { loadStudySource, type StudySource } from './study/study-source.ts';

/** The formats export makes. */
export type ExportFormat = 'seg';

/** Options of exportStudy. */
export interface ExportOptions extends RunControl {
  sink: ArtefactSink;
  /** Default 'seg'. */
  format?: ExportFormat | undefined;
}

/** What an export handed to the sink. */
export interface ExportRun {
  artefacts: string[];
}

/** Exports the study of `source` (see the file comment); needs image-level input. */
export async function exportStudy(source: StudySource, options: ExportOptions): Promise<ExportRun> {
  const what = 'manifestPath' in source ? source.manifestPath : (source.name ?? 'in-memory');
  const run = stages(options, `export of ${what}`);
  const loaded = await run.run('load', () => loadStudySource(source));
  const images = await run.run('measure', () =>
    placed(loaded.label, () => measureSourceImages(loaded, () => run.check('measure'))),
  );
  const artefacts = (await segStage(loaded, images, run)).map((s) => s.artefact);
  if (artefacts.length === 0) {
    throw new InputError(
      { file: loaded.label, field: 'scans' },
      'has no lesion VOIs to export as DICOM SEG (measurement-level input has no images)',
      'give the PET/CT scans and lesion seeds (scans:, lesions[].seedsLps)',
    );
  }
  options.sink.declareInputs?.(loaded.inputs);
  return { artefacts: await handOver(run, options.sink, artefacts) };
}
