// Scratch: the step-loop section alone (npm run build && node dist/bench/quick.js).
import { fourActorScenario } from './scenarios.js';
import { stepLoop } from './throughput.js';
await stepLoop(fourActorScenario(true));
