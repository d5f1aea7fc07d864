// A user matching policy for `hotplug-fuzz matrix --candidate ./examples/override-in-table-except-stubs.js`
// (or `run --policy`): driver_override binds only a driver whose id table or dynids match the device, except
// the stub drivers (pci-stub, vfio-pci), which exist to take any device by override. A middle road between
// mainline (override binds anything) and the 2021 RFC (override binds only flagged entries).
//
// The contract (src/profiles/policy.ts): match(input) returns the matched id (an entry of input.dynids or
// input.id_table, or an id of your own for an override) or null. Pure and deterministic: no clocks, no I/O.

const ANY = 0xffffffff; // PCI_ANY_ID
const STUBS = new Set(['pci-stub', 'vfio-pci']);
const OVERRIDE_ANY = Object.freeze({
  vendor: ANY,
  device: ANY,
  subvendor: ANY,
  subdevice: ANY,
  class: 0,
  class_mask: 0,
  driver_data: 0,
  override_only: false,
});

/** pci_match_one_device (drivers/pci/pci.h). */
function matches(id, dev) {
  return (
    (id.vendor === ANY || id.vendor === dev.vendor) &&
    (id.device === ANY || id.device === dev.device) &&
    (id.subvendor === ANY || id.subvendor === dev.subvendor) &&
    (id.subdevice === ANY || id.subdevice === dev.subdevice) &&
    ((id.class ^ dev.class) & id.class_mask) === 0
  );
}

/** The table terminator ends pci_match_id's walk. */
const terminator = (id) => id.vendor === 0 && id.subvendor === 0 && id.class_mask === 0;

export default {
  name: 'override-in-table-except-stubs',
  summary: 'driver_override binds only drivers whose table or dynids match the device, except pci-stub and vfio-pci',
  match({ dev, override, drvName, dynids, id_table }) {
    if (override !== null && override !== drvName) return null; // the override names another driver
    const dyn = dynids.find((id) => matches(id, dev));
    if (dyn) return dyn;
    for (const id of id_table ?? []) {
      if (terminator(id)) break;
      if (matches(id, dev) && (!id.override_only || override === drvName)) return id;
    }
    return override === drvName && STUBS.has(drvName) ? OVERRIDE_ANY : null;
  },
};
