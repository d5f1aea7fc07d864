// The recipe registry: every tool command the scenario format's `recipe` op can name.
import type { Recipe } from './types.js';
import { DRIVERCTL } from './driverctl.js';
import { DPDK_DEVBIND } from './dpdk-devbind.js';
import { LIBVIRT } from './libvirt.js';
import { SPDK } from './spdk.js';
import { VFIO_GUIDES } from './vfio-guides.js';
import { SRIOV } from './sriov.js';
import { DPDK_NETVSC } from './dpdk-netvsc.js';

export type { Recipe, ArgSpec, RecipeArgs, ToolMemory } from './types.js';

export const RECIPES: readonly Recipe[] = [
  ...DRIVERCTL,
  ...DPDK_DEVBIND,
  ...LIBVIRT,
  ...SPDK,
  ...VFIO_GUIDES,
  ...SRIOV,
  ...DPDK_NETVSC,
];

export function findRecipe(name: string): Recipe | undefined {
  return RECIPES.find((r) => r.name === name);
}
