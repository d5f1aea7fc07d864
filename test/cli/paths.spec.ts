// Path options are checked before any work: one line `--flag: path: why`, exit 2, nothing run, nothing hangs.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureOutput, io } from './capture.js';
import { main } from '../../src/cli/program.js';
import { checkPath, makeDirs } from '../../src/cli/paths.js';
import { loadScenario, run } from '../../src/index.js';

captureOutput();

const H1 = 'corpus/scenarios/h01-new-id-captures-hot-added-twin.json';
const H6 = 'corpus/scenarios/h06-driverctl-unbind-window.json';
const tmp = (): string => mkdtempSync(join(tmpdir(), 'hf-paths-'));
const oneLine = (): string[] => io.stderr.split('\n').filter((l) => l !== '');

describe('path options', () => {
  it('fuzz --corpus /proc/nope is refused at once (it hung in a recursive mkdir at 100% CPU)', async () => {
    expect(await main(['fuzz', H1, '--runs', '10', '--corpus', '/proc/nope/deeper'])).toBe(2);
    expect(oneLine()).toEqual(['--corpus: /proc/nope/deeper: on a pseudo file system (/proc): not a place for files']);
    expect(io.stdout).toBe('');
  }, 60_000);

  it('fuzz --corpus naming a regular file is exit 2 before the run, not exit 3 with a stack trace after it', async () => {
    const f = join(tmp(), 'findings.json');
    writeFileSync(f, '{}');
    expect(await main(['fuzz', H6, '--seed', '1', '--runs', '300', '--corpus', f])).toBe(2);
    expect(oneLine()).toEqual([`--corpus: ${f}: is not a directory`]);
    expect(io.stdout).toBe(''); // nothing ran: no findings to lose
  }, 60_000);

  it('a folder below a regular file cannot be created', async () => {
    const f = join(tmp(), 'file');
    writeFileSync(f, '');
    expect(await main(['campaign', '-k', '6.1', '--corpus', join(f, 'sub')])).toBe(2);
    expect(oneLine()).toEqual([`--corpus: ${join(f, 'sub')}: ${f} is not a directory`]);
  }, 60_000);

  it.each([
    [
      ['campaign', '--junit', '/sys/junit.xml'],
      '--junit: /sys/junit.xml: on a pseudo file system (/sys): not a place for files',
    ],
    [
      ['matrix', H1, '--html', '/dev/shm-nope/x.html'],
      '--html: /dev/shm-nope/x.html: on a pseudo file system (/dev): not a place for files',
    ],
    [
      ['explore', H1, '--html', '/proc/self/x.html'],
      '--html: /proc/self/x.html: on a pseudo file system (/proc): not a place for files',
    ],
    [
      ['merge', 'corpus', '--out', '/proc/merged'],
      '--out: /proc/merged: on a pseudo file system (/proc): not a place for files',
    ],
    [
      ['replay', 'x.json', '--html', '/sys/r.html'],
      '--html: /sys/r.html: on a pseudo file system (/sys): not a place for files',
    ],
  ])('%j is one line, exit 2', async (args, line) => {
    expect(await main(args)).toBe(2);
    expect(oneLine()).toEqual([line]);
  });

  it('an HTML or JUnit file that is a directory is refused up front', async () => {
    const d = tmp();
    expect(await main(['matrix', H1, '-k', '6.1', '--html', d])).toBe(2);
    expect(oneLine()).toEqual([`--html: ${d}: is a directory, not a file`]);
  }, 60_000);

  it('export --out missing/dir/x.spec.ts makes the folders (it said only ENOENT)', async () => {
    const out = join(tmp(), 'missing', 'dir', 'x.sh');
    const token = run(loadScenario(H6)).token;
    expect(await main(['export', token, '--scenario', H6, '--format', 'sh', '--out', out])).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^#!\/bin\/sh\n/);
  }, 60_000);

  it('fuzz --corpus in folders that do not exist yet makes them and saves there', async () => {
    const dir = join(tmp(), 'a', 'b');
    expect(await main(['fuzz', H6, '--seed', '1', '--runs', '300', '--corpus', dir, '--quiet'])).toBe(1);
    expect(statSync(dir).isDirectory()).toBe(true);
  }, 60_000);
});

describe('input files', () => {
  it.each([
    [['run', '/dev/zero'], '/dev/zero: is not a regular file (a scenario file is)'],
    [['replay', '/dev/zero'], '/dev/zero: is not a regular file (a finding file is)'],
    [['run', H1, '--property', '/dev/zero'], '/dev/zero: is not a regular file (a property module is)'],
    [['run', 'corpus'], 'corpus: is a directory, not a scenario file'],
  ])('%j is refused in one line (/dev/zero was read forever)', async (args, line) => {
    expect(await main(args)).toBe(2);
    expect(oneLine()).toEqual([line]);
  });
});

describe('checkPath / makeDirs', () => {
  it('accepts a folder that exists or can be made, and a file whose folder can; creates nothing', () => {
    const d = tmp();
    expect(() => checkPath('--x', d, 'dir')).not.toThrow();
    expect(() => checkPath('--x', join(d, 'new', 'deeper'), 'dir')).not.toThrow();
    expect(() => checkPath('--x', join(d, 'new', 'f.xml'), 'file')).not.toThrow();
    expect(existsSync(join(d, 'new'))).toBe(false);
  }, 60_000);

  it('makeDirs makes each missing level and refuses a pseudo file system without looping', () => {
    const d = join(tmp(), 'p', 'q', 'r');
    makeDirs(d);
    expect(statSync(d).isDirectory()).toBe(true);
    expect(() => makeDirs('/proc/nope/deeper')).toThrow(/ENOENT|EACCES|EPERM/);
  }, 60_000);
});
