import ical from 'ical-generator';
import { addDays, type LocalDate } from '../../domain/dates.ts';
import type { Feed } from './service.ts';

/**
 * The feed as an iCalendar file (RFC 5545), written by ical-generator: all-day events
 * (`VALUE=DATE`, with an exclusive end the next day, as Outlook wants), stable UIDs, TEXT values
 * escaped by the library. The calendar's name is a TEXT value too, but the library does not
 * escape it, so it is kept to characters that need no escaping.
 */

const midnightUtc = (date: LocalDate) => new Date(`${date}T00:00:00.000Z`);

export function renderIcs(feed: Feed, now: Date): string {
  const calendar = ical({
    prodId: { company: 'Zvit', product: 'Zvit', language: 'UK' },
    name: feed.name.replace(/[\\;,\r\n]+/g, ' '),
    // Calendar programs that honour it look again every hour.
    ttl: 60 * 60,
  });
  for (const e of feed.events) {
    calendar.createEvent({
      id: e.uid,
      start: midnightUtc(e.date),
      end: midnightUtc(addDays(e.date, 1)),
      allDay: true,
      stamp: now,
      summary: e.summary,
      description: e.description,
      url: e.url,
      // An UNTIL of a DATE-valued DTSTART must be a DATE as well (RFC 5545, 3.3.10).
      ...(e.yearlyUntil ? { repeating: `FREQ=YEARLY;UNTIL=${e.yearlyUntil.replaceAll('-', '')}` } : {}),
    });
  }
  return calendar.toString();
}
