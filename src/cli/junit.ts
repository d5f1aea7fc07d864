// JUnit XML for CI, written atomically (the XML itself is src/report/junit.ts).
import { junitXml, type JunitCase } from '../report/junit.js';
import { writeFileAtomic } from './write.js';

export type { JunitCase };

export function writeJunit(path: string, cases: readonly JunitCase[]): void {
  writeFileAtomic(path, junitXml(cases));
}
