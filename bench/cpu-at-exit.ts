// Preloaded into the CLI by the worker-scaling bench (node --import): prints the process's CPU time (every
// thread: main, workers, GC and compiler helpers) on stderr at exit, so scaling can be read as CPU as well.
process.on('exit', () => {
  const c = process.cpuUsage();
  process.stderr.write(`\ncpu-seconds ${(c.user + c.system) / 1e6}\n`);
});
