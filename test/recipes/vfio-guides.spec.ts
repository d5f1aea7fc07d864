// vfio.rst, vfio-pci-bind.sh, the Arch override script and Proxmox's pci_dev_bind_to_vfio.
import { describe, expect, it } from 'vitest';
import { A, B, C, admin, nic, run } from '../helpers.js';
import { recipe, writes } from './helpers.js';

const dev = (b: string): string => `/sys/bus/pci/devices/${b}`;
const bridge = (bdf: string, group: number): object => ({
  bdf,
  vendor: '8086',
  device: '244e',
  class: '060400',
  header_type: 'bridge',
  iommu_group: group,
});

describe('kernel-doc vfio-bind', () => {
  it('unbinds and writes new_id for the device and each non-bridge peer; a same-id peer gets -EEXIST and is left unbound', () => {
    const r = run({
      drivers: ['e1000e', { name: 'vfio-pci', loaded: false }],
      devices: [nic(A, { iommu_group: 7 }), nic(B, { iommu_group: 7 }), bridge(C, 7)],
      actors: [admin([recipe('kernel-doc vfio-bind', { bdf: A })])],
    });
    expect(writes(r)).toEqual([
      'modprobe vfio-pci = ok',
      `write ${dev(A)}/driver/unbind "${A}" = ok`,
      'write /sys/bus/pci/drivers/vfio-pci/new_id "8086 10d3" = ok',
      `write ${dev(B)}/driver/unbind "${B}" = ok`,
      'write /sys/bus/pci/drivers/vfio-pci/new_id "8086 10d3" = -EEXIST',
    ]);
    // The second new_id finds the dynid (6.1's dup check goes through pci_match_device): no driver_attach runs.
    expect(r.bindings).toEqual({ [A]: 'vfio-pci', [B]: null, [C]: null });
    expect(r.ops[0].errors).toEqual(['echo: write error: /sys/bus/pci/drivers/vfio-pci/new_id']);
  });

  it('without an IOMMU group the readlink fails and nothing is written', () => {
    const r = run({
      drivers: ['e1000e', 'vfio-pci'],
      devices: [nic(A, { iommu_group: null })],
      actors: [admin([recipe('kernel-doc vfio-bind', { bdf: A })])],
    });
    expect(r.ops[0].result).toMatch(/^exit 1: readlink: .*iommu_group: No such file or directory$/);
    expect(writes(r)).toEqual([]);
  });
});

describe('vfio-pci-bind', () => {
  it('overrides each type-0 member, then unbinds and probes it; the override is never cleared', () => {
    const r = run({
      drivers: ['e1000e', 'vfio-pci'],
      devices: [nic(A, { iommu_group: 3 }), nic(B, { iommu_group: 3 })],
      actors: [admin([recipe('vfio-pci-bind', { bdf: A })])],
    });
    expect(writes(r)).toEqual([
      'modprobe vfio-pci = ok',
      `write ${dev(A)}/driver_override "vfio-pci\\n" = ok`,
      `write ${dev(A)}/driver/unbind "${A}" = ok`,
      `write /sys/bus/pci/drivers_probe "${A}" = ok`,
      `write ${dev(B)}/driver_override "vfio-pci\\n" = ok`,
      `write ${dev(B)}/driver/unbind "${B}" = ok`,
      `write /sys/bus/pci/drivers_probe "${B}" = ok`,
    ]);
    expect(r.bindings).toEqual({ [A]: 'vfio-pci', [B]: 'vfio-pci' });
    expect(r.world.devices.map((d) => d.override)).toEqual(['vfio-pci', 'vfio-pci']);
  });
});

describe('arch vfio-pci-override', () => {
  it('overrides before the module loads: vfio-pci takes exactly the named device, not its twin', () => {
    const r = run({
      drivers: [{ name: 'vfio-pci', loaded: false }],
      devices: [nic(A), nic(B)],
      actors: [admin([recipe('arch vfio-pci-override', { bdf: A })])],
    });
    expect(writes(r)).toEqual([`write ${dev(A)}/driver_override "vfio-pci\\n" = ok`, 'modprobe vfio-pci = ok']);
    expect(r.bindings).toEqual({ [A]: 'vfio-pci', [B]: null });
  });
});

describe('proxmox bind-to-vfio', () => {
  const world = { drivers: ['e1000e', 'vfio-pci'], devices: [nic(A), nic(B)] };

  it('new_id, unbind, bind: no remove_id, so the dynid stays for every later twin (H4)', () => {
    const r = run({ ...world, actors: [admin([recipe('proxmox bind-to-vfio', { bdf: A })])] });
    expect(writes(r)).toEqual([
      'write /sys/bus/pci/drivers/vfio-pci/new_id "8086 10d3" = ok',
      `write ${dev(A)}/driver/unbind "${A}" = ok`,
      `write /sys/bus/pci/drivers/vfio-pci/bind "${A}" = ok`,
    ]);
    expect(r.world.drivers[1].dynids).toHaveLength(1);
  });

  it('the second device with the same id gets -EEXIST: accepted since 2024-11, fatal before', () => {
    const ops = [recipe('proxmox bind-to-vfio', { bdf: A }), recipe('proxmox bind-to-vfio', { bdf: B })];
    expect(run({ ...world, actors: [admin(ops)] }).bindings).toEqual({ [A]: 'vfio-pci', [B]: 'vfio-pci' });
    const old = run({ ...world, actors: [admin(ops.map((o) => ({ ...o, version: '2024-10' })))] });
    expect(old.ops[1].result).toBe(`exit 1: unable to bind ${B} to vfio-pci (new_id)`);
    expect(old.bindings[B]).toBe('e1000e');
  });
});
