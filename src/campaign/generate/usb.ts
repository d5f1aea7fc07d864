// `fuzz --generate --bus usb`: LTE modems' QMI interfaces (a second, identical modem plugged in meanwhile, and a
// Quectel EC25 both drivers list); option and qmi_wwan loaded by udev in random order; admins moving an interface
// with new_id (unbind, `new_id "1e0e 9001"`, with or without remove_id, or with the class field), or with unbind
// and bind; meanwhile plugs and unplugs, module loads, reprobes. USB has no driver_override.
import fc from 'fast-check';
import { busScenarioJson, commonEnv, sysfs, type Op, type ToolRun } from './world.js';

const MODEM = '1-1:1.4'; // 1e0e:9001 (option's by class; qmi_wwan needs new_id)
const TWIN = '1-2:1.4'; // the same modem, plugged in while the admins work
const EC25 = '1-3:1.4'; // 2c7c:0125, in both tables
const f = sysfs('usb');
const qmi = (dev: string, vid: string, pid: string) => ({
  bus: 'usb',
  name: dev,
  idVendor: vid,
  idProduct: pid,
  bInterfaceClass: 'ff',
  bInterfaceSubClass: 'ff',
  bInterfaceProtocol: 'ff',
  bInterfaceNumber: '04',
});

/** Moving a QMI interface to qmi_wwan by new_id (H26's sequence and the variants guides print), or back by bind. */
function tool(dev: string): fc.Arbitrary<ToolRun> {
  const unbind: Op = { write: f.dev(dev, 'driver/unbind'), value: dev };
  const bind = (drv: string): ToolRun => ({
    ops: [unbind, { write: f.drv(drv, 'bind'), value: dev }],
    target: drv,
  });
  if (dev === EC25) return fc.constantFrom(bind('qmi_wwan'), bind('option'));
  const newId = (id: string, remove: boolean): ToolRun => ({
    ops: [
      unbind,
      { write: f.drv('qmi_wwan', 'new_id'), value: id },
      ...(remove ? [{ write: f.drv('qmi_wwan', 'remove_id'), value: '1e0e 9001' }] : []),
    ],
    target: 'qmi_wwan',
  });
  return fc.oneof(
    fc
      .record({ id: fc.constantFrom('1e0e 9001', '1e0e 9001 ff'), remove: fc.boolean() })
      .map((x) => newId(x.id, x.remove)),
    fc.constant(bind('option')),
  );
}

export const usbScenarioJson = busScenarioJson({
  bus: 'usb',
  drivers: ['qmi_wwan', 'option'],
  coldplug: ['qmi_wwan', 'option'], // udev loads both for the modems present, in either order
  driver: (name) =>
    name === 'qmi_wwan'
      ? {
          bus: 'usb',
          name,
          id_table: [
            { idVendor: '05c6', idProduct: '9003', bInterfaceNumber: '04' },
            { idVendor: '2c7c', idProduct: '0125', bInterfaceNumber: '04' },
          ],
        }
      : {
          bus: 'usb',
          name,
          id_table: [
            { idVendor: '1e0e', idProduct: '9001', bInterfaceClass: 'ff' },
            { idVendor: '2c7c', idProduct: '0125', bInterfaceClass: 'ff' },
          ],
        },
  devices: (late) => [
    qmi(MODEM, '1e0e', '9001'),
    { ...qmi(TWIN, '1e0e', '9001'), present: late },
    qmi(EC25, '2c7c', '0125'),
  ],
  targets: [MODEM, EC25],
  tool,
  env: fc.oneof(
    ...commonEnv('usb', {
      modules: ['qmi_wwan', 'option'],
      unload: ['qmi_wwan', 'option'],
      late: TWIN,
      probe: [TWIN, MODEM],
    }),
  ),
});
