// Scenario format v1, fsl-mc objects and drivers (drivers/bus/fsl-mc): an object is named "<type>.<id>" as the MC
// names it, sits in a container (a DPRC; null for the root) and is plugged or not; a driver is inline with its
// match_id_table. fsl_mc_dprc and vfio-fsl-mc scan the DPRC they bind (dprc_probe, vfio_fsl_mc_probe).
import { UserError } from '../../util/errors.js';
import type { FslMcDeviceId, ProbeSpec } from '../../model/types.js';
import type { DeviceDecl, InlineDriver } from '../types.js';
import type { Json, ScenarioBus } from './types.js';
import { namedDevice, namedDriver } from './named.js';
import { uniqueNames } from './platform.js';

/** FSL_MC_VENDOR_FREESCALE. */
const NXP = 0x1957;
const vendor = (s: unknown): number => (s === undefined ? NXP : parseInt(String(s), 16));
/** The drivers whose probe calls dprc_scan_container on the DPRC they bind. */
const CONTAINER_DRIVERS: readonly string[] = ['fsl_mc_dprc', 'vfio-fsl-mc'];

function device(o: Json): DeviceDecl {
  const name = String(o.name);
  return {
    ...namedDevice(o, 'fsl-mc'),
    fslmc: {
      obj_type: name.slice(0, name.indexOf('.')),
      vendor: vendor(o.vendor),
      plugged: o.plugged !== false,
      container: (o.container as string | null | undefined) ?? null,
    },
  };
}

/** Unique names, and every container a declared DPRC of the bus (a root DPRC has none). */
function names(file: string, devices: readonly (readonly [number, DeviceDecl])[]): Map<string, string> {
  const owner = uniqueNames(file, devices);
  const dprcs = new Set(devices.filter(([, d]) => d.fslmc!.obj_type === 'dprc').map(([, d]) => d.bdf));
  for (const [i, d] of devices) {
    const c = d.fslmc!.container;
    if (c !== null && !dprcs.has(c))
      throw new UserError(file, `devices[${i}].container`, `"${c}" is no dprc declared on the fsl-mc bus`);
    if (c === null && d.fslmc!.obj_type !== 'dprc')
      throw new UserError(file, `devices[${i}].container`, 'only a dprc can be the root (container null)');
  }
  return owner;
}

function inline(o: Json, probe: ProbeSpec): InlineDriver {
  const table = o.match_id_table as Json[] | undefined;
  const ids = (table ?? []).map((e): FslMcDeviceId => ({ vendor: vendor(e.vendor), obj_type: String(e.obj_type) }));
  const scans = CONTAINER_DRIVERS.includes(String(o.name));
  return { ...namedDriver(probe), fslmc: { match_id_table: table === undefined ? null : ids, scans_container: scans } };
}

export const fslMcScenario: ScenarioBus = { name: 'fsl-mc', device, names, isInline: () => true, inline };
