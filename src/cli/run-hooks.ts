// What a long command hands the campaign functions: the clock's deadline, Ctrl-C, a progress bar, and a pause
// that lets signals in. The only place these loops meet the process.
import { SingleBar } from 'cli-progress';
import type { JobHooks } from '../campaign/campaign.js';

export interface Session extends JobHooks {
  readonly shouldStop: () => boolean;
  /** True once Ctrl-C was pressed. */
  interrupted(): boolean;
  /** Removes the SIGINT handler and the progress bar. */
  close(): void;
}

/** The shared flag workers read (Int32[0] != 0: stop), set on Ctrl-C. */
export type StopFlag = Int32Array;

export function session(o: { name: string; deadline: number; bar: boolean; stopFlag?: StopFlag }): Session {
  let interrupted = false;
  const onInt = (): void => {
    interrupted = true;
    if (o.stopFlag) Atomics.store(o.stopFlag, 0, 1);
  };
  process.once('SIGINT', onInt);
  const bar =
    o.bar && process.stderr.isTTY
      ? new SingleBar({ format: `${o.name} {bar} {value}/{total} {what}`, hideCursor: true, stream: process.stderr })
      : null;
  let started = false;
  return {
    shouldStop: () => interrupted || Date.now() > o.deadline,
    interrupted: () => interrupted,
    pause: () => new Promise<void>((res) => setImmediate(res)),
    onJob: (done, total, what) => {
      if (!started) bar?.start(total, 0, { what });
      started = true;
      bar?.update(done, { what });
    },
    close: () => {
      bar?.stop();
      process.removeListener('SIGINT', onInt);
    },
  };
}
