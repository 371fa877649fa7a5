/**
 * Use case "run a study": a manifest file or an in-memory study -> results (results.json), the
 * report (report.html, report.pdf when asked and Chromium is there) and the lesion VOIs as DICOM
 * SEG (image-level input), the voxel dose as RT Dose (when the voxel path ran), the results as a
 * TID 1500 SR (report.sr.dcm) and the PDF as an Encapsulated PDF (report.pdf.dcm, with
 * report.pdf; app/results-dicom.ts), handed to the caller's sink once all of them are made (so an
 * abort or an error leaves the sink untouched). Stages: load, compute, report, pdf (when asked),
 * seg (one item per scan, when there are VOIs), dicom, output.
 */
import {
  prefixedSink,
  type Artefact,
  type ArtefactSink,
  type InputRef,
} from '../../core/artefact.ts';
import { InputError } from '../../core/errors.ts';
import { printPdf } from '../../report/output/pdf.ts';
import { pdfFooterText, studyReportArtefacts } from '../../report/study/study-artefacts.ts';
import type { StudyImages } from '../../study/measure-lesions.ts';
import type { StudyResults } from '../../study/results.ts';
import { scanSeg, voisByScan, type SegReference } from '../export-seg.ts';
import { pdfDicomArtefact, resultsStudyTarget, srArtefact } from '../results-dicom.ts';
import { stages, type RunControl, type Stages } from '../progress.ts';
import { computeResults, type ComputedResults } from './compute-results.ts';
import { loadStudySource, type LoadedStudySource, type StudySource } from './study-source.ts';

/** Options of computeStudy. */
export interface StudyRunOptions extends RunControl {
  /** Where the artefacts go (core/artefact.ts); `memorySink()` keeps them in memory. */
  sink: ArtefactSink;
  /** Also print report.pdf through Chromium (default false; a note says when it cannot). */
  pdf?: boolean | undefined;
  /** Artefact paths below this folder ("" or "studies/P01/wk0/"). */
  prefix?: string | undefined;
  /** The results' createdAt (default now). */
  createdAt?: string | undefined;
}

/** A study run: its results, the artefact paths handed to the sink, notes, the inputs read. */
export interface StudyRun {
  results: StudyResults;
  /** Paths of the artefacts put into the sink, in order (prefix included). */
  artefacts: string[];
  /** For the user: PDF skipped, non-finite numbers written as null. */
  notes: string[];
  inputs: InputRef[];
}

/** Places a user error without a file in the study's manifest (or its in-memory name). */
export async function placed<T>(label: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof InputError) throw error.inFile(label);
    throw error;
  }
}

/** Loads and computes the study of `source` (stages load and compute). */
export async function loadAndCompute(
  source: StudySource,
  run: Stages,
  createdAt: string,
): Promise<{ loaded: LoadedStudySource; computed: ComputedResults }> {
  const loaded = await run.run('load', () => loadStudySource(source));
  const computed = await run.run('compute', () =>
    placed(loaded.label, () => computeResults(loaded, createdAt, () => run.check('compute'))),
  );
  return { loaded, computed };
}

/** The SEGs of a study's measured images, with what each references (stage seg, per scan). */
export async function segStage(
  loaded: LoadedStudySource,
  images: Pick<StudyImages, 'vois'> | null,
  run: Stages,
): Promise<{ artefact: Artefact; reference: SegReference }[]> {
  const vois = images?.vois ?? [];
  if (vois.length === 0) return [];
  const byScan = await placed(loaded.label, () => voisByScan(vois));
  return run.each('seg', byScan, ([scanId, entries]) =>
    placed(loaded.label, () => scanSeg(scanId, entries)),
  );
}

/** The TID 1500 SR and, when the PDF was printed, its Encapsulated PDF (stage dicom). */
async function dicomReportStage(
  run: Stages,
  loaded: LoadedStudySource,
  computed: ComputedResults,
  segs: readonly { reference: SegReference }[],
  pdf: Uint8Array | null,
): Promise<Artefact[]> {
  return run.run('dicom', () =>
    placed(loaded.label, () => {
      const refs = segs.map((s) => s.reference);
      const target = resultsStudyTarget(computed.results, computed.images, refs);
      const out = [srArtefact(computed.results, refs, target)];
      if (pdf !== null) out.push(pdfDicomArtefact(computed.results, pdf, target));
      return out;
    }),
  );
}

/** Checks the signal once more, then hands every artefact to the sink (stage output). */
export async function handOver(
  run: Stages,
  sink: ArtefactSink,
  artefacts: readonly Artefact[],
): Promise<string[]> {
  const step = run.begin('output', artefacts.length);
  for (const [index, artefact] of artefacts.entries()) {
    await sink.put(artefact);
    step(index + 1);
  }
  return artefacts.map((artefact) => artefact.path);
}

/** Runs the study of `source` (see the file comment). */
export async function computeStudy(
  source: StudySource,
  options: StudyRunOptions,
): Promise<StudyRun> {
  const what = 'manifestPath' in source ? source.manifestPath : (source.name ?? 'in-memory');
  const run = stages(options, `study ${what}`);
  const createdAt = options.createdAt ?? new Date().toISOString();
  const { loaded, computed } = await loadAndCompute(source, run, createdAt);
  const sink = prefixedSink(options.sink, options.prefix ?? '');
  sink.declareInputs?.(loaded.inputs);
  const { results, images } = computed;
  const report = await run.run('report', () =>
    studyReportArtefacts(results, {
      pictures: images?.pictures ?? [],
      dosePictures: computed.dosePictures,
    }),
  );
  const artefacts: Artefact[] = [report.json, report.html];
  const notes = [...report.notes];
  let pdfBytes: Uint8Array | null = null;
  if (options.pdf === true) {
    const pdf = await run.run('pdf', () =>
      printPdf(report.html.text, { footerText: pdfFooterText(results) }),
    );
    if (pdf.bytes === null) notes.push(pdf.reason);
    else {
      pdfBytes = pdf.bytes;
      artefacts.push({ path: 'report.pdf', bytes: pdf.bytes });
    }
  }
  const segs = await segStage(loaded, images, run);
  artefacts.push(...segs.map((s) => s.artefact));
  if (computed.rtDose !== null) artefacts.push(computed.rtDose);
  artefacts.push(...(await dicomReportStage(run, loaded, computed, segs, pdfBytes)));
  const paths = await handOver(run, sink, artefacts);
  const prefix = options.prefix ?? '';
  return { results, artefacts: paths.map((p) => `${prefix}${p}`), notes, inputs: loaded.inputs };
}
