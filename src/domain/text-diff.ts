/**
 * A word-level difference of two texts, for showing what an amendment (or a resubmission) changed.
 * Longest common subsequence over words and the spaces between them; beyond a size where that
 * costs too much, the whole text is shown as replaced.
 */

export interface DiffSegment {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** Above this many word pairs the diff is not worth its memory: one replacement instead. */
const MAX_CELLS = 4_000_000;

function tokens(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

function push(out: DiffSegment[], kind: DiffSegment['kind'], text: string) {
  const last = out.at(-1);
  if (last && last.kind === kind) last.text += text;
  else out.push({ kind, text });
}

export function diffWords(before: string, after: string): DiffSegment[] {
  if (before === after) return before ? [{ kind: 'same', text: before }] : [];
  const a = tokens(before);
  const b = tokens(after);
  // Common head and tail cost nothing and shrink the table.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const out: DiffSegment[] = [];
  if (head) push(out, 'same', a.slice(0, head).join(''));
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  if ((x.length + 1) * (y.length + 1) > MAX_CELLS) {
    if (x.length) push(out, 'removed', x.join(''));
    if (y.length) push(out, 'added', y.join(''));
  } else {
    const n = x.length;
    const m = y.length;
    const lcs = new Uint32Array((n + 1) * (m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * (m + 1) + j] = x[i] === y[j] ? lcs[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (x[i] === y[j]) {
        push(out, 'same', x[i]!);
        i++;
        j++;
      } else if (lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!) push(out, 'removed', x[i++]!);
      else push(out, 'added', y[j++]!);
    }
    while (i < n) push(out, 'removed', x[i++]!);
    while (j < m) push(out, 'added', y[j++]!);
  }
  if (tail) push(out, 'same', a.slice(a.length - tail).join(''));
  return out;
}
