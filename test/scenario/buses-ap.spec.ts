// Scenario format v1 for the ap bus: queues are named by APQN ("05.0032"), in_masks is per card, and
// /sys/bus/ap/apmask and aqmask are files a scenario reads and writes through the sysfs layer (kernel facts in
// test/model/ap).
import { describe, expect, it } from 'vitest';
import { run } from '../../src/index.js';
import { load, loadError } from './load-error.js';

const AP = {
  scenario: 1,
  name: 'ap-masks',
  kernel: '7.1',
  drivers: [
    { bus: 'ap', name: 'cex4queue', device_types: [13], default_driver: true },
    { bus: 'ap', name: 'vfio_ap', device_types: [13] },
  ],
  devices: [
    { bus: 'ap', name: '05.0032', device_type: 13 },
    { bus: 'ap', name: '06.0032', device_type: 13, in_masks: false },
  ],
  actors: [
    {
      name: 'admin',
      ops: [
        { read: '/sys/bus/ap/apmask' },
        { write: '/sys/bus/ap/aqmask', value: '-0x32' },
        { read: '/sys/bus/ap/aqmask' },
        { write: '/sys/bus/ap/apmask', value: 'junk' },
      ],
    },
  ],
};

describe('ap scenarios', () => {
  it('in_masks false clears the card in apmask at boot; mask files are read and written', () => {
    const r = run(load(AP));
    expect(r.ops.map((o) => o.result)).toEqual([
      `0xfd${'f'.repeat(62)}\n`,
      'ok',
      `0x${'f'.repeat(12)}df${'f'.repeat(50)}\n`,
      '-EINVAL',
    ]);
    expect(r.bindings).toEqual({ '05.0032': 'vfio_ap', '06.0032': 'vfio_ap' });
  });

  it('a queue name that is no APQN, or queues of one card that disagree about apmask, are refused', () => {
    const dev = (name: string, in_masks = true) => ({ bus: 'ap', name, device_type: 13, in_masks });
    expect(loadError({ ...AP, devices: [dev('card05')] })).toBe(
      's.json: devices[0].name: "card05" is no AP queue (card.domain: "05.0032", hex)',
    );
    expect(loadError({ ...AP, devices: [dev('05.0032'), dev('05.0033', false)] })).toBe(
      's.json: devices[1].in_masks: card 05 is in apmask or not: devices[0] says true, this one false',
    );
  });
});
