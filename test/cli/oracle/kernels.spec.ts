// Real kernels for `oracle --kernel`: the machine's apt sources read from disk, compressed modules, a vmlinuz
// with its modules tree, the flags' errors, and (opt-in: where Debian's 5.10 and 6.12 are in the oracle's cache,
// or HOTPLUG_FUZZ_FETCH_KERNELS=1 lets apt fetch them) a scenario on each.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { machineSources, imageKernel, debKernel, fetchKernel } from '../../../src/cli/oracle/kernels.js';
import { debianRelease } from '../../../src/oracle/releases.js';
import { readModule } from '../../../src/cli/oracle/initramfs.js';
import { debianMirrors } from '../../../src/oracle/apt-sources.js';
import { main } from '../../../src/cli/program.js';
import { captureOutput, io } from '../capture.js';

captureOutput();
const FIX = join(__dirname, '../../fixtures/apt');
const has = (tool: string): boolean => {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

describe("the machine's apt sources", () => {
  it('reads sources.list, sources.list.d/*.list and *.sources; other files are ignored', () => {
    const deb822 = machineSources(join(FIX, 'etc-deb822'));
    expect(deb822.flatMap((s) => s.uris)).toEqual([
      'http://mirror.example/debian',
      'http://mirror.example/debian-security',
      'https://vendor.example/node_20.x',
    ]);
    expect(debianMirrors(deb822)?.archive.uri).toBe('http://mirror.example/debian');
    const oneLine = machineSources(join(FIX, 'etc-oneline'));
    expect(oneLine.flatMap((s) => s.suites)).toEqual([
      'bullseye',
      'bullseye-updates',
      'bullseye-security',
      'cloud-sdk-bullseye',
    ]);
    expect(machineSources(join(FIX, 'nowhere'))).toEqual([]);
  });
});

describe('compressed modules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hf-ko-'));
  const body = Buffer.from('\x7fELF a module body\n'.repeat(100));
  it('.ko is read as is, .ko.gz through zlib', () => {
    writeFileSync(join(dir, 'a.ko'), body);
    writeFileSync(join(dir, 'a.ko.gz'), gzipSync(body));
    expect(readModule(join(dir, 'a.ko')).equals(body)).toBe(true);
    expect(readModule(join(dir, 'a.ko.gz')).equals(body)).toBe(true);
  });
  for (const [tool, ext] of [
    ['xz', 'xz'],
    ['zstd', 'zst'],
  ] as const) {
    it.skipIf(!has(tool))(`.ko.${ext} is decompressed with ${tool}${has(tool) ? '' : ` (skipped: no ${tool})`}`, () => {
      writeFileSync(join(dir, 'b.ko'), body);
      execFileSync(tool, ['-q', '-k', '-f', join(dir, 'b.ko')]);
      expect(readModule(join(dir, `b.ko.${ext}`)).equals(body)).toBe(true);
    });
  }
  it('a corrupt .ko.xz is a one-line error naming the file', () => {
    writeFileSync(join(dir, 'bad.ko.xz'), 'not xz');
    expect(() => readModule(join(dir, 'bad.ko.xz'))).toThrow(/bad\.ko\.xz: cannot decompress with xz/);
  });
});

describe('a kernel image the user gives', () => {
  const root = mkdtempSync(join(tmpdir(), 'hf-vmlinuz-'));
  mkdirSync(join(root, 'boot'));
  mkdirSync(join(root, 'lib/modules/9.9.9-test/kernel'), { recursive: true });
  writeFileSync(join(root, 'boot/vmlinuz-9.9.9-test'), 'not a bzImage');
  writeFileSync(join(root, 'boot/kernel.img'), 'not a bzImage');

  it('vmlinuz-<release> with lib/modules/<release> in its package root', () => {
    expect(imageKernel(join(root, 'boot/vmlinuz-9.9.9-test'))).toEqual({
      kernel: join(root, 'boot/vmlinuz-9.9.9-test'),
      release: '9.9.9-test',
      modules: join(root, 'lib/modules/9.9.9-test'),
    });
  });
  it('no release in its name or header, no modules tree, no file: one line each', () => {
    expect(() => imageKernel(join(root, 'boot/kernel.img'))).toThrow(
      /kernel\.img: not a bzImage .* not named vmlinuz-<release>/,
    );
    writeFileSync(join(root, 'vmlinuz-8.8.8'), '');
    expect(() => imageKernel(join(root, 'vmlinuz-8.8.8'))).toThrow(/no modules tree for 8\.8\.8 beside it/);
    expect(() => debKernel(join(root, 'missing.deb'))).toThrow(/missing\.deb: no such file/);
  });

  it('--kernel: a series no Debian release ships, or an unknown --profile, is refused before anything runs', async () => {
    expect(await main(['oracle', '--kernel', '4.19', '--facts'])).toBe(2);
    expect(io.stderr).toMatch(/--kernel: no Debian release ships 4\.19 \(5\.10, 6\.1, 6\.12\)/);
    io.stderr = '';
    expect(await main(['oracle', '--kernel', '6.1', '--profile', '9.9', '--facts'])).toBe(2);
    expect(io.stderr).toMatch(/--profile: no profile "9\.9" \(profiles: 3\.15, /);
  });

  const hasQemu =
    existsSync('/usr/bin/qemu-system-x86_64') && (existsSync('/bin/busybox') || existsSync('/usr/bin/busybox'));
  it.skipIf(!hasQemu)(
    `a release that maps to no profile needs --profile${hasQemu ? '' : ' (skipped: no QEMU or busybox)'}`,
    async () => {
      expect(await main(['oracle', '--kernel', join(root, 'boot/vmlinuz-9.9.9-test'), '--facts'])).toBe(2);
      expect(io.stderr).toMatch(/kernel 9\.9\.9-test maps to no profile: name one with --profile \(profiles: /);
    },
  );
});

const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'hotplug-fuzz', 'kernels');
const fetchAllowed = process.env.HOTPLUG_FUZZ_FETCH_KERNELS === '1';
const hasQemu = existsSync('/usr/bin/qemu-system-x86_64');
for (const series of ['5.10', '6.12']) {
  const cached = existsSync(join(cache, series, 'root')) && readdirSync(join(cache, series, 'root')).length > 0;
  const why = !hasQemu
    ? 'no QEMU: scripts/oracle-setup.sh'
    : !cached && !fetchAllowed
      ? `Debian's ${series} is not in ${cache}: run oracle --kernel ${series} once, or set HOTPLUG_FUZZ_FETCH_KERNELS=1`
      : null;
  describe.skipIf(why !== null)(`on Debian's ${series}${why ? ` (skipped: ${why})` : ''}`, () => {
    it('H3 agrees with its profile: remove_id does not undo the capture', async () => {
      const h3 = 'corpus/scenarios/h03-remove-id-does-not-undo-capture.json';
      expect(await main(['oracle', '--kernel', series, h3, '--json'])).toBe(0);
      expect(JSON.parse(io.stdout)).toMatchObject({ traces: 1, agree: 1 });
    }, 300_000);
  });
}

describe('fetching a Debian kernel', () => {
  const hasApt = has('apt-get');
  it('no Debian mirror in the apt sources: one line, before apt runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hf-fetch-'));
    expect(() => fetchKernel(debianRelease('5.10')!, dir, join(FIX, 'nowhere'))).toThrow(
      /^oracle: --kernel: no Debian mirror in .*nowhere\/sources\.list\{,\.d\}/,
    );
  });
  it.skipIf(!hasApt)(
    `an unreachable mirror: apt's own error in one line, nothing unpacked${hasApt ? '' : ' (skipped: no apt-get)'}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'hf-fetch-'));
      expect(() => fetchKernel(debianRelease('5.10')!, dir, join(FIX, 'etc-unreachable'))).toThrow(
        /^oracle: --kernel: apt found no linux-image-amd64 for bullseye \((W|E|Err):.*127\.0\.0\.1/,
      );
      expect(readFileSync(join(dir, 'apt/sources.list'), 'utf8')).toBe('deb http://127.0.0.1:9/debian bullseye main\n');
      expect(existsSync(join(dir, 'root'))).toBe(false);
    },
    60_000,
  );
});
