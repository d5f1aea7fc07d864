// Worker thread entry for `fuzz --workers N`: takes one job at a time from the main thread (a work queue,
// so uneven jobs balance) and posts each result; null ends it. Results do not depend on which worker ran a job.
import { parentPort, workerData } from 'node:worker_threads';
import { runJob, type JobOptions, type JobSpec } from '../campaign/fuzz-job.js';
import { loadScenario } from './io.js';
import type { Scenario } from '../scenario/types.js';
import { loadPolicy } from './policy.js';
import { loadProperties } from './property.js';

interface Data {
  /** The jobs' scenarios by file, already validated by the main thread. */
  readonly scenarios: Readonly<Record<string, Scenario>>;
  readonly options: JobOptions;
  readonly policy: string | null;
  readonly properties: readonly string[];
  readonly deadline: number;
  /** Int32[0] != 0: stop (SIGINT in the main thread). */
  readonly stop: SharedArrayBuffer;
}

const d = workerData as Data;
const stop = new Int32Array(d.stop);
const policy = d.policy === null ? undefined : (await loadPolicy(d.policy)).match;
const properties = await loadProperties(d.properties);
const shouldStop = (): boolean => Atomics.load(stop, 0) !== 0 || Date.now() > d.deadline;
parentPort!.on('message', (job: JobSpec | null) => {
  if (job === null) return parentPort!.close();
  const s = d.scenarios[job.file] ?? loadScenario(job.file);
  parentPort!.postMessage(shouldStop() ? null : runJob(s, job, d.options, policy, properties, shouldStop));
});
parentPort!.postMessage('ready');
