// SR-IOV sequences: the k8s sriov-network-operator config daemon and the kernel's pds_vfio_pci idiom.
import type { KGen } from '../runtime/step.js';
import type { Proc } from '../ops/proc.js';
import type { Recipe } from './types.js';
import { DRIVERS_PROBE, dev, drvDir } from './common.js';

const DPDK_DRIVERS = ['vfio-pci', 'uio_pci_generic', 'igb_uio'];

/** pkg/host/internal/sriov/sriov.go SetSriovNumVfs: always 0 first, then N. Never writes sriov_drivers_autoprobe. */
function* setNumVfs(p: Proc, pf: string, n: number): KGen<number> {
  const r0 = yield* p.write(`${dev(pf)}/sriov_numvfs`, '0');
  if (r0 < 0) return p.fail(`failed to reset the number of VFs of ${pf}`, 1);
  if (n > 0 && (yield* p.write(`${dev(pf)}/sriov_numvfs`, String(n))) < 0)
    return p.fail(`failed to set the number of VFs of ${pf} to ${n}`, 1);
  return 0;
}

/** The override clear: "\x00" since 12e3306e (2024-01-09); before, []byte("") = a zero-length write, a no-op. */
const clearValue = (version: string): string => (version === '2024' ? '\x00' : '');

/** pkg/host/internal/kernel/kernel.go BindDriverByBusAndDevice. */
function* bindDpdk(p: Proc, bdf: string, drv: string, version: string): KGen<number> {
  const cur = (yield* p.driverOf(bdf)) ?? '';
  if (cur === drv) return 0;
  if (cur !== '' && (yield* p.write(`${drvDir(cur)}/unbind`, bdf)) < 0)
    return p.fail(`failed to unbind ${bdf} from ${cur}`, 1);
  const ovr = `${dev(bdf)}/driver_override`;
  const hasOverride = yield* p.exists(ovr);
  if (hasOverride && (yield* p.write(ovr, drv)) < 0) return p.fail(`failed to set driver_override of ${bdf}`, 1);
  if ((yield* p.write(`${drvDir(drv)}/bind`, bdf)) < 0) return p.fail(`failed to bind ${bdf} to ${drv}`, 1); // override left set
  if (hasOverride && (yield* p.write(ovr, clearValue(version))) < 0)
    return p.fail(`failed to clear driver_override of ${bdf}`, 1);
  return 0;
}

/** BindDefaultDriver: only for a device on a DPDK driver: unbind, clear the override ("\x00"), drivers_probe. */
function* bindDefault(p: Proc, bdf: string): KGen<number> {
  const cur = yield* p.driverOf(bdf);
  if (cur === null || !DPDK_DRIVERS.includes(cur)) return 0;
  if ((yield* p.write(`${drvDir(cur)}/unbind`, bdf)) < 0) return p.fail(`failed to unbind ${bdf} from ${cur}`, 1);
  if ((yield* p.write(`${dev(bdf)}/driver_override`, '\x00')) < 0)
    return p.fail(`failed to clear driver_override of ${bdf}`, 1);
  if ((yield* p.write(DRIVERS_PROBE, bdf)) < 0) return p.fail(`failed to probe ${bdf}`, 1);
  return 0;
}

/** Documentation/.../amd/pds_vfio_pci.rst: autoprobe off, create VFs, override the VF, bind it. */
function* pdsIdiom(p: Proc, pf: string, n: number, vf: string, drv: string): KGen<number> {
  for (const [path, v] of [
    [`${dev(pf)}/sriov_drivers_autoprobe`, '0\n'],
    [`${dev(pf)}/sriov_numvfs`, `${n}\n`],
    [`${dev(vf)}/driver_override`, `${drv}\n`],
    [`${drvDir(drv)}/bind`, `${vf}\n`],
  ]) {
    if ((yield* p.write(path, v)) < 0) return p.fail(`echo: write error: ${path}`, 1);
  }
  return 0;
}

const OPERATOR = 'k8snetworkplumbingwg/sriov-network-operator @ 249e2001';

export const SRIOV: readonly Recipe[] = [
  {
    name: 'sriov-network-operator set-numvfs',
    source: `${OPERATOR}, pkg/host/internal/sriov/sriov.go SetSriovNumVfs`,
    versions: ['2024', '2020'],
    args: [
      { name: 'pf', kind: 'bdf', doc: 'the PF' },
      { name: 'numvfs', kind: 'count', doc: 'VFs wanted' },
    ],
    run: (p, a) => setNumVfs(p, a.pf, Number(a.numvfs)),
  },
  {
    name: 'sriov-network-operator bind-dpdk',
    source: `${OPERATOR}, pkg/host/internal/kernel/kernel.go BindDpdkDriver (12e3306e, 2024-01-09; "2020" = pkg/utils/utils.go before it)`,
    versions: ['2024', '2020'],
    args: [
      { name: 'bdf', kind: 'bdf', doc: 'the VF' },
      { name: 'driver', kind: 'driver', default: 'vfio-pci', doc: 'the DPDK driver' },
    ],
    run: (p, a) => bindDpdk(p, a.bdf, a.driver, a.version),
  },
  {
    name: 'sriov-network-operator bind-default',
    source: `${OPERATOR}, pkg/host/internal/kernel/kernel.go BindDefaultDriver`,
    versions: ['2024', '2020'],
    args: [{ name: 'bdf', kind: 'bdf', doc: 'the VF' }],
    run: (p, a) => bindDefault(p, a.bdf),
  },
  {
    name: 'kernel-doc pds-vfio-pci',
    source: 'Linux Documentation/networking/device_drivers/ethernet/amd/pds_vfio_pci.rst',
    versions: ['doc'],
    args: [
      { name: 'pf', kind: 'bdf', doc: 'the PF' },
      { name: 'numvfs', kind: 'count', doc: 'VFs to create' },
      { name: 'vf', kind: 'bdf', doc: 'the VF to hand over' },
      { name: 'driver', kind: 'driver', doc: 'the variant driver' },
    ],
    run: (p, a) => pdsIdiom(p, a.pf, Number(a.numvfs), a.vf, a.driver),
  },
];
