// `node dist/src/cli/oracle/apt-mirror-main.js [/etc/apt]`: prints this machine's Debian mirror for the oracle's
// setup scripts (scripts/oracle-sriov-setup.sh); a one-line error and exit 2 when apt has none.
import { machineMirror } from './kernels.js';
import { UserError } from '../../util/errors.js';

try {
  process.stdout.write(`${machineMirror(process.argv[2])}\n`);
} catch (e) {
  if (!(e instanceof UserError)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exitCode = 2;
}
