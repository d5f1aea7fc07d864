// A QEMU guest running the real kernel: commands over the serial console, hotplug over QMP.
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { OracleEnv } from './environment.js';
import { qemuArgs, qemuProgram } from './qemu-args.js';
import type { GuestDevice } from '../../oracle/plan.js';
import { firstOopsLine } from '../../oracle/crash.js';

export type { GuestDevice };

/** The guest went away mid-run (QEMU exited: a panic, or init killed by an oops) or stopped answering. */
export class GuestCrash extends Error {
  constructor(
    message: string,
    /** What crashed it: the console's first oops or panic line, else what was seen ("QEMU exited", no answer). */
    readonly why: string,
  ) {
    super(message);
  }
}

/** How much of the console a guest keeps for finding an oops (the newest part). */
const LOG_LIMIT = 1 << 16;

export class Guest {
  private buf = '';
  /** The console since the last snapshot restore, for oops lines (buf loses what commands answered). */
  private log = '';
  private waiters: (() => void)[] = [];
  private qmp: Socket | null = null;
  private qmpBuf = '';
  private constructor(
    private readonly q: ChildProcessWithoutNullStreams,
    private readonly dir: string,
  ) {
    q.stdout.on('data', (d: Buffer) => this.feed(d.toString()));
    q.on('exit', () => this.feed('\n@@EXITED\n'));
  }

  private feed(s: string): void {
    this.buf += s;
    this.log = (this.log + s).slice(-LOG_LIMIT);
    for (const w of this.waiters.splice(0)) w();
  }

  /**
   * Boots a guest, once more if the first one dies before it is ready: under load a TCG guest with intel-iommu
   * sometimes panics at early boot (apic_intr_mode_init -> dmar_fault), which says nothing about the model.
   * The deadline is generous: on a 2-core machine at load 20, a TCG boot took over 2 minutes.
   */
  static async boot(
    env: OracleEnv,
    initrd: Buffer,
    devices: readonly GuestDevice[],
    iommu = false,
    snapshots = false,
    timeoutMs = 300_000,
  ): Promise<{ guest: Guest; release: string }> {
    try {
      return await Guest.bootOnce(env, initrd, devices, iommu, snapshots, timeoutMs);
    } catch (e) {
      if (!(e instanceof Error && e.message.startsWith('the guest exited'))) throw e;
      return await Guest.bootOnce(env, initrd, devices, iommu, snapshots, timeoutMs);
    }
  }

  private static async bootOnce(
    env: OracleEnv,
    initrd: Buffer,
    devices: readonly GuestDevice[],
    iommu: boolean,
    snapshots: boolean,
    timeoutMs: number,
  ): Promise<{ guest: Guest; release: string }> {
    // With the oracle's Debian 13 root (SR-IOV), QEMU runs chrooted: its files live in a folder inside the root.
    const dir = mkdtempSync(join(env.chroot ? join(env.chroot, 'tmp') : tmpdir(), 'hf-oracle-'));
    const inner = env.chroot ? dir.slice(env.chroot.length) : dir;
    writeFileSync(join(dir, 'initrd.gz'), initrd);
    if (env.chroot) copyFileSync(env.kernel, join(dir, 'vmlinuz'));
    if (snapshots) {
      const create = ['create', '-q', '-f', 'qcow2', `${inner}/snap.qcow2`, '64M'];
      const img = qemuProgram(env.chroot, env.chroot ? '/usr/bin/qemu-img' : 'qemu-img', create);
      execFileSync(img.file, img.args);
    }
    const kernel = env.chroot ? `${inner}/vmlinuz` : env.kernel;
    const q = qemuProgram(env.chroot, env.qemu, qemuArgs({ dir: inner, kernel, devices, iommu, snapshots }));
    const g = new Guest(spawn(q.file, q.args), dir);
    // The line's end too: under load the release can arrive in two reads ("6.1.0-56", then "-amd64").
    try {
      const ready = await g.waitFor(/@@READY (\S+)\r?\n/, timeoutMs);
      return { guest: g, release: /@@READY (\S+)\r?\n/.exec(ready)![1] };
    } catch (e) {
      g.close();
      throw e;
    }
  }

  private async waitFor(re: RegExp, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = re.exec(this.buf);
      if (m) {
        const out = this.buf.slice(0, m.index + m[0].length);
        this.buf = this.buf.slice(m.index + m[0].length);
        return out;
      }
      if (this.buf.includes('@@EXITED')) throw this.exited();
      if (Date.now() > deadline)
        throw new GuestCrash(
          `the guest did not answer within ${timeoutMs} ms`,
          this.oops() ?? `no answer within ${timeoutMs} ms`,
        );
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }

  /** QEMU is gone (a panic with panic=-1 and -no-reboot, or init killed): what the console said last. */
  private exited(): GuestCrash {
    return new GuestCrash(`the guest exited: ${this.buf.slice(-300)}`, this.oops() ?? 'QEMU exited');
  }

  /** The console's first oops or panic line since the last snapshot restore, or null (the kernel is fine). */
  oops(): string | null {
    return firstOopsLine(this.log);
  }

  /** Runs one shell command line; its output (without the echo of the command) and exit status. */
  async sh(cmd: string, timeoutMs = 30_000): Promise<{ out: string; status: number }> {
    this.q.stdin.write(`${cmd}\n`);
    const text = await this.waitFor(/@@DONE (\d+)\r?\n/, timeoutMs);
    const status = Number(/@@DONE (\d+)/.exec(text)![1]);
    return {
      out: text
        .slice(0, text.lastIndexOf('@@DONE'))
        .split(/\r?\n/)
        .filter((l) => l.trim() !== '' && l.trim() !== cmd.trim())
        .join('\n'),
      status,
    };
  }

  /** A QMP command (qmp_capabilities is sent first, once). */
  async command(execute: string, args: object): Promise<string> {
    if (this.qmp === null) {
      const sock = connect(join(this.dir, 'qmp.sock'));
      sock.on('data', (d: Buffer) => {
        this.qmpBuf += d.toString();
        for (const w of this.waiters.splice(0)) w();
      });
      this.qmp = sock;
      await this.qmpReply(/"QMP"/);
      sock.write(JSON.stringify({ execute: 'qmp_capabilities' }) + '\n');
      await this.qmpReply(/"return"/);
    }
    this.qmp.write(JSON.stringify({ execute, arguments: args }) + '\n');
    return this.qmpReply(/"(return|error)"[^\n]*\n/);
  }

  private async qmpReply(re: RegExp): Promise<string> {
    for (let i = 0; i < 300; i++) {
      const m = re.exec(this.qmpBuf);
      if (m) {
        const line = this.qmpBuf.slice(0, m.index + m[0].length);
        this.qmpBuf = this.qmpBuf.slice(m.index + m[0].length);
        return line;
      }
      if (this.buf.includes('@@EXITED')) throw this.exited();
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('QMP did not answer');
  }

  /** savevm / loadvm through the human monitor. */
  async snapshot(op: 'savevm' | 'loadvm', name: string): Promise<void> {
    const r = await this.command('human-monitor-command', { 'command-line': `${op} ${name}` });
    if (/error/i.test(r) && !/"return": ""/.test(r)) throw new Error(`${op} failed: ${r.trim()}`);
    this.buf = '';
    this.log = '';
  }

  close(): void {
    this.qmp?.destroy();
    this.q.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
