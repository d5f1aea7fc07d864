// Type-checked by test/types/kernel.spec.ts (tsc --noEmit): the library's `kernel` is a profile name or 'all'.
import { explore, loadScenario, run, type Kernel, type ProfileName, type Report } from '../../src/index.js';

const s = loadScenario('corpus/scenarios/h06-driverctl-unbind-window.json');
const one: Report = run(s, { kernel: '5.19' });
const all: Report[] = run(s, { kernel: 'all' });
const k: Kernel = 'rfc-09of11';
const p: ProfileName = '6.1';
// @ts-expect-error not a profile of the table
run(s, { kernel: '9.9' });
// @ts-expect-error 'all' gives one report per profile, not one
const wrong: Report = explore(s, { kernel: 'all' });
export { one, all, k, p, wrong };
