// A newc cpio archive (the initramfs format), written here so the oracle needs no cpio binary.
import { gzipSync } from 'node:zlib';

export interface CpioEntry {
  readonly path: string;
  /** File contents; omitted for a directory. */
  readonly data?: Buffer;
  readonly mode: number;
}

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

function header(ino: number, mode: number, size: number, name: string): Buffer {
  const fields = [
    '070701',
    hex8(ino),
    hex8(mode),
    hex8(0),
    hex8(0),
    hex8(1),
    hex8(0),
    hex8(size),
    hex8(0),
    hex8(0),
    hex8(0),
    hex8(0),
    hex8(name.length + 1),
    hex8(0),
  ];
  return Buffer.from(fields.join(''), 'ascii');
}

const pad4 = (n: number): Buffer => Buffer.alloc((4 - (n % 4)) % 4);

/** The archive, gzip-compressed, with the trailer. */
export function cpioGz(entries: readonly CpioEntry[]): Buffer {
  const parts: Buffer[] = [];
  [...entries, { path: 'TRAILER!!!', mode: 0 }].forEach((e, i) => {
    const data = e.data ?? Buffer.alloc(0);
    const h = header(i + 1, e.mode, data.length, e.path);
    const name = Buffer.from(`${e.path}\0`, 'ascii');
    parts.push(h, name, pad4(h.length + name.length), data, pad4(data.length));
  });
  return gzipSync(Buffer.concat(parts), { level: 1 });
}
