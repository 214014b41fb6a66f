import type { ComponentChildren } from 'preact';
import { normaliseForSearch } from '../domain/text.ts';

/**
 * Plain text as typed: blank-line paragraphs as <p> elements, a single line break as <br>;
 * everything is escaped by Preact.
 */
export function Paragraphs(props: { text: string; highlight?: string; class?: string }) {
  const paragraphs = props.text.split(/\r?\n\s*\n/).filter((p) => p.trim() !== '');
  return (
    <>
      {paragraphs.map((p) => (
        <p class={props.class}>
          {p
            .replace(/^\s*\n|\n\s*$/g, '')
            .split(/\r?\n/)
            .map((line, i) => (
              <>
                {i > 0 && <br />}
                {props.highlight ? <Highlighted text={line} query={props.highlight} /> : line}
              </>
            ))}
        </p>
      ))}
    </>
  );
}

/** Marks each occurrence of a search query in a text (case-insensitive, Ukrainian rules). */
export function Highlighted(props: { text: string; query: string }): ComponentChildren {
  const query = normaliseForSearch(props.query);
  if (!query) return props.text;
  const lower = props.text.toLocaleLowerCase('uk').replace(/['’ʼ`ʻ‘′]/g, "'");
  if (lower.length !== props.text.length) return props.text;
  const parts: ComponentChildren[] = [];
  let from = 0;
  for (let at = lower.indexOf(query); at !== -1; at = lower.indexOf(query, from)) {
    if (at > from) parts.push(props.text.slice(from, at));
    parts.push(<mark>{props.text.slice(at, at + query.length)}</mark>);
    from = at + query.length;
  }
  if (from < props.text.length) parts.push(props.text.slice(from));
  return <>{parts}</>;
}
