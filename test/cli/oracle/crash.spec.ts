// A guest that crashes mid-trace (an oops kills init, the kernel panics, QEMU exits): the trace is a disagreement
// ("guest crashed at op N: <first oops line>") saved as a corpus entry, the guest is restarted and the next trace runs.
// The guest here is a fake QEMU: a script that speaks the guest's serial protocol (@@READY, @@DONE) and QMP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oracleTraces } from '../../../src/campaign/oracle-traces.js';
import { parseScenario } from '../../../src/scenario/load.js';
import { findDriver } from '../../../src/model/catalogue/index.js';
import { SnapshotOracle } from '../../../src/cli/oracle/differential.js';
import { runTraces } from '../../../src/cli/oracle/run-traces.js';
import type { OracleEnv } from '../../../src/cli/oracle/environment.js';
import { crashMessage, firstOopsLine } from '../../../src/oracle/crash.js';
import { readEntry } from '../../../src/cli/corpus.js';
import { main } from '../../../src/cli/program.js';
import { captureOutput, io } from '../capture.js';

captureOutput();

// Answers every command with @@DONE 0; a command containing $HF_FAKE_CRASH prints an oops and a panic, then exits
// (panic=-1 and -no-reboot: QEMU ends). Each boot appends a line to $HF_FAKE_BOOTS.
const FAKE_QEMU = `#!/usr/bin/env node
const net = require('node:net');
const fs = require('node:fs');
const qmp = process.argv.find((a) => a.startsWith('unix:')).slice(5).split(',')[0];
fs.appendFileSync(process.env.HF_FAKE_BOOTS, 'boot\\n');
net.createServer((c) => {
  c.write('{"QMP": {}}\\n');
  c.on('data', (d) => { for (const l of d.toString().split('\\n')) if (l.trim()) c.write('{"return": ""}\\n'); });
}).listen(qmp, () => process.stdout.write('@@READY 6.1.0-fake\\n'));
let buf = '';
process.stdin.on('data', (d) => {
  buf += d.toString();
  let i;
  while ((i = buf.indexOf('\\n')) >= 0) {
    const line = buf.slice(0, i);
    buf = buf.slice(i + 1);
    if (line.includes(process.env.HF_FAKE_CRASH)) {
      process.stdout.write('[   12.345678] BUG: kernel NULL pointer dereference, address: 0000000000000008\\n');
      process.stdout.write('[   12.345699] Oops: 0000 [#1] PREEMPT SMP NOPTI\\n');
      process.stdout.write('[   12.400000] Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000009\\n');
      process.exit(0);
    }
    process.stdout.write('@@DONE 0\\n');
  }
});
`;

const parse = (t: Record<string, unknown>) =>
  parseScenario(JSON.stringify(t), `${t.name as string}.json`, (x) => findDriver(x) !== undefined);

describe('firstOopsLine', () => {
  it('is the first oops or panic line without its timestamp; a WARN or a clean console is none', () => {
    expect(firstOopsLine('ok\n[    3.1] e1000e: probe\r\n[    4.2] Oops: 0002 [#1] SMP\n[ 4.3] BUG: x\n')).toBe(
      'Oops: 0002 [#1] SMP',
    );
    expect(firstOopsLine('Kernel panic - not syncing: Attempted to kill init!')).toBe(
      'Kernel panic - not syncing: Attempted to kill init!',
    );
    expect(firstOopsLine('[ 1.0] WARNING: CPU: 0 PID: 1 at drivers/base/dd.c:123 x\n@@DONE 0\n')).toBeNull();
    expect(crashMessage(3, 'Oops: x')).toBe('guest crashed at op 3: Oops: x');
    expect(crashMessage(0, 'QEMU exited')).toBe('guest crashed before op 1 (setting up the world): QEMU exited');
  });
});

describe('a guest that crashes mid-run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hf-fakeqemu-'));
  const saved = { PATH: process.env.PATH, boots: process.env.HF_FAKE_BOOTS, crash: process.env.HF_FAKE_CRASH };
  const env: OracleEnv = {
    qemu: join(dir, 'qemu-system-x86_64'),
    busybox: '/bin/true',
    kernel: join(dir, 'vmlinuz'),
    release: '6.1.0-fake',
    modules: join(dir, 'modules'),
  };
  beforeAll(() => {
    writeFileSync(env.qemu, FAKE_QEMU);
    chmodSync(env.qemu, 0o755);
    writeFileSync(join(dir, 'qemu-img'), '#!/bin/sh\nexit 0\n'); // the snapshot image: nothing to create
    chmodSync(join(dir, 'qemu-img'), 0o755);
    process.env.PATH = `${dir}:${process.env.PATH ?? ''}`;
    process.env.HF_FAKE_BOOTS = join(dir, 'boots');
    process.env.HF_FAKE_CRASH = '/sys/bus/pci/drivers/e1000e/bind';
  });
  afterAll(() => {
    for (const [k, v] of [
      ['PATH', saved.PATH],
      ['HF_FAKE_BOOTS', saved.boots],
      ['HF_FAKE_CRASH', saved.crash],
    ] as const)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });

  it('is a disagreement saved as an entry ("guest crashed at op N: …"); a new guest runs the next trace', async () => {
    // oracle-1-118's first op binds e1000e (the fake crashes there); oracle-1-0 never writes that file.
    const traces = oracleTraces('1', 119).map(parse);
    const [crashing, next] = [traces[118], traces[0]];
    const out = join(dir, 'corpus');
    const snap = await SnapshotOracle.start(env, Buffer.from('initrd'));
    let r: Awaited<ReturnType<typeof runTraces>>;
    try {
      r = await runTraces([crashing, next, crashing], (s) => snap.run(s, '6.1'), {
        release: env.release,
        profile: '6.1',
        out,
        seed: '1',
        json: false,
      });
    } finally {
      snap.close();
    }
    const why = 'BUG: kernel NULL pointer dereference, address: 0000000000000008';
    const [v0, v1, v2] = r.verdicts;
    expect(v0).toMatchObject({ supported: true, agree: false, kernel: { ops: [], bindings: {} } });
    expect(v0.supported && v0.kernel.crash).toBe(`guest crashed at op 1: ${why}`);
    // The next trace ran to its end on a fresh guest: every unit answered, no crash.
    expect(v1.supported && v1.kernel.crash).toBeUndefined();
    expect(v1.supported && v1.kernel.ops.length).toBe(v1.supported && v1.model.ops.length);
    expect(v2.supported && v2.kernel.crash).toBe(`guest crashed at op 1: ${why}`);
    expect(snap.boots).toBe(3);
    expect(readFileSync(join(dir, 'boots'), 'utf8')).toBe('boot\nboot\nboot\n');
    expect(io.stdout).toMatch(new RegExp(`^DISAGREE oracle-1-118 .*\\n {2}guest crashed at op 1: ${why}$`, 'm'));

    // One entry for the crash (the same crash twice is one entry), holding the kernel's side up to the crash.
    const crashes = readdirSync(out)
      .map((f) => join(out, f))
      .filter((f) => readEntry(f).message.startsWith('guest crashed'));
    expect(crashes).toHaveLength(1);
    const e = readEntry(crashes[0]);
    expect(e).toMatchObject({ property: 'kernel-agreement', message: `guest crashed at op 1: ${why}` });
    expect(e.kernel).toMatchObject({ release: '6.1.0-fake', ops: [], crash: `guest crashed at op 1: ${why}` });
    // replay: the model does not crash, so the disagreement stands (exit 1), the crash shown.
    io.stdout = '';
    expect(await main(['replay', crashes[0]])).toBe(1);
    expect(io.stdout).toContain(`guest crashed at op 1: ${why}`);
    expect(io.stdout).toContain('verdict: still failing');
  });
});
