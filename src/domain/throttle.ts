/**
 * Sign-in throttling. Failures are counted per key in a window; past a limit the key is locked
 * for a time that doubles with each further failure, up to a cap — so an attacker slows an
 * account down but can never lock it for good, and a lock always ends by itself.
 */
export interface ThrottleRule {
  maxFailures: number;
  windowMs: number;
  baseLockMs: number;
  maxLockMs: number;
}

export interface ThrottleState {
  failures: number;
  windowStart: string;
  lockedUntil: string | null;
}

const MINUTE = 60_000;

export const THROTTLE_RULES = {
  /** One account from one address: a person mistyping, or a guesser. */
  pair: { maxFailures: 5, windowMs: 15 * MINUTE, baseLockMs: MINUTE, maxLockMs: 15 * MINUTE },
  /** One account from anywhere: spraying from many addresses. Known addresses are spared. */
  account: { maxFailures: 20, windowMs: 15 * MINUTE, baseLockMs: MINUTE, maxLockMs: 15 * MINUTE },
  /** One address against any account. */
  ip: { maxFailures: 50, windowMs: 15 * MINUTE, baseLockMs: 5 * MINUTE, maxLockMs: 60 * MINUTE },
} as const satisfies Record<string, ThrottleRule>;

/** Milliseconds until the key may try again; 0 when it may try now. */
export function lockRemaining(state: ThrottleState | undefined, now: Date): number {
  if (!state?.lockedUntil) return 0;
  return Math.max(0, new Date(state.lockedUntil).getTime() - now.getTime());
}

/** The state after one more failure. */
export function afterFailure(state: ThrottleState | undefined, rule: ThrottleRule, now: Date): ThrottleState {
  const t = now.getTime();
  const fresh = !state || t - new Date(state.windowStart).getTime() > rule.windowMs;
  const failures = fresh ? 1 : state.failures + 1;
  const windowStart = fresh ? now.toISOString() : state.windowStart;
  let lockedUntil: string | null = null;
  if (failures >= rule.maxFailures) {
    const lockMs = Math.min(rule.baseLockMs * 2 ** (failures - rule.maxFailures), rule.maxLockMs);
    lockedUntil = new Date(t + lockMs).toISOString();
  }
  return { failures, windowStart, lockedUntil };
}
