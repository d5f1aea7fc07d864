// Worker thread entry for `fuzz --workers N`: takes one job at a time from the main thread (a work queue,
// so uneven jobs balance) and posts each result; null ends it. Results do not depend on which worker ran a job.
import { parentPort, workerData } from 'node:worker_threads';
import { runJob, type JobOptions, type JobSpec } from '../campaign/fuzz-job.js';
import type { Scenario } from '../scenario/types.js';

/** What the main thread hands each worker. */
export interface WorkerData {
  /**
   * Each job's scenario by file, as the main thread read and validated it: a worker given them skips compiling
   * the schema validator (≈150 ms of CPU each) and re-reading a file per profile. Plain data, cloned once.
   */
  readonly scenarios: Readonly<Record<string, Scenario>>;
  readonly options: JobOptions;
  readonly policy: string | null;
  readonly properties: readonly string[];
  readonly deadline: number;
  /** Int32[0] != 0: stop (SIGINT in the main thread). */
  readonly stop: SharedArrayBuffer;
}

const d = workerData as WorkerData;
const stop = new Int32Array(d.stop);
// The loaders are imported only when needed: each worker pays its own module loading (the scenario loader and its
// schema validator are most of it), and the scenarios come ready in workerData.
const policy = d.policy === null ? undefined : (await (await import('./policy.js')).loadPolicy(d.policy)).match;
const properties = d.properties.length ? await (await import('./property.js')).loadProperties(d.properties) : [];

const shouldStop = (): boolean => Atomics.load(stop, 0) !== 0 || Date.now() > d.deadline;
parentPort!.on('message', (job: JobSpec | null) => {
  if (job === null) return parentPort!.close();
  const s = d.scenarios[job.file];
  if (s === undefined) throw new Error(`fuzz worker: no scenario handed over for ${job.file}`); // a bug of ours
  parentPort!.postMessage(shouldStop() ? null : runJob(s, job, d.options, policy, properties, shouldStop));
});
parentPort!.postMessage('ready');
