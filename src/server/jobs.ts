/**
 * Long work (import, run, demo) as jobs: the POST answers a JobStatus at once, the work runs with
 * an AbortController, the use case's progress events update the job, listeners (server-sent
 * events) hear every change, and DELETE aborts it: an AbortedError ends the job as `cancelled`.
 * Jobs live in memory only; a restarted server has none (the store keeps only committed work).
 */
import { randomUUID } from 'node:crypto';
import { AbortedError, type Progress } from '../app/progress.ts';
import type { JobKind, JobStatus } from './api-types.ts';
import { errorAnswer } from './errors.ts';

export interface JobControl {
  signal: AbortSignal;
  onProgress: (progress: Progress) => void;
}

type Listener = (status: JobStatus) => void;

interface Job {
  status: JobStatus;
  controller: AbortController;
  listeners: Set<Listener>;
  finished: Promise<void>;
}

/** Finished jobs kept for GET /jobs/:jid before the oldest are dropped. */
const KEPT_FINISHED = 200;

export class Jobs {
  private readonly jobs = new Map<string, Job>();

  /** Starts `work` and returns its status at once. */
  start(kind: JobKind, work: (control: JobControl) => Promise<JobStatus['result']>): JobStatus {
    const controller = new AbortController();
    const status: JobStatus = {
      id: randomUUID(),
      kind,
      state: 'running',
      progress: null,
      error: null,
      result: null,
    };
    const job: Job = { status, controller, listeners: new Set(), finished: Promise.resolve() };
    this.jobs.set(status.id, job);
    this.prune();
    const onProgress = (progress: Progress): void => {
      if (status.state !== 'running') return;
      status.progress = { stage: progress.stage, done: progress.done, total: progress.total };
      this.emit(job);
    };
    job.finished = (async () => {
      // One turn later, so the POST answers before the work's first synchronous step.
      await new Promise((resolve) => setImmediate(resolve));
      try {
        if (controller.signal.aborted)
          throw new AbortedError(kind, 'start', controller.signal.reason);
        status.result = await work({ signal: controller.signal, onProgress });
        status.state = 'done';
      } catch (error) {
        if (error instanceof AbortedError || controller.signal.aborted) {
          status.state = 'cancelled';
          status.error = { error: `${kind} cancelled; nothing of it was stored` };
        } else {
          status.state = 'failed';
          status.error = errorAnswer(error).body;
        }
      }
      this.emit(job);
      job.listeners.clear();
    })();
    return snapshot(status);
  }

  get(id: string): JobStatus | undefined {
    const job = this.jobs.get(id);
    return job === undefined ? undefined : snapshot(job.status);
  }

  /** Aborts a running job; resolves once it has ended (cancelled, or done if it was too late). */
  async cancel(id: string): Promise<JobStatus | undefined> {
    const job = this.jobs.get(id);
    if (job === undefined) return undefined;
    if (job.status.state === 'running') job.controller.abort(new Error('cancelled by the user'));
    await job.finished;
    return snapshot(job.status);
  }

  /** Calls `listener` with every change until the job ends; returns the unsubscribe function. */
  subscribe(id: string, listener: Listener): () => void {
    const job = this.jobs.get(id);
    if (job === undefined || job.status.state !== 'running') return () => undefined;
    job.listeners.add(listener);
    return () => job.listeners.delete(listener);
  }

  /** Waits for a job to end (tests, shutdown). */
  async settled(id: string): Promise<JobStatus | undefined> {
    const job = this.jobs.get(id);
    if (job === undefined) return undefined;
    await job.finished;
    return snapshot(job.status);
  }

  /** Aborts every running job (server shutdown). */
  async abortAll(): Promise<void> {
    const running = [...this.jobs.values()].filter((j) => j.status.state === 'running');
    for (const job of running) job.controller.abort(new Error('server shutting down'));
    await Promise.all(running.map((j) => j.finished));
  }

  private emit(job: Job): void {
    const copy = snapshot(job.status);
    for (const listener of job.listeners) listener(copy);
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.status.state !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - KEPT_FINISHED))) {
      this.jobs.delete(job.status.id);
    }
  }
}

function snapshot(status: JobStatus): JobStatus {
  return structuredClone(status);
}
