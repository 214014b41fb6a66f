import type { ComponentChildren } from 'preact';

/**
 * The box a table wider than the screen scrolls in: a named region that takes the keyboard focus
 * (so it can be scrolled without a mouse), with shadows at the edges that have more to show
 * (public/styles.css, `.table-scroll`).
 */
export function ScrollBox(props: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" aria-label={props.label} tabIndex={0}>
      {props.children}
    </div>
  );
}
