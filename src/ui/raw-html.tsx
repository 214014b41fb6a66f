/**
 * The one place markup not built by Preact reaches a page (decision 0036): SVG charts drawn on the
 * server by Observable Plot, whose text linkedom escapes. The brand makes a plain string
 * impossible to pass by mistake, and `trustedSvg` refuses anything that could run: a script
 * element, an event attribute, a `javascript:` address, foreign HTML inside the SVG.
 */

declare const trusted: unique symbol;
export type TrustedHtml = string & { readonly [trusted]: true };

const UNSAFE = /<\s*script|<\s*foreignObject|\son[a-z]+\s*=|javascript:|<\s*iframe|<\s*style/i;

export function trustedSvg(svg: string): TrustedHtml {
  if (!/^<svg[\s>]/.test(svg) || !svg.endsWith('</svg>') || UNSAFE.test(svg)) throw new Error('trustedSvg: not a plain SVG');
  return svg as TrustedHtml;
}

export function RawHtml(props: { html: TrustedHtml; class?: string }) {
  return <div class={props.class} dangerouslySetInnerHTML={{ __html: props.html }} />;
}
