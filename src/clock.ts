/** "Now" comes from one injectable clock, so that tests and demos can set it (DESIGN.md, Time). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date | string): Clock {
  const t = new Date(at).getTime();
  return { now: () => new Date(t) };
}

/** A clock that stands still until moved (tests and demos that need time to pass). */
export interface AdjustableClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): void;
}

export function adjustableClock(at: Date | string): AdjustableClock {
  let t = new Date(at).getTime();
  return {
    now: () => new Date(t),
    set: (to) => {
      t = new Date(to).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
