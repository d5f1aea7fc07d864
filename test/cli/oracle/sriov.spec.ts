// Real SR-IOV in the oracle: the machine's Debian mirror read from apt's sources (both formats), QEMU's command line
// (igb, chroot), the generated SR-IOV traces and which scenarios the guest can run; and, where
// scripts/oracle-sriov-setup.sh has made the Debian 13 QEMU, a few SR-IOV traces on the real kernel.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { debianMirror, parseDeb822, parseOneLine } from '../../../src/oracle/apt-sources.js';
import { machineMirror, machineSources } from '../../../src/cli/oracle/kernels.js';
import { qemuArgs, qemuProgram } from '../../../src/cli/oracle/qemu-args.js';
import { findSriovEnv, sriovRoot } from '../../../src/cli/oracle/sriov-env.js';
import { plan } from '../../../src/cli/oracle/differential.js';
import { oracleSriovTraces, SRIOV_PF, SRIOV_VFS } from '../../../src/campaign/oracle-sriov-traces.js';
import { parseScenario } from '../../../src/scenario/load.js';
import { findDriver } from '../../../src/model/catalogue/index.js';
import { runScenario } from '../../../src/exec/run.js';
import { findProfile } from '../../../src/profiles/index.js';
import { UserError } from '../../../src/util/errors.js';
import { main } from '../../../src/cli/program.js';
import { captureOutput, io } from '../capture.js';

captureOutput();

const ONE_LINE = `# deb cdrom:[Debian GNU/Linux 12]/ bookworm main
deb http://security.example.org/debian-security bookworm-security main
deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://mirror.example.org/debian/ bookworm main contrib
deb-src http://mirror.example.org/debian bookworm main
`;

const DEB822 = `Types: deb
URIs: http://disabled.example.org/debian
Suites: bookworm
Components: main
Enabled: no

Types: deb
# a snapshot, commented out
URIs: http://security.example.net/debian-security
Suites: bookworm-security
Components: main

Types: deb deb-src
URIs: http://mirror.example.net/debian
Suites: bookworm
 bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
`;

describe("the machine's Debian mirror (apt sources)", () => {
  it('one-line sources.list: options in brackets, comments, the security archive and deb-src passed over', () => {
    const s = parseOneLine(ONE_LINE);
    expect(s.map((x) => [x.types, x.uris, x.suites])).toEqual([
      [['deb'], ['http://security.example.org/debian-security'], ['bookworm-security']],
      [['deb'], ['http://mirror.example.org/debian/'], ['bookworm']],
    ]);
    expect(debianMirror(s)).toBe('http://mirror.example.org/debian');
  });

  it('deb822 .sources: Enabled: no skipped, folded Suites, both types of one stanza', () => {
    const s = parseDeb822(DEB822);
    expect(s.map((x) => [x.types.join(' '), x.uris[0], x.suites.join(' ')])).toEqual([
      ['deb', 'http://security.example.net/debian-security', 'bookworm-security'],
      ['deb deb-src', 'http://mirror.example.net/debian', 'bookworm bookworm-updates'],
    ]);
    expect(debianMirror(s)).toBe('http://mirror.example.net/debian');
    expect(
      debianMirror(parseOneLine('deb cdrom:/media/cdrom/ bookworm main\ndeb http://m.example/debian stable main\n')),
    ).toBe('http://m.example/debian');
  });

  it('reads sources.list then sources.list.d/*.list and *.sources in order; none is a one-line error', () => {
    const etc = mkdtempSync(join(tmpdir(), 'hf-apt-'));
    mkdirSync(join(etc, 'sources.list.d'));
    writeFileSync(join(etc, 'sources.list.d', 'debian.sources'), DEB822);
    writeFileSync(join(etc, 'sources.list.d', 'other.list.disabled'), ONE_LINE);
    expect(machineSources(etc).map((s) => s.uris[0])).toEqual([
      'http://security.example.net/debian-security',
      'http://mirror.example.net/debian',
    ]);
    expect(machineMirror(etc)).toBe('http://mirror.example.net/debian');
    writeFileSync(join(etc, 'sources.list'), ONE_LINE);
    expect(machineMirror(etc)).toBe('http://mirror.example.org/debian');
    const empty = mkdtempSync(join(tmpdir(), 'hf-apt-'));
    expect(() => machineMirror(empty)).toThrow(UserError);
    expect(() => machineMirror(empty)).toThrow(/sources\.list: no Debian archive source/);
    for (const d of [etc, empty]) rmSync(d, { recursive: true });
  });

  it("the setup script's entry point (dist/, npm run build) prints the mirror, or the one-line error with exit 2", () => {
    const etc = mkdtempSync(join(tmpdir(), 'hf-apt-'));
    writeFileSync(join(etc, 'sources.list'), ONE_LINE);
    const run = (dir: string) =>
      spawnSync(process.execPath, ['dist/src/cli/oracle/apt-mirror-main.js', dir], { encoding: 'utf8' });
    const ok = run(etc);
    expect([ok.status, ok.stdout]).toEqual([0, 'http://mirror.example.org/debian\n']);
    const bad = run(join(etc, 'nowhere'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/nowhere\/sources\.list: no Debian archive source/);
    rmSync(etc, { recursive: true });
  });
});

describe("QEMU's command line", () => {
  it('igb on its root port like any NIC; the chrooted QEMU sees the folder inside its root', () => {
    const args = qemuArgs({
      dir: '/tmp/hf-oracle-x',
      kernel: '/tmp/hf-oracle-x/vmlinuz',
      devices: [
        { port: 1, model: 'igb', present: true },
        { port: 2, model: 'e1000e', present: true },
      ],
      iommu: true,
      snapshots: true,
    });
    const devices = args.filter((_, i) => args[i - 1] === '-device');
    expect(devices).toEqual([
      'intel-iommu,intremap=on',
      'pcie-root-port,id=rp1,chassis=1,slot=1',
      'pcie-root-port,id=rp2,chassis=2,slot=2',
      'pcie-root-port,id=rp3,chassis=3,slot=3',
      'igb,bus=rp1,id=dev1,romfile=',
      'e1000e,bus=rp2,id=dev2,romfile=',
    ]);
    expect(args).toContain('unix:/tmp/hf-oracle-x/qmp.sock,server=on,wait=off');
    expect(args).toContain('if=none,id=snap,format=qcow2,file=/tmp/hf-oracle-x/snap.qcow2');
    expect(args[args.indexOf('-kernel') + 1]).toBe('/tmp/hf-oracle-x/vmlinuz');
    expect(qemuProgram('/c/root', '/usr/bin/qemu-system-x86_64', ['-M', 'q35'])).toEqual({
      file: 'chroot',
      args: ['/c/root', '/usr/bin/qemu-system-x86_64', '-M', 'q35'],
    });
    expect(qemuProgram(undefined, '/usr/bin/qemu-system-x86_64', ['-M'])).toEqual({
      file: '/usr/bin/qemu-system-x86_64',
      args: ['-M'],
    });
  });

  it('the SR-IOV root is under HOTPLUG_FUZZ_CACHE; without its QEMU there is no SR-IOV environment', () => {
    expect(sriovRoot({ HOTPLUG_FUZZ_CACHE: '/c' })).toBe('/c/sriov/trixie-root');
    const base = { qemu: 'q', kernel: 'k', release: 'r', modules: 'm', busybox: 'b' };
    const root = mkdtempSync(join(tmpdir(), 'hf-root-'));
    expect(findSriovEnv(base, root)).toBeNull();
    mkdirSync(join(root, 'usr/bin'), { recursive: true });
    for (const f of ['qemu-system-x86_64', 'qemu-img']) writeFileSync(join(root, 'usr/bin', f), '');
    expect(findSriovEnv(base, root)).toEqual({ ...base, qemu: '/usr/bin/qemu-system-x86_64', chroot: root });
    rmSync(root, { recursive: true });
  });
});

const parse = (t: Record<string, unknown>) =>
  parseScenario(JSON.stringify(t), `${t.name as string}.json`, (n) => findDriver(n) !== undefined);

describe('generated SR-IOV traces', () => {
  const traces = oracleSriovTraces('t', 300).map(parse);

  it('are reproducible from their seed, and run only where QEMU has igb (the reason names the setup script)', () => {
    expect(oracleSriovTraces('a', 5)).toEqual(oracleSriovTraces('a', 5));
    expect(oracleSriovTraces('a', 5)).not.toEqual(oracleSriovTraces('b', 5));
    for (const s of traces) {
      expect(plan(s, true)).toMatchObject({ devices: [{ model: 'igb' }, { model: 'e1000e' }], iommu: true });
      expect(plan(s, false)).toEqual({
        reason: `${SRIOV_PF}: SR-IOV needs QEMU 8.0+ (igb): scripts/oracle-sriov-setup.sh, then oracle --sriov`,
      });
    }
  });

  it('exercise VFs in the model: created, bound to igbvf and vfio-pci, refused past totalvfs and when changing a count', () => {
    const runs = traces.map((s) => runScenario(s, findProfile('6.1')!));
    const withVfs = runs.filter((r) => SRIOV_VFS.some((vf) => vf in r.bindings));
    expect(withVfs.length).toBeGreaterThan(traces.length / 5);
    const results = (re: RegExp) => runs.flatMap((r) => r.ops.filter((o) => re.test(o.op)).map((o) => o.result));
    const numvfs = new Set(results(/sriov_numvfs/));
    for (const e of ['ok', '-EBUSY', '-ERANGE', '-ENOENT']) expect(numvfs).toContain(e);
    const ends = runs.flatMap((r) => SRIOV_VFS.map((vf) => r.bindings[vf]).filter((d) => d !== undefined));
    for (const d of ['igbvf', 'vfio-pci', null]) expect(ends).toContain(d);
    expect(results(/sriov_drivers_autoprobe/)).toContain('ok');
    expect(results(/01:1[01]\.\d\/driver_override/).length).toBeGreaterThan(20);
  });

  it('a corpus scenario with SR-IOV other than igb names what QEMU emulates', () => {
    const s = parse({
      scenario: 1,
      name: 'ixgbe',
      drivers: ['vfio-pci'],
      devices: [
        {
          bdf: '0000:01:00.0',
          vendor: '8086',
          device: '10fb',
          class: '020000',
          sriov: { total_vfs: 4, vf_device: '10ed', vf_offset: 128, vf_stride: 2 },
        },
      ],
      actors: [],
    });
    expect(plan(s, true)).toEqual({
      reason: "0000:01:00.0: SR-IOV is emulated only as QEMU's igb (8086:10c9, 8 VFs 8086:10ca, offset 0x80, stride 2)",
    });
  });
});

const hasSriov =
  existsSync(join(sriovRoot(), 'usr/bin/qemu-system-x86_64')) &&
  existsSync('/boot') &&
  readdirSync('/boot').some((f) => f.startsWith('vmlinuz-'));
describe.skipIf(!hasSriov)(
  `SR-IOV on the real kernel${hasSriov ? '' : ' (skipped: no Debian 13 QEMU; scripts/oracle-sriov-setup.sh makes it)'}`,
  () => {
    it('a few generated SR-IOV traces agree with the model', async () => {
      const out = mkdtempSync(join(tmpdir(), 'hf-sriov-'));
      const code = await main(['oracle', '--generate', '3', '--seed', 'ci', '--sriov', '--json', '--out', out]);
      const r = JSON.parse(io.stdout) as { traces: number; agree: number };
      rmSync(out, { recursive: true });
      expect(r.traces).toBe(3);
      expect(r.agree).toBe(3);
      expect(code).toBe(0);
    }, 300_000);
  },
);
