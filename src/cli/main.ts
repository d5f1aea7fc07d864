#!/usr/bin/env node
// The installed bin: run the CLI and leave its exit code.
import { main } from './program.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
