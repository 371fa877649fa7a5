// Abort of the use cases (src/app/progress.ts): an AbortSignal aborted before the run, or from the
// progress callback during it, stops the run with an AbortedError; the sink gets nothing, and
// through the CLI's output set the folder keeps its previous complete set.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { AbortedError, type Progress } from '../../src/app/progress.ts';
import { computeStudy } from '../../src/app/study/compute-study.ts';
import { memorySink } from '../../src/core/artefact.ts';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import { folderOutputs } from '../../src/report/output/folder-outputs.ts';
import { tempDir } from '../helpers/cli.ts';

const dir = tempDir('iodose-app-abort-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A controller aborted when the progress callback hears `stage` start. */
function abortAt(stage: string): {
  controller: AbortController;
  onProgress: (p: Progress) => void;
} {
  const controller = new AbortController();
  return {
    controller,
    onProgress: (p) => {
      if (p.stage === stage && p.done === 0) controller.abort(new Error('stopped by the test'));
    },
  };
}

describe('aborting a study', () => {
  it('before the run: AbortedError at the first stage, nothing in the sink', async () => {
    const sink = memorySink();
    const error = await computeStudy(
      { manifest: demoManifest(), baseDir: dir },
      { sink, signal: AbortSignal.abort() },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as AbortedError).stage).toBe('load');
    expect((error as Error).message).toMatch(/^study in-memory aborted at stage "load" \(/);
    expect(sink.artefacts).toEqual([]);
    expect(sink.inputs).toEqual([]);
  });

  it.each(['compute', 'report'])(
    'from the progress callback when %s starts: stops before its work, nothing in the sink',
    async (stage) => {
      const sink = memorySink();
      const { controller, onProgress } = abortAt(stage);
      const seen: string[] = [];
      const error = await computeStudy(
        { manifest: demoManifest(), baseDir: dir },
        { sink, signal: controller.signal, onProgress: (p) => (seen.push(p.stage), onProgress(p)) },
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AbortedError);
      // The stage stops before its work: its first event is the last one heard.
      expect((error as AbortedError).stage).toBe(stage);
      expect((error as Error).message).toContain('stopped by the test');
      expect(seen.at(-1)).toBe(stage);
      expect(seen.filter((s) => s === stage)).toHaveLength(1);
      expect(sink.artefacts).toEqual([]);
    },
  );

  it('through the output set: the previous complete set stays, no staging folder is left', async () => {
    const manifestPath = join(dir, 'manifest.yaml');
    writeFileSync(manifestPath, stringify(demoManifest()));
    const out = join(dir, 'out');
    const outputs = folderOutputs();
    const first = await outputs.set(out, 'the outputs', (sink) =>
      computeStudy({ manifestPath }, { sink }),
    );
    // A measurement-level study: the results, the report and the TID 1500 SR (no SEG, no RT Dose).
    expect(first.files).toEqual([
      join(out, 'results.json'),
      join(out, 'report.html'),
      join(out, 'report.sr.dcm'),
    ]);
    const before = readFileSync(join(out, 'results.json'), 'utf8');
    const listed = readdirSync(out).sort();
    const { controller, onProgress } = abortAt('output');
    await expect(
      outputs.set(out, 'the outputs', (sink) =>
        computeStudy({ manifestPath }, { sink, signal: controller.signal, onProgress }),
      ),
    ).rejects.toBeInstanceOf(AbortedError);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(before);
    expect(readdirSync(out).sort()).toEqual(listed);
    expect(listed).toEqual([
      '.iodose-outputs.json',
      'report.html',
      'report.sr.dcm',
      'results.json',
    ]);
  });
});
