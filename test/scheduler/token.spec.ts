import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { decodeToken, encodeToken, trimChoices } from '../../src/scheduler/token.js';

describe('replay tokens', () => {
  it('round-trips profile, policy, scenario hash and choices (trailing FIFO choices implied)', () => {
    const t = {
      profile: '6.1',
      policy: 'mainline',
      scenario: '0123456789abcdef',
      choices: [0, 0, 2, 1, 0, 0, 0, 3, 0, 0],
    };
    const s = encodeToken(t);
    expect(s.startsWith('hf1.')).toBe(true);
    expect(decodeToken(s)).toEqual({ ...t, choices: [0, 0, 2, 1, 0, 0, 0, 3] });
  });

  test.prop([fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), fc.array(fc.nat(50), { maxLength: 300 })])(
    'decode(encode(x)) = x for any schedule',
    (profile, policy, choices) => {
      const t = { profile, policy, scenario: 'fedcba9876543210', choices };
      expect(decodeToken(encodeToken(t))).toEqual({ ...t, choices: trimChoices(choices) });
    },
  );

  it('a schedule of 2000 decisions with 100 non-FIFO choices stays under 1 KB', () => {
    const choices = Array.from({ length: 2000 }, (_, i) => (i % 20 === 7 ? 3 : 0));
    expect(
      encodeToken({ profile: 'rfc-09of11-rev', policy: 'mainline', scenario: '00'.repeat(8), choices }).length,
    ).toBeLessThan(1024);
  });

  it.each([
    ['', 'starts with'],
    ['hf2.AAAA', 'starts with'],
    ['hf1.!!', 'base64url'],
    ['hf1.', 'malformed'],
    ['hf1.BTYuMQ', 'malformed'],
  ])('refuses %j with a message (%s)', (tok, msg) => {
    expect(decodeToken(tok)).toMatch(new RegExp(msg));
  });
});
