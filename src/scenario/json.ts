// JSON text in and out: syntax errors with a line and column, and the canonical form a scenario is hashed by.
import { UserError } from '../util/errors.js';

/** Keys sorted recursively: the scenario's identity does not depend on formatting or key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** JSON.parse, with syntax errors as one `file: message` line that says where. */
export function parseJson(text: string, file: string): unknown {
  const t = text.startsWith('\uFEFF') ? text.slice(1) : text; // editors on Windows write a BOM
  if (t.trim() === '') throw new UserError(file, '', 'empty file (expected a JSON scenario)');
  try {
    return JSON.parse(t);
  } catch (e) {
    // V8's messages give a position only for some errors ("Unexpected token" has none): find it ourselves.
    const bad = syntaxError(t);
    if (bad === null) throw new UserError(file, '', `not valid JSON: ${(e as Error).message}`);
    const before = t.slice(0, bad.at);
    const line = before.split('\n').length;
    const column = bad.at - before.lastIndexOf('\n');
    throw new UserError(file, '', `not valid JSON at line ${line}, column ${column}: ${bad.what}`);
  }
}

interface Bad {
  readonly at: number;
  readonly what: string;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/** End of the string literal starting at `i`, or where it goes wrong. */
function scanString(t: string, i: number): number | Bad {
  for (let j = i + 1; j < t.length;) {
    const c = t.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (c < 0x20) return { at: j, what: 'control character in a string (write it as an escape, e.g. \\n or \\u0000)' };
    if (c !== 0x5c) {
      j++;
      continue;
    }
    ESCAPE.lastIndex = j;
    if (!ESCAPE.test(t)) return { at: j, what: 'bad escape in a string' };
    j = ESCAPE.lastIndex;
  }
  return { at: t.length, what: 'unterminated string' };
}

/** End of the scalar (string, number, literal) starting at `i`, or where it goes wrong. */
function scanScalar(t: string, i: number): number | Bad {
  const c = t[i];
  if (c === '"') return scanString(t, i);
  for (const word of ['true', 'false', 'null']) if (t.startsWith(word, i)) return i + word.length;
  NUMBER.lastIndex = i;
  if (NUMBER.test(t)) return NUMBER.lastIndex;
  return { at: i, what: `unexpected ${JSON.stringify(c)}${c === "'" ? ' (JSON strings take double quotes)' : ''}` };
}

/**
 * The first syntax error of `t` (RFC 8259 grammar), or null when it is valid.
 * Iterative with an explicit stack, so deeply nested garbage cannot overflow the call stack.
 */
export function syntaxError(t: string): Bad | null {
  const stack: string[] = [];
  let i = 0;
  let state: 'value' | 'key' | 'after' = 'value';
  const ws = (): void => {
    while (i < t.length && ' \t\n\r'.includes(t[i])) i++;
  };
  for (;;) {
    ws();
    if (i >= t.length && (state !== 'after' || stack.length > 0)) return { at: i, what: 'unexpected end of input' };
    if (state === 'value') {
      if (t[i] === '{' || t[i] === '[') {
        stack.push(t[i] === '{' ? '}' : ']');
        i++;
        ws();
        if (t[i] === stack[stack.length - 1]) {
          stack.pop();
          i++;
          state = 'after';
        } else state = stack[stack.length - 1] === '}' ? 'key' : 'value';
        continue;
      }
      const end = scanScalar(t, i);
      if (typeof end !== 'number') return end;
      i = end;
      state = 'after';
    } else if (state === 'key') {
      if (t[i] !== '"') return { at: i, what: 'expected a double-quoted field name' };
      const end = scanString(t, i);
      if (typeof end !== 'number') return end;
      i = end;
      ws();
      if (t[i] !== ':') return { at: i, what: 'expected ":" after a field name' };
      i++;
      state = 'value';
    } else {
      const close = stack[stack.length - 1];
      if (close === undefined)
        return i < t.length ? { at: i, what: 'unexpected text after the end of the JSON value' } : null;
      if (t[i] === close) {
        stack.pop();
        i++;
      } else if (t[i] === ',') {
        i++;
        state = close === '}' ? 'key' : 'value';
      } else return { at: i, what: `expected "," or "${close}"` };
    }
  }
}
