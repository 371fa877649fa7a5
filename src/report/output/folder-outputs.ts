/**
 * The file-system sinks of the use cases (core/artefact.ts): an output set of a folder (a kill
 * leaves the previous complete set or the new one: output-set.ts) and one file written atomically
 * (output-file.ts). Inputs the use case declares are never overwritten (output-guard.ts).
 */
import { writeFileSync } from 'node:fs';
import type { ArtefactSink, FolderOutputs, InputRef } from '../../core/artefact.ts';
import { expectOutputFolder } from '../../io/manifest/path-kinds.ts';
import { writeOutputFile } from './output-file.ts';
import { writeOutputSet, type OutputSet } from './output-set.ts';

/** A sink staging every artefact into the output set `set`. */
export function outputSetSink(set: OutputSet): ArtefactSink {
  return {
    folder: set.outDir,
    put(artefact) {
      writeFileSync(set.file(artefact.path), 'text' in artefact ? artefact.text : artefact.bytes);
    },
    declareInputs(inputs) {
      set.protect(inputs);
    },
  };
}

/** A sink writing its one artefact to the file `path` (atomically, never over an input). */
export function outputFileSink(path: string): ArtefactSink & { readonly written: string[] } {
  const inputs: InputRef[] = [];
  const written: string[] = [];
  return {
    written,
    put(artefact) {
      if (written.length > 0) throw new Error(`${path}: a file sink takes one artefact`);
      const content = 'text' in artefact ? artefact.text : artefact.bytes;
      written.push(writeOutputFile(path, content, inputs));
    },
    declareInputs(more) {
      inputs.push(...more);
    },
  };
}

/** Folder outputs on this file system: `set` checks the folder (--out), then an output set. */
export function folderOutputs(): FolderOutputs {
  return {
    file: outputFileSink,
    async set(folder, expected, fill) {
      expectOutputFolder(folder, { field: '--out' }, expected);
      return writeOutputSet(folder, {}, (set) => fill(outputSetSink(set)));
    },
  };
}
