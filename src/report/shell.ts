// Shell words for the commands we hand to a shell: the exporter's POSIX script and the oracle's guest commands.

/** A single-quoted shell word: exactly `s`, whatever it holds. */
export const shq = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`;

/**
 * The inside of a single-quoted word that makes `printf -- '…'` (style `printf`) or busybox `echo -n -e '…'`
 * (style `echo`) write exactly the bytes of `v`: `\` escaped, `'` closed and reopened, control and non-ASCII
 * bytes as octal escapes (`\NNN` for printf, `\0NNN` for echo -e), and for printf `%` doubled.
 */
export function shellBytes(v: string, style: 'printf' | 'echo'): string {
  let out = '';
  for (const ch of Buffer.from(v, 'utf8')) {
    if (ch === 0x25 && style === 'printf') out += '%%';
    else if (ch === 0x5c) out += '\\\\';
    else if (ch === 0x27) out += "'\\''";
    else if (ch < 0x20 || ch >= 0x7f) out += `\\${style === 'echo' ? '0' : ''}${ch.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(ch);
  }
  return out;
}
