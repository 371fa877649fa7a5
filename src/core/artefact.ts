/**
 * What a use case (src/app) produces besides its data: artefacts (results.json, report.html,
 * report.pdf, SEG files, cohort tables), each a relative path with its text or bytes, handed to a
 * sink the caller injects. The CLI's sink stages them in an output set (report/output), a server's
 * will put them in its store, `memorySink()` keeps them in memory (tests, library use).
 *
 * Why a sink rather than a returned list: a cohort makes a results.json, a report and SEG files
 * per study; a sink takes them study by study (the output set writes them into its staging
 * folder), so memory holds one study's files at a time. A sink is a staging area: a use case never
 * commits it; the caller commits when the use case resolves and discards it when it rejects (an
 * abort included), so a failed or aborted run leaves no partial output (the output set keeps the
 * previous set). A single study hands over its artefacts only when all of them are made.
 */

/** A file or folder a use case reads: a sink that writes files must never replace it. */
export interface InputRef {
  path: string;
  /** e.g. "the study manifest", "the PET folder of scan s1" (said in errors). */
  what: string;
}

/** One artefact: a "/"-separated relative path and its content. */
export type Artefact = { path: string; text: string } | { path: string; bytes: Uint8Array };

/** Where a use case's artefacts go (see the file comment). */
export interface ArtefactSink {
  /** Takes one artefact (a path only once per run). */
  put(artefact: Artefact): void | Promise<void>;
  /** The files and folders the run reads, given before the first artefact that depends on them. */
  declareInputs?(inputs: readonly InputRef[]): void;
  /** The folder the artefacts land in, when a folder (links to files beside inputs use it). */
  readonly folder?: string;
}

/** A sink that keeps everything in memory: the artefacts in order and the inputs declared. */
export interface MemorySink extends ArtefactSink {
  readonly artefacts: Artefact[];
  readonly inputs: InputRef[];
}

/** A new in-memory sink. */
export function memorySink(): MemorySink {
  const artefacts: Artefact[] = [];
  const inputs: InputRef[] = [];
  return {
    artefacts,
    inputs,
    put(artefact) {
      if (artefacts.some((a) => a.path === artefact.path)) {
        throw new Error(`artefact ${artefact.path} put twice`);
      }
      artefacts.push(artefact);
    },
    declareInputs(more) {
      inputs.push(...more);
    },
  };
}

/** The sink `sink` seen below `prefix` ("" or "studies/P01/wk0/"). */
export function prefixedSink(sink: ArtefactSink, prefix: string): ArtefactSink {
  if (prefix === '') return sink;
  return {
    put: (artefact) => sink.put({ ...artefact, path: `${prefix}${artefact.path}` }),
    declareInputs: (inputs) => sink.declareInputs?.(inputs),
    ...(sink.folder === undefined ? {} : { folder: sink.folder }),
  };
}

/** The text of an artefact as bytes (UTF-8), or its bytes. */
export function artefactBytes(artefact: Artefact): Uint8Array {
  return 'text' in artefact ? new TextEncoder().encode(artefact.text) : artefact.bytes;
}

/**
 * Files written into folders of the user's (the demo writes its recovery file and runs into
 * folders beside its phantoms): the CLI gives report/output's `folderOutputs()`.
 */
export interface FolderOutputs {
  /** A sink that writes its one artefact to the file `path` (atomically); `written` lists it. */
  file(path: string): ArtefactSink & { readonly written: readonly string[] };
  /**
   * Runs `fill` with a sink on a new set of files in `folder` (`expected` says what the folder is
   * for, in the error when it is not one); commits when `fill` resolves, discards when it rejects.
   */
  set<T>(
    folder: string,
    expected: string,
    fill: (sink: ArtefactSink) => Promise<T>,
  ): Promise<{ value: T; files: string[] }>;
}
