import { describe, expect, it } from 'vitest';
import { lockOrderCycle } from '../../properties/lock-order.js';
import type { ExploreResult } from '../../src/explore/dpor.js';

const x = (lockOrder: [number, number][]): ExploreResult => ({
  complete: true,
  executions: 1,
  sleepBlocked: 0,
  outcomes: [],
  lockOrder,
});

describe('no-deadlock lock-order check', () => {
  it('finds an AB-BA cycle and a longer one', () => {
    expect(
      lockOrderCycle(
        x([
          [0, 1],
          [1, 0],
        ]),
      ),
    ).toEqual([0, 1]);
    expect(
      lockOrderCycle(
        x([
          [0, 1],
          [1, 2],
          [2, 0],
        ]),
      ),
    ).toEqual([0, 1, 2]);
  });
  it('accepts a consistent order', () => {
    expect(
      lockOrderCycle(
        x([
          [0, 1],
          [0, 2],
          [1, 2],
        ]),
      ),
    ).toBeNull();
  });
});
