// Real kernels for the oracle, the pure parts: the apt source list derived from the machine's sources, module
// dependencies from modinfo output, a kernel's release, and which profile a release is compared against.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  debianMirrors,
  kernelPackage,
  parseDeb822,
  parseOneLine,
  sourceListFor,
} from '../../src/oracle/apt-sources.js';
import {
  compressionOf,
  moduleClosure,
  moduleName,
  modulesDep,
  parseDepends,
  plainKo,
} from '../../src/oracle/modules.js';
import { bzImageRelease, chooseProfile, debianRelease, profileForRelease } from '../../src/oracle/releases.js';
import { ORACLE_MODULES } from '../../src/oracle/plan.js';
import { PROFILES } from '../../src/profiles/index.js';

const FIX = join(__dirname, '../fixtures');
const fixture = (p: string): string => readFileSync(join(FIX, p), 'utf8');

describe('apt sources', () => {
  it('deb822: the Debian archive and security entries, other vendors ignored; suites renamed per release', () => {
    const sources = [
      ...parseDeb822(fixture('apt/etc-deb822/sources.list.d/debian.sources')),
      ...parseDeb822(fixture('apt/etc-deb822/sources.list.d/vendor.sources')),
    ];
    expect(sources).toHaveLength(3);
    expect(sources[0]).toEqual({
      types: ['deb'],
      uris: ['http://mirror.example/debian'],
      suites: ['bookworm', 'bookworm-updates'],
      components: ['main'],
      signedBy: '/usr/share/keyrings/debian-archive-keyring.gpg',
    });
    const m = debianMirrors(sources)!;
    expect(sourceListFor(debianRelease('5.10')!, m)).toBe(
      'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://mirror.example/debian bullseye main\n' +
        'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://mirror.example/debian-security bullseye-security main\n',
    );
    expect(sourceListFor(debianRelease('6.12')!, m)).toMatch(
      /debian trixie main\n.*debian-security trixie-security main\n$/,
    );
  });

  it('one-line: options in brackets, deb-src and comments skipped, the first archive entry wins', () => {
    const sources = [
      ...parseOneLine(fixture('apt/etc-oneline/sources.list')),
      ...parseOneLine(fixture('apt/etc-oneline/sources.list.d/cloud.list')),
    ];
    expect(sources.map((s) => s.types[0])).toEqual(['deb', 'deb', 'deb', 'deb']);
    expect(sources[0]).toMatchObject({
      uris: ['http://ftp.example/debian/'],
      components: ['main', 'contrib', 'non-free'],
      signedBy: '/etc/apt/keyrings/debian.gpg',
    });
    expect(sourceListFor(debianRelease('6.12')!, debianMirrors(sources)!)).toBe(
      'deb [signed-by=/etc/apt/keyrings/debian.gpg] http://ftp.example/debian/ trixie main\n' +
        'deb http://security.example/debian-security trixie-security main\n',
    );
  });

  it('no Debian archive (only a vendor repository, or a disabled entry) gives no mirror', () => {
    expect(debianMirrors(parseDeb822(fixture('apt/etc-deb822/sources.list.d/vendor.sources')))).toBeNull();
    expect(
      debianMirrors(parseDeb822('Types: deb\nURIs: http://x/debian\nSuites: trixie\nComponents: main\nEnabled: no\n')),
    ).toBeNull();
    expect(debianMirrors(parseOneLine('deb-src http://x/debian trixie main\n'))).toBeNull();
  });

  it("linux-image-amd64's dependency is the real kernel package", () => {
    expect(kernelPackage(fixture('apt/apt-cache-depends.txt'))).toBe('linux-image-6.12.117+deb13-amd64');
    expect(kernelPackage('linux-image-amd64\n')).toBeNull();
  });
});

/** A fixture of `modinfo -F depends` output: "<file>: <output>" per line. */
function modinfoFixture(name: string): Map<string, string> {
  return new Map(
    fixture(`modinfo/${name}.txt`)
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)] as const),
  );
}

describe('modules', () => {
  it('5.10: e1000e needs ptp and pps_core; vfio-pci has no vfio-pci-core; modules.dep lists dependencies transitively', () => {
    const info = modinfoFixture('5.10.0-46-amd64');
    const set = moduleClosure(ORACLE_MODULES, [...info.keys()], (f) => parseDepends(info.get(f)!));
    expect(set.missing).toEqual(['igb', 'igbvf']); // the fixture's modinfo listing predates the SR-IOV modules
    expect(set.files).toContain('kernel/drivers/pps/pps_core.ko');
    expect(set.files.some((f) => f.includes('vfio-pci-core'))).toBe(false);
    const dep = modulesDep(set);
    // busybox modprobe loads a line from its end: pps_core, then ptp, then e1000e.
    expect(dep).toContain(
      'kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko: kernel/drivers/ptp/ptp.ko kernel/drivers/pps/pps_core.ko\n',
    );
    expect(dep).toContain('kernel/drivers/pci/pci-stub.ko:\n');
  });

  it('6.12: .ko.xz files become plain .ko in modules.dep; vfio-pci pulls vfio-pci-core, vfio and irqbypass', () => {
    const info = modinfoFixture('6.12.117+deb13-amd64');
    const set = moduleClosure(ORACLE_MODULES, [...info.keys()], (f) => parseDepends(info.get(f)!));
    const line = modulesDep(set)
      .split('\n')
      .find((l) => l.startsWith('kernel/drivers/vfio/pci/vfio-pci.ko:'))!;
    const deps = line.split(': ')[1].split(' ');
    expect(new Set(deps)).toEqual(
      new Set([
        'kernel/drivers/vfio/pci/vfio-pci-core.ko',
        'kernel/drivers/vfio/vfio.ko',
        'kernel/virt/lib/irqbypass.ko',
      ]),
    );
    // Each module comes before what it needs: vfio-pci-core (needs vfio, irqbypass) before both.
    expect(deps.indexOf('kernel/drivers/vfio/pci/vfio-pci-core.ko')).toBeLessThan(
      deps.indexOf('kernel/drivers/vfio/vfio.ko'),
    );
    expect(modulesDep(set)).not.toMatch(/\.xz/);
  });

  it('a module the tree lacks is reported, not guessed', () => {
    const set = moduleClosure(['e1000e', 'vfio-pci'], ['kernel/e1000e.ko.zst'], (f) =>
      f.includes('e1000e') ? ['ptp'] : [],
    );
    expect(set.files).toEqual(['kernel/e1000e.ko.zst']);
    expect(set.missing).toEqual(['ptp', 'vfio-pci']);
  });

  it('names and compression: - and _ alike, .ko .ko.xz .ko.zst .ko.gz', () => {
    expect(moduleName('kernel/drivers/vfio/pci/vfio-pci.ko.xz')).toBe('vfio_pci');
    expect(['a.ko', 'a.ko.xz', 'a.ko.zst', 'a.ko.gz', 'a.txt'].map(compressionOf)).toEqual([
      'none',
      'xz',
      'zst',
      'gz',
      null,
    ]);
    expect(plainKo('kernel/x/pci-stub.ko.zst')).toBe('kernel/x/pci-stub.ko');
    expect(parseDepends('vfio-pci-core,vfio\n')).toEqual(['vfio_pci_core', 'vfio']);
    expect(parseDepends('\n')).toEqual([]);
  });
});

describe('releases and profiles', () => {
  it("each Debian release's kernel maps to its profile; another series to none", () => {
    expect(profileForRelease('5.10.0-46-amd64')).toBe('5.10');
    expect(profileForRelease('6.1.0-56-amd64')).toBe('6.1');
    expect(profileForRelease('6.12.117+deb13-amd64')).toBe(debianRelease('6.12')!.profile);
    expect(profileForRelease('6.10.3-amd64')).toBeNull();
    expect(profileForRelease('4.19.0-27-amd64')).toBeNull();
    expect(profileForRelease('custom')).toBeNull();
    for (const r of ['5.10', '6.1', '6.12'])
      expect(PROFILES.some((p) => p.name === debianRelease(r)!.profile)).toBe(true);
  });

  it('--profile: a named profile wins; an unknown one, or a release with none, is an error listing the profiles', () => {
    expect(chooseProfile('6.10.3-amd64', '5.15')).toEqual({ profile: '5.15' });
    expect(chooseProfile('6.1.0-56-amd64', undefined)).toEqual({ profile: '6.1' });
    const none = chooseProfile('6.10.3-amd64', undefined);
    expect(none).toEqual({
      error: expect.stringMatching(
        /^kernel 6\.10\.3-amd64 maps to no profile: name one with --profile \(profiles: 3\.15, 3\.16, /,
      ),
    });
    expect(chooseProfile('6.1.0-56-amd64', '9.9')).toEqual({
      error: expect.stringMatching(/^no profile "9\.9" \(profiles: .*6\.1, /),
    });
  });

  it("a bzImage's release comes from its setup header", () => {
    const img = new Uint8Array(0x400);
    img.set(
      [...'HdrS'].map((c) => c.charCodeAt(0)),
      0x202,
    );
    img[0x20e] = 0x00;
    img[0x20f] = 0x01; // kernel_version = 0x100, the string at 0x300
    img.set(
      [...'6.12.117+deb13-amd64 (debian-kernel@lists.debian.org) #1 SMP'].map((c) => c.charCodeAt(0)),
      0x300,
    );
    expect(bzImageRelease(img)).toBe('6.12.117+deb13-amd64');
    expect(bzImageRelease(new Uint8Array(0x400))).toBeNull();
    expect(bzImageRelease(new Uint8Array(16))).toBeNull();
  });
});
