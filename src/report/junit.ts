// JUnit XML for CI: one testsuite per profile, one testcase per scenario, a failure per finding.
export interface JunitCase {
  readonly profile: string;
  readonly scenario: string;
  readonly failures: readonly { readonly property: string; readonly message: string; readonly replay: string }[];
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function junitXml(cases: readonly JunitCase[]): string {
  const profiles = [...new Set(cases.map((c) => c.profile))];
  const suites = profiles.map((p) => {
    const mine = cases.filter((c) => c.profile === p);
    const body = mine.map((c) => {
      const f = c.failures
        .map(
          (x) =>
            `      <failure type="${esc(x.property)}" message="${esc(x.message)}">${esc(`${x.message}\nreplay: ${x.replay}`)}</failure>`,
        )
        .join('\n');
      return `    <testcase classname="${esc(p)}" name="${esc(c.scenario)}"${f ? `>\n${f}\n    </testcase>` : ' />'}`;
    });
    return (
      `  <testsuite name="${esc(p)}" tests="${mine.length}" ` +
      `failures="${mine.filter((c) => c.failures.length).length}">\n${body.join('\n')}\n  </testsuite>`
    );
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="hotplug-fuzz">\n${suites.join('\n')}\n</testsuites>\n`;
}
