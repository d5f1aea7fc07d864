import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, syntaxError } from '../../src/scenario/json.js';

const valid = (t: string): boolean => {
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
};

describe('syntaxError', () => {
  it('agrees with JSON.parse on what is valid', () => {
    const text = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v, null, 1) ?? 'null'),
      fc.string(),
      // valid JSON with one character dropped or inserted: the interesting near misses
      fc
        .tuple(
          fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
          fc.nat(),
          fc.constantFrom('', ',', '"', '}', ']', '\n', '\\', "'"),
        )
        .map(([t, i, c]) => {
          const k = t.length === 0 ? 0 : i % t.length;
          return t.slice(0, k) + c + t.slice(k + (c === '' ? 1 : 0));
        }),
    );
    fc.assert(
      fc.property(text, (t) => (syntaxError(t) === null) === valid(t)),
      { numRuns: 2000 },
    );
  });

  it('points at the first bad character', () => {
    expect(syntaxError('{"a": [1, 2,]}')).toEqual({ at: 12, what: 'unexpected "]"' });
    expect(syntaxError('{"a": "x\ny"}')).toMatchObject({ at: 8 });
    expect(syntaxError('{"a": "\\q"}')).toEqual({ at: 7, what: 'bad escape in a string' });
    expect(syntaxError('{"a" 1}')).toEqual({ at: 5, what: 'expected ":" after a field name' });
    expect(syntaxError('{} x')).toEqual({ at: 3, what: 'unexpected text after the end of the JSON value' });
  });

  it('survives nesting far deeper than the call stack', () => {
    expect(syntaxError('['.repeat(200_000))).toEqual({ at: 200_000, what: 'unexpected end of input' });
  });
});

describe('canonicalJson', () => {
  it('sorts keys recursively and parses back to an equal value', () => {
    expect(canonicalJson({ b: [{ d: 1, c: null }], a: 'x' })).toBe('{"a":"x","b":[{"c":null,"d":1}]}');
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });
});
