// Re-records test/reference/traces.json, only with a reviewed reason: HOTPLUG_FUZZ_RECORD_REASON="why" npm run record:reference.
import { it } from 'vitest';
import { writeFileSync, renameSync } from 'node:fs';
import {
  REFERENCE_FILE,
  REFERENCE_PROFILES,
  corpusScenarios,
  pairKey,
  recordPair,
  type ReferenceFile,
} from './traces.js';

const reason = process.env.HOTPLUG_FUZZ_RECORD_REASON;
it.skipIf(!reason)(
  'records the reference traces (HOTPLUG_FUZZ_RECORD_REASON set)',
  () => {
    const pairs: Record<string, string[]> = {};
    for (const { name, text } of corpusScenarios())
      for (const p of REFERENCE_PROFILES) pairs[pairKey(name, p)] = recordPair(name, text, p);
    const doc: ReferenceFile = { reason: reason!, pairs };
    writeFileSync(`${REFERENCE_FILE}.tmp`, JSON.stringify(doc, null, 1) + '\n');
    renameSync(`${REFERENCE_FILE}.tmp`, REFERENCE_FILE);
  },
  300_000,
);
