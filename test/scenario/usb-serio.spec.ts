// Scenario format v1 for USB interfaces and serio ports (src/scenario/buses/usb.ts, serio.ts): fields to
// identities (a usb_device_id entry's given fields set its match_flags, as USB_DEVICE* does; a serio entry's
// missing fields are SERIO_ANY), wrong-bus fields refused, and whole runs through the sysfs files of each bus.
import { describe, expect, it } from 'vitest';
import { parseScenario, run } from '../../src/index.js';
import { UserError } from '../../src/util/errors.js';
import { MATCH } from '../../src/model/usb/usb.js';
import { buildWorld } from '../../src/model/world.js';
import { findProfile } from '../../src/profiles/index.js';

const USB = {
  scenario: 1,
  name: 'usb-modem',
  drivers: [
    { bus: 'usb', name: 'qmi_wwan', id_table: [{ idVendor: '05c6', idProduct: '9003', driver_info: 7 }] },
    { bus: 'usb', name: 'option', id_table: [{ idVendor: '1e0e', idProduct: '9001', bInterfaceClass: 'ff' }] },
  ],
  devices: [
    { bus: 'usb', name: '1-1:1.4', idVendor: '1e0e', idProduct: '9001', bInterfaceClass: 'ff', bInterfaceNumber: '04' },
  ],
  actors: [
    {
      name: 'admin',
      intent: { '1-1:1.4': 'qmi_wwan' },
      ops: [
        { write: '/sys/bus/usb/drivers/option/unbind', value: '1-1:1.4' },
        { write: '/sys/bus/usb/drivers/qmi_wwan/new_id', value: '1e0e 9001 0 05c6 9003' },
        { read: '/sys/bus/usb/drivers/qmi_wwan/new_id' },
      ],
    },
  ],
};

const SERIO = {
  scenario: 1,
  name: 'touchpad-raw',
  drivers: [
    { bus: 'serio', name: 'psmouse', id_table: [{ type: '01' }] },
    { bus: 'serio', name: 'serio_raw', id_table: [{ type: '01' }], manual_bind: true },
  ],
  devices: [{ bus: 'serio', name: 'serio1', type: '01' }],
  actors: [
    {
      name: 'admin',
      intent: { serio1: 'serio_raw' },
      ops: [
        { write: '/sys/bus/serio/devices/serio1/drvctl', value: 'serio_raw\n' },
        { write: '/sys/bus/serio/devices/serio1/drvctl', value: 'serio_raw' },
      ],
    },
  ],
};

const load = (o: object): ReturnType<typeof parseScenario> => parseScenario(JSON.stringify(o), 's.json');
function loadError(o: object): string {
  try {
    load(o);
  } catch (e) {
    if (e instanceof UserError) return e.message;
    throw e;
  }
  throw new Error('loaded');
}

describe('USB interfaces and serio ports in a scenario', () => {
  it('USB: hex fields to the interface identity; table entries set the match flags of the fields they give', () => {
    const w = buildWorld(load(USB), findProfile('6.1')!.quirks).world;
    expect(w.devSpecs[0].usb).toMatchObject({
      idVendor: 0x1e0e,
      bInterfaceNumber: 4,
      authorized_default: true,
      owned: false,
    });
    const option = w.drvSpecs[1].usb!.id_table![0];
    expect([option.match_flags, option.bInterfaceClass]).toEqual([
      MATCH.VENDOR | MATCH.PRODUCT | MATCH.INT_CLASS,
      0xff,
    ]);
    expect(w.drvSpecs[0].usb!.id_table![0].driver_info).toBe(7);
  });

  it('serio: missing id fields are SERIO_ANY; bind_mode and manual_bind load', () => {
    const w = buildWorld(
      load({ ...SERIO, devices: [{ bus: 'serio', name: 'serio1', type: '01', bind_mode: 'manual' }] }),
      findProfile('6.1')!.quirks,
    ).world;
    expect(w.devSpecs[0].serio).toEqual({ type: 1, proto: 0, id: 0, extra: 0, manual_bind: true });
    expect(w.drvSpecs[1].serio).toEqual({
      id_table: [{ type: 1, proto: 0xff, id: 0xff, extra: 0xff }],
      manual_bind: true,
    });
  });

  it('a field of another bus is refused, naming the bus it belongs to', () => {
    expect(loadError({ ...SERIO, devices: [{ bus: 'serio', name: 'serio1', type: '01', idVendor: '1e0e' }] })).toMatch(
      /idVendor.*usb/,
    );
    expect(
      loadError({
        ...USB,
        devices: [{ bus: 'usb', name: '1-1:1.4', idVendor: '1e0e', idProduct: '9001', manual_bind: true }],
      }),
    ).toMatch(/manual_bind/);
  });

  it('USB run: unbind, new_id with a reference entry, the dynid read back; the interface ends on qmi_wwan', () => {
    const r = run(load(USB), { kernel: '6.1' });
    expect(r.ops.map((o) => o.result)).toEqual(['ok', 'ok', '1e0e 9001\n']);
    expect(r.bindings).toEqual({ '1-1:1.4': 'qmi_wwan' });
  });

  it('serio run: drvctl with a trailing newline is -EINVAL, echo -n binds serio_raw', () => {
    const r = run(load(SERIO), { kernel: '6.1' });
    expect(r.ops.map((o) => o.result)).toEqual(['-EINVAL', 'ok']);
    expect(r.bindings).toEqual({ serio1: 'serio_raw' });
  });
});
