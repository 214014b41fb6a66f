import type { PeriodKind } from '../periods.ts';

/**
 * The reporting schedule an order's own items set: "Виконавцям … інформувати Департамент …
 * щокварталу до 5 числа місяця, наступного за звітним кварталом", "щопівроку до 15 числа",
 * "щороку до 20 січня". Proposed as the plan's schedule, with the sentence it came from.
 */
export interface ScheduleReading {
  /** Quarters or half-years; null for a frequency plans are not reported by (a year, a month). */
  periodKind: PeriodKind | null;
  frequency: 'month' | 'quarter' | 'half_year' | 'year';
  /** The executors' day of the month after the period (for a year: of the month named). */
  executorDueDay: number | null;
  /** The month a yearly report is due (1–12), else null. */
  executorDueMonth: number | null;
  /** The coordinator's day, when the same item sets one ("… та інформування … до 20 числа"). */
  consolidationDueDay: number | null;
  sentence: string;
}

const FREQUENCY: [RegExp, ScheduleReading['frequency']][] = [
  [/щокварталу|щоквартально|раз на квартал|кожного кварталу/u, 'quarter'],
  [/щопівроку|щопіврічно|раз на півроку|раз на пів року|кожного півріччя/u, 'half_year'],
  [/щороку|щорічно|раз на рік/u, 'year'],
  [/щомісяця|щомісячно/u, 'month'],
];
const MONTHS = ['січня', 'лютого', 'березня', 'квітня', 'травня', 'червня', 'липня', 'серпня', 'вересня', 'жовтня', 'листопада', 'грудня'];
const DAY = new RegExp(`до\\s+(\\d{1,2})(?:-?го)?\\s+(числа|${MONTHS.join('|')})`, 'giu');
const REPORTING = /інформ|звіт|подава|поданн|надава|надсила/u;

export function readSchedule(preamble: readonly string[]): ScheduleReading | null {
  // Lines broken anywhere (text copied from a PDF viewer): rejoined, then cut into sentences.
  const sentences = preamble
    .join(' ')
    .split(/(?<=[.;])\s+(?=\d{1,2}\.\s|\p{Lu})/u)
    .filter((x) => x.length < 5000);
  for (const paragraph of sentences) {
    const text = paragraph.replace(/\s+/g, ' ').trim();
    const lower = text.toLocaleLowerCase('uk');
    if (!REPORTING.test(lower)) continue;
    const f = FREQUENCY.find(([re]) => re.test(lower));
    if (!f) continue;
    const days = [...lower.matchAll(DAY)];
    if (days.length === 0) continue;
    const [first, second] = days;
    const month = first![2] === 'числа' ? null : MONTHS.indexOf(first![2]!) + 1;
    const frequency = f[1];
    return {
      periodKind: frequency === 'quarter' || frequency === 'half_year' ? frequency : null,
      frequency,
      executorDueDay: Number(first![1]),
      executorDueMonth: month,
      consolidationDueDay: second && second[2] === 'числа' ? Number(second[1]) : null,
      sentence: text.length > 600 ? `${text.slice(0, 600)}…` : text,
    };
  }
  return null;
}
