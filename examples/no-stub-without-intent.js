// A user property for `--property ./examples/no-stub-without-intent.js` (run, fuzz, campaign, matrix,
// replay): no device ends on a stub driver (pci-stub, vfio-pci) unless some actor meant it to.
// The contract (properties/types.ts): check(scenario, run, ctx) returns violations { message, step? };
// run.bindings maps each present device's BDF to its driver (null = unbound). Pure: no clocks, no I/O.

const STUBS = new Set(['pci-stub', 'vfio-pci']);

export default {
  name: 'no-stub-without-intent',
  doc: 'no device ends on pci-stub or vfio-pci unless an actor intended it',
  check(scenario, run) {
    const intended = new Set(scenario.actors.flatMap((a) => Object.keys(a.intent ?? {})));
    return Object.entries(run.bindings)
      .filter(([bdf, drv]) => drv !== null && STUBS.has(drv) && !intended.has(bdf))
      .map(([bdf, drv]) => ({ message: `${bdf} ended on ${drv}, which no actor asked for`, step: null }));
  },
};
