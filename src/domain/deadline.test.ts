import { describe, expect, it } from 'vitest';
import { parseDeadline } from './deadline.ts';

const start = '2023-09-04';

describe('parseDeadline', () => {
  it('reads a range of years', () => {
    expect(parseDeadline('2023-2025', start)).toEqual({ from: '2023-01-01', to: '2025-12-31', permanent: false });
    expect(parseDeadline('<p>2023–2025 роки</p>', start)).toEqual({ from: '2023-01-01', to: '2025-12-31', permanent: false });
  });

  it('runs "До 2025 року" from the plan start', () => {
    expect(parseDeadline('До 2025 року', start)).toEqual({ from: '2023-09-04', to: '2025-12-31', permanent: false });
    expect(parseDeadline('до кінця 2024 р.', start)).toEqual({ from: '2023-09-04', to: '2024-12-31', permanent: false });
  });

  it('reads "Постійно" as permanent', () => {
    expect(parseDeadline('Постійно', start)).toEqual({ from: null, to: null, permanent: true });
    expect(parseDeadline(' постійно. ', start)).toEqual({ from: null, to: null, permanent: true });
  });

  it('reads single years and dates', () => {
    expect(parseDeadline('2024 рік', start)).toEqual({ from: '2024-01-01', to: '2024-12-31', permanent: false });
    expect(parseDeadline('До 31.03.2024', start)).toEqual({ from: '2023-09-04', to: '2024-03-31', permanent: false });
  });

  it('reads the phrasings of later orders: dates in words, quarters and half-years, "протягом"', () => {
    const plan = '2026-01-01';
    expect(parseDeadline('до 31 грудня 2030 року', plan)).toEqual({ from: '2026-01-01', to: '2030-12-31', permanent: false });
    expect(parseDeadline('31 березня 2027 р.', plan)).toEqual({ from: '2026-01-01', to: '2027-03-31', permanent: false });
    expect(parseDeadline('До 31.12.2030 року', plan)).toEqual({ from: '2026-01-01', to: '2030-12-31', permanent: false });
    expect(parseDeadline('IV квартал 2027 року', plan)).toEqual({ from: '2027-10-01', to: '2027-12-31', permanent: false });
    expect(parseDeadline('протягом II кварталу 2026 року', plan)).toEqual({ from: '2026-04-01', to: '2026-06-30', permanent: false });
    expect(parseDeadline('I півріччя 2026 р.', plan)).toEqual({ from: '2026-01-01', to: '2026-06-30', permanent: false });
    expect(parseDeadline('Протягом 2026-2030 років', plan)).toEqual({ from: '2026-01-01', to: '2030-12-31', permanent: false });
    expect(parseDeadline('III півріччя 2026', plan)).toBeNull();
    expect(parseDeadline('до 30 лютого 2027 року', plan)).toBeNull();
  });

  it('returns null for what it does not know', () => {
    expect(parseDeadline('', start)).toBeNull();
    expect(parseDeadline('коли буде змога', start)).toBeNull();
    expect(parseDeadline('2025-2023', start)).toBeNull();
    expect(parseDeadline('До 31.02.2024', start)).toBeNull();
  });
});
