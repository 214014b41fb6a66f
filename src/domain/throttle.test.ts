import { describe, expect, it } from 'vitest';
import { afterFailure, lockRemaining, THROTTLE_RULES, type ThrottleState } from './throttle.ts';

const rule = THROTTLE_RULES.pair;
const at = (minutes: number) => new Date(Date.UTC(2024, 6, 16, 9, 0, 0) + minutes * 60_000);

describe('sign-in throttling', () => {
  it('locks after five failures for a minute, doubling up to fifteen minutes', () => {
    let s: ThrottleState | undefined;
    for (let i = 0; i < 4; i++) s = afterFailure(s, rule, at(0));
    expect(lockRemaining(s, at(0))).toBe(0);
    s = afterFailure(s, rule, at(0));
    expect(lockRemaining(s, at(0))).toBe(60_000);
    s = afterFailure(s, rule, at(1));
    expect(lockRemaining(s, at(1))).toBe(2 * 60_000);
    for (let i = 0; i < 10; i++) s = afterFailure(s, rule, at(2));
    expect(lockRemaining(s, at(2))).toBe(15 * 60_000);
  });

  it('never locks for good: the lock ends by itself and the window starts over', () => {
    let s: ThrottleState | undefined;
    for (let i = 0; i < 30; i++) s = afterFailure(s, rule, at(0));
    expect(lockRemaining(s, at(15))).toBe(0);
    const later = afterFailure(s, rule, at(20));
    expect(later.failures).toBe(1);
    expect(lockRemaining(later, at(20))).toBe(0);
  });
});
