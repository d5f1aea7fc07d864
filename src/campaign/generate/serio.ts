// `fuzz --generate --bus serio`: an i8042's keyboard and touchpad ports and the touchpad's pass-through port that
// appears once psmouse sets it up; atkbd built in, psmouse and serio_raw (manual_bind) in random order, serio_raw
// loaded or not;
// admins putting a port on serio_raw or back with drvctl (`echo -n serio_raw > drvctl`, serio_raw's Kconfig), after
// bind_mode=manual or not; perhaps another tool binding psmouse with the core's bind (H27); meanwhile module loads,
// a resume's reconnect, the pass-through port's arrival and rescan.
import fc from 'fast-check';
import { busScenarioJson, commonEnv, sysfs, type Op, type ToolRun } from './world.js';

const KBD = 'serio0'; // SERIO_8042_XL (06): atkbd
const AUX = 'serio1'; // SERIO_8042 (01): psmouse
const PT = 'serio2'; // SERIO_PS_PSTHRU (05): psmouse
const NATIVE: Readonly<Record<string, string>> = { [KBD]: 'atkbd', [AUX]: 'psmouse' };
const f = sysfs('serio');
const TABLES: Readonly<Record<string, Record<string, unknown>>> = {
  atkbd: { id_table: [{ type: '06' }] },
  psmouse: { id_table: [{ type: '01' }, { type: '05' }] },
  serio_raw: { id_table: [{ type: '01' }, { type: '06' }], manual_bind: true },
};

const drvctl = (dev: string, value: string): Op => ({ write: f.dev(dev, 'drvctl'), value });

const tool = (dev: string): fc.Arbitrary<ToolRun> =>
  fc.oneof(
    fc.boolean().map((manual) => ({
      ops: [
        { modprobe: 'serio_raw' },
        ...(manual ? [{ write: f.dev(dev, 'bind_mode'), value: 'manual' }] : []),
        drvctl(dev, 'serio_raw'),
      ],
      target: 'serio_raw',
    })),
    fc.constant<ToolRun>({ ops: [drvctl(dev, NATIVE[dev])], target: NATIVE[dev] }),
  );

export const serioScenarioJson = busScenarioJson({
  bus: 'serio',
  builtin: [{ bus: 'serio', name: 'atkbd', ...TABLES.atkbd }], // CONFIG_KEYBOARD_ATKBD=y
  drivers: ['psmouse', 'serio_raw'],
  driver: (name) => ({ bus: 'serio', name, ...TABLES[name] }),
  coldplug: ['psmouse'], // udev loads it for the touchpad port
  devices: (late) => [
    { bus: 'serio', name: KBD, type: '06' },
    { bus: 'serio', name: AUX, type: '01' },
    { bus: 'serio', name: PT, type: '05', present: late },
  ],
  targets: [KBD, AUX],
  tool,
  // Another tool binding psmouse through the driver core (no serio_mutex): -EBUSY on a bound port, so it only
  // succeeds inside a drvctl's window, where serio_bind_driver overwrites it (H27).
  more: () =>
    fc.boolean().map((mouse) =>
      mouse
        ? [
            {
              name: 'mouse-tool',
              intent: { [AUX]: 'psmouse' },
              ops: [{ write: f.drv('psmouse', 'bind'), value: AUX }],
            },
          ]
        : [],
    ),
  env: fc.oneof(
    ...commonEnv('serio', {
      modules: ['psmouse', 'serio_raw'],
      unload: ['psmouse', 'serio_raw'],
      late: PT,
      probe: [PT],
      // Not removed: the model's serio_unregister_port leaves a registration still queued for kseriod in place
      // (the kernel's serio_destroy_port drops it with serio_remove_pending_events), which no-collateral reports.
      addOnly: true,
    }),
    fc.constantFrom(drvctl(AUX, 'reconnect'), drvctl(PT, 'rescan')),
  ),
});
