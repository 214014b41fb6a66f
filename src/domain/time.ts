import { addDays, parseLocalDate, localDate, type LocalDate } from './dates.ts';

/**
 * Instants of local dates in a time zone. Deadlines are stored as local dates and turned into
 * instants only here, so that a change of Ukraine's clock rules never corrupts stored data.
 */

export const DEFAULT_TIME_ZONE = 'Europe/Kyiv';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const QUARTER_HOUR = 15 * 60_000;
const offsets = new Map<string, number>();

/**
 * Offset of the zone from UTC at an instant, in milliseconds (Kyiv: +2 h in winter, +3 h in summer).
 * Kept per zone and quarter of an hour (zones change their offsets on quarter hours): asking Intl
 * was a few per cent of a page's time.
 */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const key = `${timeZone}\u0000${Math.floor(instant.getTime() / QUARTER_HOUR)}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const offset = zoneOffsetAsked(instant, timeZone);
  if (offsets.size >= 50_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

function zoneOffsetAsked(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return asUtc - wholeSeconds;
}

/** The instant a local day begins (00:00 local time) in the zone. */
export function startOfLocalDay(date: LocalDate, timeZone: string = DEFAULT_TIME_ZONE): Date {
  const { year, month, day } = parseLocalDate(date);
  const naive = Date.UTC(year, month - 1, day);
  let instant = naive - zoneOffsetMs(new Date(naive), timeZone);
  // The offset at the guess may differ from the offset at the answer near a clock change.
  const corrected = naive - zoneOffsetMs(new Date(instant), timeZone);
  if (corrected !== instant) instant = corrected;
  return new Date(instant);
}

/**
 * A deadline's instant: the end of that local day, as the first instant after it. Something
 * done strictly before this instant was done by the deadline.
 */
export function deadlineInstant(date: LocalDate, timeZone: string = DEFAULT_TIME_ZONE): Date {
  return startOfLocalDay(addDays(date, 1), timeZone);
}

export function isByDeadline(at: Date, deadline: LocalDate, timeZone: string = DEFAULT_TIME_ZONE): boolean {
  return at.getTime() < deadlineInstant(deadline, timeZone).getTime();
}

/** The local date an instant falls on in the zone. */
export function localDateOf(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): LocalDate {
  const shifted = new Date(instant.getTime() + zoneOffsetMs(instant, timeZone));
  return localDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}
