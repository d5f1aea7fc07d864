// `fuzz --generate --bus fsl-mc`: a DPAA2 root container with the host's NIC (and one restool adds), and a child
// container for a guest whose NIC object restool assigns before or while the admin sets it up (H25);
// fsl_mc_dprc built in, fsl_dpaa2_eth and vfio-fsl-mc in random order and load state; the admin running NXP's
// container sequence (driver_override, bind; no unbind) or driverctl -b fsl-mc; meanwhile modules load and
// unload, objects come and go, reprobes. vfio-fsl-mc's notifier sets the override on the container's children.
import fc from 'fast-check';
import { busScenarioJson, commonEnv, setOverride, sysfs, type ToolRun } from './world.js';

const GUEST = 'dprc.2';
const GUEST_NIC = 'dpni.1';
const HOST_NIC = 'dpni.2';
const LATE = 'dpni.3'; // a host NIC restool adds to the root container
const f = sysfs('fsl-mc');
const TABLES: Readonly<Record<string, Record<string, unknown>>> = {
  fsl_mc_dprc: { match_id_table: [{ vendor: '1957', obj_type: 'dprc' }] },
  fsl_dpaa2_eth: { match_id_table: [{ vendor: '1957', obj_type: 'dpni' }] },
  'vfio-fsl-mc': {},
};
const intent = { [GUEST]: 'vfio-fsl-mc', [GUEST_NIC]: 'vfio-fsl-mc' };

const tool = (dev: string): fc.Arbitrary<ToolRun> =>
  fc.oneof(
    fc.constant<ToolRun>({
      ops: [
        { write: f.dev(dev, 'driver_override'), value: 'vfio-fsl-mc\n' },
        { write: f.drv('vfio-fsl-mc', 'bind'), value: `${dev}\n` },
      ],
      target: 'vfio-fsl-mc',
      intent,
    }),
    fc.constant({ ...setOverride('fsl-mc', dev, 'vfio-fsl-mc'), intent }),
  );

export const fslMcScenarioJson = busScenarioJson({
  bus: 'fsl-mc',
  builtin: [{ bus: 'fsl-mc', name: 'fsl_mc_dprc', ...TABLES.fsl_mc_dprc }],
  drivers: ['fsl_dpaa2_eth', 'vfio-fsl-mc'],
  driver: (name) => ({ bus: 'fsl-mc', name, ...TABLES[name] }),
  devices: (late) => [
    { bus: 'fsl-mc', name: 'dprc.1', container: null },
    { bus: 'fsl-mc', name: GUEST, container: 'dprc.1', plugged: false },
    { bus: 'fsl-mc', name: GUEST_NIC, container: GUEST, present: late },
    { bus: 'fsl-mc', name: HOST_NIC, container: 'dprc.1' },
    { bus: 'fsl-mc', name: LATE, container: 'dprc.1', present: false },
  ],
  targets: [GUEST],
  tool,
  // restool assigns the guest's NIC while the admin works when it was not there at boot: its intent needs it.
  more: (late) =>
    fc.constant(late ? [] : [{ name: 'restool', role: 'environment', ops: [{ hotplug: 'add', device: GUEST_NIC }] }]),
  env: fc.oneof(
    ...commonEnv('fsl-mc', {
      modules: ['fsl_dpaa2_eth', 'vfio-fsl-mc'],
      unload: ['fsl_dpaa2_eth', 'vfio-fsl-mc'],
      late: LATE,
      probe: [LATE, HOST_NIC],
    }),
  ),
});
