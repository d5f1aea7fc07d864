// --shard i/n, or "auto" from the engine that runs the shards (Kubernetes Indexed Job, Slurm array, CI matrix).
import { UserError } from '../util/errors.js';

export interface Shard {
  readonly index: number;
  readonly count: number;
}

function parse(text: string, from: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new UserError(from, '', `must be i/n (e.g. 0/4), not "${text}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) throw new UserError(from, '', `needs 0 <= i < n, not ${index}/${count}`);
  return { index, count };
}

/** Environment variables the shard index and count come from, in the order they are tried. */
const ENGINES: readonly { name: string; index: string; count: string; base: (env: NodeJS.ProcessEnv) => number }[] = [
  { name: 'Kubernetes Indexed Job', index: 'JOB_COMPLETION_INDEX', count: 'JOB_COMPLETIONS', base: () => 0 },
  // --array=1-8 numbers tasks from SLURM_ARRAY_TASK_MIN.
  {
    name: 'Slurm array',
    index: 'SLURM_ARRAY_TASK_ID',
    count: 'SLURM_ARRAY_TASK_COUNT',
    base: (env) => Number(env.SLURM_ARRAY_TASK_MIN ?? 0),
  },
  { name: 'GitLab CI parallel', index: 'CI_NODE_INDEX', count: 'CI_NODE_TOTAL', base: () => 1 },
];

export function parseShard(flag: string | undefined, env: NodeJS.ProcessEnv): Shard {
  if (flag === undefined) return { index: 0, count: 1 };
  if (flag !== 'auto') return parse(flag, '--shard');
  for (const e of ENGINES) {
    const i = env[e.index];
    if (i === undefined) continue;
    const n = env[e.count];
    if (n === undefined)
      throw new UserError(
        '--shard auto',
        '',
        `${e.index} is set (${e.name}) but ${e.count} is not: set it to the number of shards`,
      );
    return parse(`${Number(i) - e.base(env)}/${n}`, `--shard auto (${e.index}=${i}, ${e.count}=${n})`);
  }
  throw new UserError(
    '--shard auto',
    '',
    `no shard index in the environment (${ENGINES.map((e) => e.index).join(', ')})`,
  );
}
