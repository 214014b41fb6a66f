import { describe, expect, it } from 'vitest';
import { parseStatedMeasures, statedMeasuresOf } from './snapshot-summary.ts';

describe('the measures a submission gave a state to', () => {
  it('lists them once, in order, leaving out those without a state', () => {
    const snapshot = JSON.stringify({ entries: [{ measureId: 15, state: 'done' }, { measureId: 3, state: null }, { measureId: 12, state: 'not_done' }, { measureId: 15, state: 'done' }, { measureId: 'x', state: 'done' }] });
    expect(statedMeasuresOf(snapshot)).toBe('12,15');
    expect([...parseStatedMeasures('12,15')]).toEqual([12, 15]);
  });

  it('is empty for no entries, and for a snapshot that is not JSON', () => {
    expect(statedMeasuresOf(JSON.stringify({ entries: [] }))).toBe('');
    expect(statedMeasuresOf('{')).toBe('');
    expect(parseStatedMeasures('').size).toBe(0);
  });
});
