import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffWords } from './text-diff.ts';

const side = (segments: ReturnType<typeof diffWords>, kind: 'removed' | 'added') => segments.filter((s) => s.kind !== kind).map((s) => s.text).join('');

describe('word differences', () => {
  it('marks the words an amendment changed', () => {
    const d = diffWords('Проведення інформаційної кампанії до 2025 року', 'Проведення інформаційно-просвітницької кампанії до 2030 року');
    expect(d).toEqual([
      { kind: 'same', text: 'Проведення ' },
      { kind: 'removed', text: 'інформаційної' },
      { kind: 'added', text: 'інформаційно-просвітницької' },
      { kind: 'same', text: ' кампанії до ' },
      { kind: 'removed', text: '2025' },
      { kind: 'added', text: '2030' },
      { kind: 'same', text: ' року' },
    ]);
  });

  it('gives back both texts exactly, whatever they are', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), (a, b) => {
        const d = diffWords(a, b);
        expect(side(d, 'added')).toBe(a);
        expect(side(d, 'removed')).toBe(b);
      }),
    );
  });

  it('shows a huge rewrite as one replacement instead of exhausting memory', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' ');
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(' ');
    const d = diffWords(a, b);
    expect(d.map((s) => s.kind)).toEqual(['removed', 'added']);
    expect(diffWords('', '')).toEqual([]);
    expect(diffWords('та сама', 'та сама')).toEqual([{ kind: 'same', text: 'та сама' }]);
  });
});
