import { describe, expect, it } from 'vitest';
import { deadlineInstant, isByDeadline, localDateOf, startOfLocalDay, zoneOffsetMs } from './time.ts';
import { periodContaining, DEFAULT_SCHEDULE } from './periods.ts';

describe('deadline instants in Europe/Kyiv', () => {
  it('ends a winter day at 22:00 UTC (UTC+2)', () => {
    expect(deadlineInstant('2025-01-15').toISOString()).toBe('2025-01-15T22:00:00.000Z');
  });

  it('ends a summer day at 21:00 UTC (UTC+3)', () => {
    expect(deadlineInstant('2024-07-15').toISOString()).toBe('2024-07-15T21:00:00.000Z');
  });

  it('is right on both sides of the spring change (31.03.2024, 03:00 → 04:00)', () => {
    expect(deadlineInstant('2024-03-30').toISOString()).toBe('2024-03-30T22:00:00.000Z');
    // The day of the change ends on summer time.
    expect(deadlineInstant('2024-03-31').toISOString()).toBe('2024-03-31T21:00:00.000Z');
    expect(startOfLocalDay('2024-03-31').toISOString()).toBe('2024-03-30T22:00:00.000Z');
  });

  it('is right on both sides of the autumn change (27.10.2024, 04:00 → 03:00)', () => {
    expect(deadlineInstant('2024-10-26').toISOString()).toBe('2024-10-26T21:00:00.000Z');
    expect(deadlineInstant('2024-10-27').toISOString()).toBe('2024-10-27T22:00:00.000Z');
    // 25 hours long.
    expect(deadlineInstant('2024-10-27').getTime() - startOfLocalDay('2024-10-27').getTime()).toBe(25 * 3600_000);
  });

  it('counts 23:59:59 Kyiv time as in time and midnight as late', () => {
    expect(isByDeadline(new Date('2024-07-15T20:59:59.999Z'), '2024-07-15')).toBe(true);
    expect(isByDeadline(new Date('2024-07-15T21:00:00.000Z'), '2024-07-15')).toBe(false);
  });

  it('agrees with the period computation', () => {
    const h2 = periodContaining('2024-12-01', DEFAULT_SCHEDULE);
    expect(h2.executorDeadline.instant).toBe('2025-01-15T22:00:00.000Z');
  });

  it('finds the local date of an instant', () => {
    expect(localDateOf(new Date('2024-07-15T21:30:00Z'))).toBe('2024-07-16');
    expect(localDateOf(new Date('2024-07-15T20:30:00Z'))).toBe('2024-07-15');
    expect(zoneOffsetMs(new Date('2024-01-01T00:00:00Z'), 'Europe/Kyiv')).toBe(2 * 3600_000);
  });
});

describe('zone offsets, kept per quarter of an hour', () => {
  const asked = (instant: Date, timeZone: string) => {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(instant).map((p) => [p.type, p.value]));
    return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)) - Math.floor(instant.getTime() / 1000) * 1000;
  };

  it('are those Intl gives, minute by minute across both of Kyiv’s clock changes and a half-hour zone’s', () => {
    const checks: [string, string][] = [
      ['2024-03-31T00:00:00Z', 'Europe/Kyiv'],
      ['2024-10-27T00:00:00Z', 'Europe/Kyiv'],
      ['2024-04-06T15:00:00Z', 'Australia/Adelaide'],
    ];
    for (const [from, zone] of checks) {
      for (let m = 0; m < 180; m++) {
        const at = new Date(Date.parse(from) + m * 60_000 + 17_321);
        expect(zoneOffsetMs(at, zone), `${zone} ${at.toISOString()}`).toBe(asked(at, zone));
      }
    }
  });
});
