// checkScenario (campaign, matrix) is explore's checker: every property on every execution, and a
// deterministic finding carries both outcomes' witnesses.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseScenario } from '../../src/scenario/load.js';
import { findDriver } from '../../src/model/catalogue/index.js';
import { findProfile } from '../../src/profiles/index.js';
import { checkScenario } from '../../src/campaign/check.js';

const load = (name: string) =>
  parseScenario(readFileSync(`corpus/scenarios/${name}.json`, 'utf8'), name, (n) => findDriver(n) !== undefined);

describe('checkScenario', () => {
  it('H16: intent in the outcome where the override lands too late; deterministic with both witnesses', () => {
    const c = checkScenario(
      load('h16-hot-add-window-before-override'),
      { label: '6.1', profile: findProfile('6.1')! },
      1000,
    );
    expect(c.findings.map((f) => f.property)).toEqual(['deterministic', 'intent']);
    const det = c.findings[0];
    expect(c.runs.get(det)!.bindings['0000:02:00.0']).not.toBe(det.versus!.result.bindings['0000:02:00.0']);
    expect(c.runs.get(c.findings[1])!.bindings['0000:02:00.0']).toBe('e1000e');
  });
});
