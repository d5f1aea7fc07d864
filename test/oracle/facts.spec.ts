// The model keeps the facts design §8 reports from a real 6.1 kernel (`oracle --facts` re-checks them there).
import { describe, expect, it } from 'vitest';
import { FACTS, broken, promise } from '../../src/oracle/facts.js';
import { findProfile } from '../../src/profiles/index.js';
import { DEBIAN_RELEASES } from '../../src/oracle/releases.js';
import { modelSide } from '../../src/oracle/compare.js';
import { plan } from '../../src/oracle/plan.js';
import { parseScenario } from '../../src/scenario/load.js';
import { findDriver } from '../../src/model/catalogue/index.js';

const scenario = (f: (typeof FACTS)[number]) =>
  parseScenario(JSON.stringify(f.scenario), `${f.id}.json`, (n) => findDriver(n) !== undefined);

describe('design §8 facts', () => {
  const debian = DEBIAN_RELEASES.map((r) => r.profile);
  it.each(FACTS.flatMap((f) => debian.map((p) => [f.id, p, f] as const)))(
    '%s: the %s model keeps it (its era variant)',
    (_, p, f) => {
      expect(broken(f, modelSide(scenario(f), p), findProfile(p)!.quirks)).toBeNull();
    },
  );

  it("eras change a fact's promise: bind's errnos before 5.14, hot-add honouring drivers_autoprobe (7.1)", () => {
    const byId = (id: string) => FACTS.find((f) => f.id === id)!;
    const q = (p: string) => findProfile(p)!.quirks;
    expect(promise(byId('bind-errors'), q('6.1')).ops).toEqual(['ok', 'ok', '-EBUSY', '-ENODEV']);
    expect(promise(byId('bind-errors'), q('5.10')).ops).toEqual(['ok', 'ok', '-ENODEV', '-ENODEV']);
    expect(promise(byId('hot-add-ignores-autoprobe'), q('6.1')).bindings['0000:02:00.0']).toBe('e1000e');
    expect(promise(byId('hot-add-ignores-autoprobe'), q('6.12')).bindings['0000:02:00.0']).toBe('e1000e');
    expect(promise(byId('hot-add-ignores-autoprobe'), q('7.1')).bindings['0000:02:00.0']).toBeNull();
    // A side keeping 6.1's promise breaks 5.10's.
    const side = {
      ops: ['ok', 'ok', '-EBUSY', '-ENODEV'],
      bindings: { '0000:01:00.0': 'e1000e', '0000:02:00.0': null },
    };
    expect(broken(byId('bind-errors'), side, q('6.1'))).toBeNull();
    expect(broken(byId('bind-errors'), side, q('5.10'))).toBe('op 3 returned -EBUSY, the fact says -ENODEV');
  });

  it.each(FACTS.map((f) => [f.id, f] as const))('%s: the guest can run it', (_, f) => {
    expect(plan(scenario(f))).not.toHaveProperty('reason');
  });

  it('a side that breaks a fact is named: the op or the device', () => {
    const f = FACTS.find((x) => x.id === 'new-id-in-static-table')!;
    expect(broken(f, { ops: ['ok'], bindings: {} }, findProfile('6.1')!.quirks)).toBe(
      'op 1 returned ok, the fact says -EEXIST',
    );
    expect(
      broken(
        f,
        { ops: ['-EEXIST'], bindings: { '0000:01:00.0': 'e1000e', '0000:02:00.0': null } },
        findProfile('6.1')!.quirks,
      ),
    ).toBe('0000:02:00.0 is unbound, the fact says e1000e');
  });
});
