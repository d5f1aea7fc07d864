// Replay tokens (design §6): "hf1." + base64url(varints): profile, policy, scenario hash, choices.
// Choices are run-length coded: a run of zeros (FIFO decisions) costs one varint.

export interface TokenData {
  readonly profile: string;
  readonly policy: string;
  /** 16 hex digits (scenarioHash). */
  readonly scenario: string;
  /** The scheduler's choice at each decision; trailing zeros are implied. */
  readonly choices: readonly number[];
}

export const TOKEN_PREFIX = 'hf1.';

function pushVarint(out: number[], n: number): void {
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
}

function pushString(out: number[], s: string): void {
  const b = Buffer.from(s, 'utf8');
  pushVarint(out, b.length);
  out.push(...b);
}

export function trimChoices(choices: readonly number[]): number[] {
  let n = choices.length;
  while (n > 0 && choices[n - 1] === 0) n--;
  return choices.slice(0, n);
}

export function encodeToken(t: TokenData): string {
  const out: number[] = [];
  pushString(out, t.profile);
  pushString(out, t.policy);
  out.push(...Buffer.from(t.scenario, 'hex'));
  const c = trimChoices(t.choices);
  for (let i = 0; i < c.length;) {
    if (c[i] === 0) {
      let run = 0;
      while (i < c.length && c[i] === 0) (run++, i++);
      pushVarint(out, run * 2 + 1); // odd: a run of zeros
    } else pushVarint(out, c[i++] * 2); // even: one non-zero choice
  }
  return TOKEN_PREFIX + Buffer.from(out).toString('base64url');
}

class Reader {
  i = 0;
  constructor(readonly b: Buffer) {}
  varint(): number {
    let n = 0;
    let mul = 1;
    for (;;) {
      if (this.i >= this.b.length) throw new Error('truncated');
      const x = this.b[this.i++];
      n += (x & 0x7f) * mul;
      if (x < 0x80) return n;
      mul *= 128;
      if (mul > 2 ** 49) throw new Error('varint too long');
    }
  }
  bytes(n: number): Buffer {
    if (this.i + n > this.b.length) throw new Error('truncated');
    return this.b.subarray(this.i, (this.i += n));
  }
}

/** Decode a token; a string result is what is wrong with it. */
export function decodeToken(token: string): TokenData | string {
  if (!token.startsWith(TOKEN_PREFIX)) return `a replay token starts with "${TOKEN_PREFIX}"`;
  const body = token.slice(TOKEN_PREFIX.length);
  if (!/^[A-Za-z0-9_-]*$/.test(body)) return 'a replay token is base64url after its prefix';
  try {
    const r = new Reader(Buffer.from(body, 'base64url'));
    const profile = r.bytes(r.varint()).toString('utf8');
    const policy = r.bytes(r.varint()).toString('utf8');
    const scenario = r.bytes(8).toString('hex');
    const choices: number[] = [];
    while (r.i < r.b.length) {
      const v = r.varint();
      if (v % 2 === 1) {
        if ((v - 1) / 2 > 1_000_000) return 'malformed token: schedule too long';
        for (let k = 0; k < (v - 1) / 2; k++) choices.push(0);
      } else choices.push(v / 2);
    }
    return { profile, policy, scenario, choices };
  } catch (e) {
    return `malformed token: ${(e as Error).message}`;
  }
}
