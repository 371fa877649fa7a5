/**
 * Progress and abort for the use cases: each run goes through named stages (load, compute,
 * report, ...), each of `total` items (one, or the scans, studies, ...). The callback hears
 * `{ stage, done: 0, total }` when a stage starts and `{ stage, done, total }` after each item;
 * the abort signal is checked before every stage (before and after its start event) and every
 * item, so an abort (also one raised from inside the callback) stops the run at the next check
 * with an AbortedError.
 */

/** One progress event: `done` of `total` items of `stage` are finished. */
export interface Progress {
  stage: string;
  done: number;
  total: number;
  /** Set on a cohort's events forwarded from one of its studies (the study's own stages). */
  study?: { patientId: string; timepoint: string };
}

/** Progress callback and abort signal, given to every use case. */
export interface RunControl {
  onProgress?: ((progress: Progress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

/** A run stopped by its AbortSignal; nothing of it was handed over as a finished output. */
export class AbortedError extends Error {
  override readonly name = 'AbortedError';
  /** The stage the run had reached. */
  readonly stage: string;

  constructor(what: string, stage: string, reason: unknown) {
    const why = reason instanceof Error ? reason.message : String(reason ?? 'aborted');
    super(`${what} aborted at stage "${stage}" (${why}); no output of it was kept`, {
      cause: reason,
    });
    this.stage = stage;
  }
}

/** Stages of one run: `what` names the run in the abort message ("study P01"). */
export interface Stages {
  /** Checks the signal, reports `done: 0` and returns the function that reports each item. */
  begin(stage: string, total: number): (done: number) => void;
  /** Runs one single-item stage: check, 0/1, `fn`, 1/1. */
  run<T>(stage: string, fn: () => T | Promise<T>): Promise<T>;
  /** Runs `fn` on each item: check before each, report after each. */
  each<I, T>(stage: string, items: readonly I[], fn: (item: I) => T | Promise<T>): Promise<T[]>;
  /** Throws an AbortedError when the signal is aborted. */
  check(stage: string): void;
}

/** The stages of a run under `control`. */
export function stages(control: RunControl, what: string): Stages {
  const check = (stage: string): void => {
    const signal = control.signal;
    if (signal?.aborted === true) throw new AbortedError(what, stage, signal.reason);
  };
  const begin = (stage: string, total: number) => {
    check(stage);
    control.onProgress?.({ stage, done: 0, total });
    check(stage); // an abort raised by the callback itself
    return (done: number) => control.onProgress?.({ stage, done, total });
  };
  return {
    begin,
    check,
    async run(stage, fn) {
      const step = begin(stage, 1);
      const value = await fn();
      step(1);
      return value;
    },
    async each(stage, items, fn) {
      const step = begin(stage, items.length);
      const out = [];
      for (const [index, item] of items.entries()) {
        if (index > 0) check(stage);
        out.push(await fn(item));
        step(index + 1);
      }
      return out;
    },
  };
}
