import type { Translator } from '../i18n/index.ts';
import { diffWords } from '../domain/text-diff.ts';
import { Paragraphs } from './text.tsx';

/** Words marked where little changed; the two texts one under the other where most did. */
export function TextDiff(props: { tr: Translator; before: string; after: string }) {
  const segments = diffWords(props.before, props.after);
  const same = segments.filter((s) => s.kind === 'same').reduce((n, s) => n + s.text.trim().length, 0);
  if (same < 0.5 * Math.max(props.before.length, props.after.length)) {
    return (
      <div class="diff diff--rewritten">
        <p class="caption">{props.tr.t('amendment.diff.was')}</p>
        <del class="diff-block">
          <Paragraphs text={props.before} />
        </del>
        <p class="caption">{props.tr.t('amendment.diff.now')}</p>
        <ins class="diff-block">
          <Paragraphs text={props.after} />
        </ins>
      </div>
    );
  }
  return <p class="diff">{segments.map((s) => (s.kind === 'same' ? s.text : s.kind === 'added' ? <ins>{s.text}</ins> : <del>{s.text}</del>))}</p>;
}

