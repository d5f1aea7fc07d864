// driverctl 0.111 (the `driverctl` bash script, functions set_override/unbind/probe_driver; Fedora/RHEL 9
// tarball driverctl-0.111-fa9dce43). load-override is what 05-driverctl.rules -> driverctl@.service runs.
// Version "2025-newid": the jiliangsui fork that also writes vfio-pci's new_id after unbind (unverified upstream).
import type { KGen } from '../runtime/step.js';
import type { Proc } from '../ops/proc.js';
import type { Recipe, RecipeArgs } from './types.js';
import { hex4 } from '../util/hex.js';
import { dev, echo, readIds } from './common.js';

const VERSIONS = ['0.111', '2025-newid'] as const;
const log = (m: string): string => `driverctl: ${m}`;

/** set_override "$dev" "$drv" (drv "" = unset-override) on `-b $bus`; 0 or the exit status of `error`. */
function* set_override(p: Proc, bdf: string, drv: string, probe: boolean, a: RecipeArgs): KGen<number> {
  const { version, bus } = a;
  const syspath = dev(bdf, bus); // devlink="/sys/bus/$bus/devices/$dev"
  if (!(yield* p.exists(syspath))) return p.fail(log(`no such device: ${bdf}`)); // [ -L "$devlink" ] || error
  if (!(yield* p.exists(`${syspath}/driver_override`)))
    return p.fail(log(`device does not support driver override: ${bdf}`));
  if (drv !== '' && drv !== 'none') {
    // `[ ! -d "/sys/module/$drv" ]`: tested with the driver's own spelling, so "vfio-pci" is never found and modprobe runs.
    if (!(yield* p.exists(`/sys/module/${drv}`)) && (yield* p.modprobe(drv)) < 0)
      return p.fail(log(`no such module: ${drv}`));
  }
  if (yield* p.exists(`${syspath}/driver`)) {
    if ((yield* p.write(`${syspath}/driver/unbind`, `${bdf}\n`)) < 0) return p.fail(log(`unbinding ${bdf} failed`));
  }
  if (version === '2025-newid' && drv === 'vfio-pci') {
    const ids = yield* readIds(p, bdf);
    // echo -n "$(<vendor) $(<device)" > .../new_id 2>/dev/null: errors ignored and hidden
    if (ids)
      yield* p.write('/sys/module/vfio_pci/drivers/pci:vfio-pci/new_id', `0x${hex4(ids.vendor)} 0x${hex4(ids.device)}`);
  }
  yield* echo(p, `${syspath}/driver_override`, `${drv}\n`);
  if (drv !== 'none' && probe) {
    yield* echo(p, `/sys/bus/${bus}/drivers_probe`, `${bdf}\n`); // probe_driver
    // Only "some driver is bound" is checked, not which one.
    if (!(yield* p.exists(`${syspath}/driver`))) return p.fail(log(`failed to bind device ${bdf} to driver ${drv}`));
  }
  return 0;
}

const SOURCE =
  'driverctl 0.111 `driverctl` script (set_override, unbind, probe_driver), gitlab.com/driverctl/driverctl';
const probeArg = {
  name: 'noprobe',
  kind: 'flag',
  default: 'false',
  doc: '--noprobe: do not write drivers_probe',
} as const;
const noprobe = (a: RecipeArgs): boolean => a.noprobe !== 'true';
const busArg = {
  name: 'bus',
  kind: 'bus',
  default: 'pci',
  doc: '-b/--bus: the bus whose devices/ and drivers_probe it uses (vmbus: bdf is the instance GUID)',
} as const;

export const DRIVERCTL: readonly Recipe[] = [
  {
    name: 'driverctl set-override',
    source: SOURCE,
    versions: VERSIONS,
    args: [
      { name: 'bdf', kind: 'bdf', doc: 'the device' },
      { name: 'driver', kind: 'driver-or-none', doc: 'the driver, or "none"' },
      probeArg,
      busArg,
    ],
    run: (p, a) => set_override(p, a.bdf, a.driver, noprobe(a), a),
  },
  {
    name: 'driverctl unset-override',
    source: SOURCE,
    versions: VERSIONS,
    args: [{ name: 'bdf', kind: 'bdf', doc: 'the device' }, probeArg, busArg],
    run: (p, a) => set_override(p, a.bdf, '', noprobe(a), a),
  },
  {
    name: 'driverctl load-override',
    source: `${SOURCE}; run by driverctl@.service, pulled in by 05-driverctl.rules on add`,
    versions: VERSIONS,
    args: [
      { name: 'bdf', kind: 'bdf', doc: 'the device' },
      { name: 'driver', kind: 'driver-or-none', doc: 'the driver saved in /etc/driverctl.d/pci-<bdf>' },
      probeArg,
      busArg,
    ],
    run: (p, a) => set_override(p, a.bdf, a.driver, noprobe(a), a),
  },
];
