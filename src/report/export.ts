// Reproducers of an execution: a POSIX shell script, QMP + guest commands, a vitest regression test.
import type { RunResult } from '../exec/run.js';
import type { Scenario } from '../scenario/types.js';
import type { BusName } from '../model/types.js';
import type { Violation } from '../../properties/types.js';
import { actionsOf, type Action } from './actions.js';
import { hex4 } from '../util/hex.js';
import { shellBytes, shq } from './shell.js';
import { busOf, qemuModel, qmpDeviceAdd, qmpDeviceDel } from './qemu.js';

export interface ExportInput {
  readonly s: Scenario;
  readonly r: RunResult;
  readonly profile: string;
  readonly token: string;
  readonly violations: readonly Violation[];
}

/** A printf(1) format that writes exactly `v`. */
const printfFormat = (v: string): string => shellBytes(v, 'printf');

const q = shq;

/** Text for a `#` comment line: control characters (a newline would end the comment) escaped. */
const comment = (s: string): string =>
  s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

/** What a person does to add or remove a device of a bus the script cannot act on itself. */
function hotplugByHand(bus: BusName, action: 'add' | 'remove', name: string): string {
  const add = action === 'add';
  switch (bus) {
    case 'pci':
      return add
        ? `hot-add ${name} now (QMP device_add, or echo 1 > /sys/bus/pci/rescan if it is only logically removed)`
        : `surprise-remove ${name} now (QMP device_del, or echo 1 > /sys/bus/pci/devices/${name}/remove)`;
    case 'vmbus':
      return add
        ? `have the Hyper-V host offer ${name} now (Add-VMNetworkAdapter for a synthetic NIC)`
        : `have the Hyper-V host rescind ${name} now (Remove-VMNetworkAdapter for a synthetic NIC)`;
    default:
      return add
        ? `register ${bus} device ${name} now (a DT overlay, or binding the parent that creates it)`
        : `unregister ${bus} device ${name} now (remove the overlay, or unbind its parent)`;
  }
}

function shLine(a: Action, busOfDevice: (name: string) => BusName): string {
  switch (a.kind) {
    case 'write':
      return `w ${q(a.actor)} ${q(a.path)} '${printfFormat(a.value)}' ${q(a.result)}`;
    case 'read':
      return `r ${q(a.actor)} ${q(a.path)}`;
    case 'hotplug':
      return `manual ${q(a.actor)} ${q(hotplugByHand(busOfDevice(a.bdf), a.action, a.bdf))}`;
    case 'modprobe':
      return `x ${q(a.actor)} modprobe ${[a.module, ...(a.params ? a.params.split(/\s+/) : [])].map(q).join(' ')}`;
    case 'rmmod':
      return `x ${q(a.actor)} rmmod ${q(a.module)}`;
  }
}

/**
 * it first checks every device the scenario names exists (PCI ones with the expected vendor:device), and refuses otherwise.
 * it first checks every device the scenario names exists with the expected vendor:device, and refuses otherwise.
 */
export function exportSh(x: ExportInput, finding?: { readonly property: string; readonly message: string }): string {
  // Devices there at the start (hot-added ones come later, by hand; VFs come from sriov_numvfs).
  // PCI devices by vendor:device; other buses have no such pair in sysfs, so their devices by name on their bus.
  const checks = x.r.initial.devSpecs
    .filter((d, i) => d.pf < 0 && x.r.initial.devices[i].present)
    .map((d) =>
      d.bus === 'pci' ? `  check ${d.bdf} ${hex4(d.vendor)} ${hex4(d.device)}` : `  present ${d.bus} ${q(d.bdf)}`,
    );
  const busOfDevice = (name: string): BusName => x.r.initial.devSpecs.find((d) => d.bdf === name)?.bus ?? 'pci';
  return [
    '#!/bin/sh',
    `# hotplug-fuzz export: ${comment(x.s.name)} under ${x.profile}`,
    `# token ${x.token}`,
    ...(finding ? [`# finding: ${finding.property}: ${comment(finding.message)}`] : []),
    ...x.violations.map((v) => `# violates ${v.property}: ${comment(v.message)}`),
    '# The userspace actions of this interleaving in schedule order, each completed before the next',
    '# (a shell cannot force the kernel-side interleaving: this is its sequential skeleton). "model:" is',
    '# what the model returned. Dry run by default; `sh this.sh --apply` writes to sysfs (as root).',
    '# HOTPLUG_FUZZ_SYSFS_ROOT=/some/dir prefixes every path (a fake sysfs tree for testing the script).',
    'set -u',
    'ROOT="${HOTPLUG_FUZZ_SYSFS_ROOT:-}"',
    'APPLY=0',
    '[ "${1:-}" = "--apply" ] && APPLY=1',
    'check() { # bdf vendor device: refuse to touch any other hardware',
    '  [ -e "$ROOT/sys/bus/pci/devices/$1" ] || { echo "refusing: no device $1" >&2; exit 2; }',
    '  [ "$(cat "$ROOT/sys/bus/pci/devices/$1/vendor")" = "0x$2" ] && ' +
      '[ "$(cat "$ROOT/sys/bus/pci/devices/$1/device")" = "0x$3" ] || ' +
      '{ echo "refusing: $1 is not $2:$3" >&2; exit 2; }',
    '}',
    'present() { [ -e "$ROOT/sys/bus/$1/devices/$2" ] || { echo "refusing: no $1 device $2" >&2; exit 2; }; }',
    'w() { # actor path printf-format model-result',
    '  if [ "$APPLY" = 1 ]; then',
    '    if printf -- "$3" > "$ROOT$2" 2>/dev/null; then r=ok; else r=error; fi',
    '    echo "$1: write $2: $r (model: $4)"',
    '  else printf \'%s: would write \'\\\'\'%s\'\\\'\' to %s (model: %s)\\n\' "$1" "$3" "$2" "$4"; fi',
    '}',
    'r() { if [ "$APPLY" = 1 ]; then echo "$1: read $2: $(cat "$ROOT$2" 2>&1)"; else echo "$1: would read $2"; fi; }',
    '# modprobe/rmmod act on the host, never on a fake tree: under HOTPLUG_FUZZ_SYSFS_ROOT they are only shown.',
    'x() { a=$1; shift; if [ "$APPLY" = 1 ] && [ -z "$ROOT" ]; then "$@"; echo "$a: $*: exit $?"; ' +
      'elif [ "$APPLY" = 1 ]; then echo "$a: not run under a fake sysfs root: $*"; ' +
      'else echo "$a: would run $*"; fi; }',
    'manual() { if [ "$APPLY" = 1 ]; then printf "%s: %s, then press Enter " "$1" "$2"; read -r _; else echo "$1: by hand: $2"; fi; }',
    'if [ "$APPLY" = 1 ]; then',
    ...(checks.length ? checks : ['  :']),
    'fi',
    ...actionsOf(x.s, x.r).map((a) => shLine(a, busOfDevice)),
    '',
  ].join('\n');
}

/** QMP commands for hotplug and guest shell commands for the rest, in schedule order (for the real-kernel oracle). */
export function exportQmp(x: ExportInput): string {
  const spec = (bdf: string) => x.r.initial.devSpecs.find((d) => d.bdf === bdf)!;
  const steps = actionsOf(x.s, x.r).map((a) => {
    switch (a.kind) {
      case 'hotplug': {
        const d = spec(a.bdf);
        if (d.bus !== 'pci')
          return { actor: a.actor, note: `a ${d.bus} device, not QEMU's: ${hotplugByHand(d.bus, a.action, a.bdf)}` };
        if (a.action === 'remove') return { actor: a.actor, qmp: qmpDeviceDel(busOf(a.bdf)) };
        const model = qemuModel(d);
        return model
          ? { actor: a.actor, qmp: qmpDeviceAdd(model, busOf(a.bdf)) }
          : {
              actor: a.actor,
              note: `no QEMU model for ${hex4(d.vendor)}:${hex4(d.device)}: add ${a.bdf} by other means`,
            };
      }
      case 'write':
        return { actor: a.actor, guest: `printf -- '${printfFormat(a.value)}' > ${a.path}`, model: a.result };
      case 'read':
        return { actor: a.actor, guest: `cat ${a.path}`, model: a.result };
      case 'modprobe':
        return { actor: a.actor, guest: `modprobe ${a.module}${a.params ? ` ${a.params}` : ''}`, model: a.result };
      case 'rmmod':
        return { actor: a.actor, guest: `rmmod ${a.module}`, model: a.result };
    }
  });
  return (
    JSON.stringify(
      {
        scenario: x.s.name,
        profile: x.profile,
        token: x.token,
        rootPorts:
          'one pcie-root-port per bus: id rp<bus>, e.g. -device pcie-root-port,id=rp2,chassis=2; ' +
          'devices present at start: -device <model>,bus=rp<bus>,id=dev<bus>',
        steps,
      },
      null,
      2,
    ) + '\n'
  );
}

/** Where the exported test finds the user's modules (import specifiers) and which property it guards. */
export interface VitestOptions {
  readonly from: string;
  readonly policy?: string;
  readonly properties?: readonly string[];
  /** The finding's own property (a corpus entry); else every property the schedule violates. */
  readonly property?: string;
}

/** Properties of the outcome set: the test explores again instead of replaying one schedule. */
const OUTCOME_PROPERTIES = new Set(['deterministic', 'no-deadlock']);

/**
 * A vitest regression test: replays the token (or explores, for outcome-set properties) under the same
 * policy and properties and asserts the property holds, so it fails while the bug is there. Null with the
 * reason when no such test can be written.
 */
export function exportVitest(x: ExportInput, o: VitestOptions): { text: string } | { reason: string } {
  const props = o.property !== undefined ? [o.property] : [...new Set(x.violations.map((v) => v.property))];
  if (props.length === 0)
    return {
      reason:
        `this schedule violates no property under ${x.profile}: there is nothing for a regression test to guard ` +
        '(--format sh, qmp or html export it as it is)',
    };
  const pair = props.find((p) => p === 'no-regression' || p === 'kernel-agreement');
  if (pair)
    return {
      reason:
        `a ${pair} finding compares ${pair === 'no-regression' ? 'two profiles' : 'the model with a real kernel'}: ` +
        'no single-policy test guards it (use `hotplug-fuzz corpus check`)',
    };
  const options = [
    `kernel: ${JSON.stringify(x.profile)}`,
    ...(o.policy ? ['policy'] : []),
    ...(o.properties?.length ? ['properties'] : []),
  ].join(', ');
  return {
    text: [
      `// Regression test exported by hotplug-fuzz: ${x.s.name} under ${x.profile}.`,
      `// It fails while the policy still violates ${props.join(', ')}; commit it with the fix.`,
      "import { expect, it } from 'vitest';",
      `import { ${props.some((p) => OUTCOME_PROPERTIES.has(p)) ? 'explore, ' : ''}parseScenario, replay } from '${o.from}';`,
      ...(o.policy ? [`import * as policyModule from ${JSON.stringify(o.policy)};`] : []),
      ...(o.properties ?? []).map((spec, i) => `import * as propertyModule${i} from ${JSON.stringify(spec)};`),
      '',
      `const scenario = parseScenario(${JSON.stringify(x.s.source)}, ${JSON.stringify(`${x.s.name}.json`)});`,
      `const token = ${JSON.stringify(x.token)};`,
      ...(o.policy ? ['const policy = policyModule.default ?? policyModule.policy;'] : []),
      ...(o.properties?.length
        ? [
            `const properties = [${o.properties.map((_, i) => `{ kind: 'execution', ...propertyModule${i}.default }`).join(', ')}];`,
          ]
        : []),
      `const options = { ${options} };`,
      '',
      ...props.map((p) =>
        [
          `it(${JSON.stringify(`${x.s.name} on ${x.profile} keeps ${p}`)}, () => {`,
          OUTCOME_PROPERTIES.has(p)
            ? `  const violations = explore(scenario, options).violations.filter((v) => v.property === ${JSON.stringify(p)});`
            : `  const violations = replay(token, scenario, options).violations.filter((v) => v.property === ${JSON.stringify(p)});`,
          '  expect(violations.map((v) => v.message)).toEqual([]);',
          '});',
        ].join('\n'),
      ),
      '',
    ].join('\n'),
  };
}
