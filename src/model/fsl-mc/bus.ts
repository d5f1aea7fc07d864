// drivers/bus/fsl-mc/fsl-mc-bus.c fsl_mc_bus_type: the NXP DPAA2 Management Complex bus record.
import type { BusType } from '../kernel.js';
import { driver_register } from '../core/bus.js';
import {
  fsl_mc_bus_match,
  fsl_mc_driver_probe,
  fsl_mc_driver_remove,
  fsl_mc_probed,
  fslMcMatchRd,
} from './fsl-mc-bus.js';
import { fsl_mc_override_show, fsl_mc_override_store } from './fsl-mc-bus.js';
import { fsl_mc_enumerate, fsl_mc_hotplug } from './fsl-mc-bus.js';

export const fsl_mc_bus_type: BusType = {
  name: 'fsl-mc',
  inEra: (q) => q.fslmcOverride !== 'absent', // modelled from 1f86a00c1159 (5.10) on
  match: fsl_mc_bus_match,
  probe: fsl_mc_driver_probe,
  probed: fsl_mc_probed,
  remove: fsl_mc_driver_remove,
  register: driver_register, // __fsl_mc_driver_register -> driver_register
  enumerate: fsl_mc_enumerate,
  hotplug: fsl_mc_hotplug,
  matchRd: fslMcMatchRd,
  override: {
    exists: (q) => q.fslmcOverride !== 'absent',
    store: fsl_mc_override_store,
    show: fsl_mc_override_show,
  },
  dynids: null, // no new_id / remove_id on fsl-mc
  attrs: {
    bus: ['drivers_probe', 'drivers_autoprobe'],
    driver: ['bind', 'unbind'],
    device: ['driver_override', 'modalias', 'driver'],
  },
};
