/**
 * Charts as SVG made on the server with Observable Plot over linkedom's DOM (decision 0036): no
 * script in the page, no drawing code of ours. Each chart is legible printed in black and white:
 * series differ by lightness and by dash, and every bar or point carries its number. Plot's own
 * <style> element is dropped (the CSP allows no inline style; `.chart svg` in the stylesheet does
 * its work). The numbers are always also in a table beside the chart, which the SVG names.
 */

import { trustedSvg, type TrustedHtml } from '../../ui/raw-html.tsx';

type PlotModule = typeof import('@observablehq/plot');

let loaded: Promise<{ Plot: PlotModule; document: Document }> | undefined;

/** Plot and a DOM to draw in, loaded on the first chart (pages without charts never pay for them). */
function load() {
  loaded ??= Promise.all([import('@observablehq/plot'), import('linkedom')]).then(([Plot, { parseHTML }]) => ({ Plot, document: parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document }));
  return loaded;
}

/** Lightness steps from dark to light: told apart in grey as in colour. */
export const SHADES = ['#1d3b5c', '#4f7cac', '#9dbbd8', '#e3ecf5', '#ffffff'] as const;

/** A chart's key: each series' swatch (a fill) or line (a dash), as the chart draws it. */
export interface LegendItem {
  label: string;
  fill?: string;
  dash?: string;
}

export function stackLegend(order: readonly string[]): LegendItem[] {
  return order.map((label, i) => ({ label, fill: SHADES[Math.min(i, SHADES.length - 1)]! }));
}

export const LINE_DASHES = ['', '6,4', '2,3'] as const;

export function lineLegend(series: readonly string[]): LegendItem[] {
  return series.map((label, i) => ({ label, dash: LINE_DASHES[i % LINE_DASHES.length]! }));
}

export interface ChartText {
  /** What the chart shows, read out by a screen reader (the table beside has the numbers). */
  label: string;
  /** The id of the table with the same numbers. */
  tableId: string;
}

function finish(svg: Element, text: ChartText): TrustedHtml {
  svg.querySelector('style')?.remove();
  // The picture is one image to assistive technology (its numbers are in the table): Plot's labels on its groups go.
  for (const el of Array.from(svg.querySelectorAll('[aria-label], [aria-description]'))) {
    el.removeAttribute('aria-label');
    el.removeAttribute('aria-description');
  }
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', text.label);
  svg.setAttribute('aria-describedby', text.tableId);
  svg.removeAttribute('class');
  svg.setAttribute('class', 'chart__svg');
  return trustedSvg(svg.outerHTML);
}

export interface StackedDatum {
  x: string;
  series: string;
  value: number;
}

/** Stacked columns (one per x, a segment per series in `order`), each segment with its number. */
export async function stackedColumns(data: readonly StackedDatum[], order: readonly string[], text: ChartText & { y: string }): Promise<TrustedHtml> {
  const { Plot, document } = await load();
  const rows = data.filter((d) => d.value > 0);
  const fill = Object.fromEntries(order.map((s, i) => [s, SHADES[Math.min(i, SHADES.length - 1)]!]));
  const stack = { x: 'x', y: 'value', z: 'series', order: [...order] };
  const svg = Plot.plot({
    document,
    width: 640,
    height: 260,
    marginLeft: 44,
    marginBottom: 36,
    x: { label: null, domain: [...new Set(data.map((d) => d.x))] },
    y: { label: text.y, grid: true },
    color: { domain: order, range: order.map((s) => fill[s]!) },
    marks: [
      Plot.barY(rows, Plot.stackY({ ...stack, fill: 'series', stroke: '#000', strokeWidth: 0.6 })),
      // One text mark over the same stack (so each number sits in its segment), black with a white halo: legible on every shade.
      Plot.text(rows, Plot.stackY({ ...stack, text: (d: StackedDatum) => String(d.value), fill: '#000', stroke: '#fff', strokeWidth: 3, paintOrder: 'stroke', fontWeight: 'bold' })),
      Plot.ruleY([0]),
    ],
  });
  return finish(svg as unknown as Element, text);
}

export interface LineDatum {
  x: string;
  series: string;
  value: number | null;
}

/**
 * Lines across periods, one per series (solid, dashed, dotted), each point with its value; `format`
 * writes a value ("85 %"); an optional target is a dotted rule. Points without a value are gaps.
 */
export async function lines(data: readonly LineDatum[], series: readonly string[], text: ChartText & { y: string; format: (v: number) => string; percent?: boolean; target?: number | null }): Promise<TrustedHtml> {
  const { Plot, document } = await load();
  const dashes = LINE_DASHES;
  const xs = [...new Set(data.map((d) => d.x))];
  const marks: unknown[] = [];
  series.forEach((s, i) => {
    const mine = data.filter((d) => d.series === s);
    const dash = dashes[i % dashes.length]!;
    marks.push(Plot.line(mine, { x: 'x', y: 'value', stroke: '#000', strokeWidth: 2, ...(dash ? { strokeDasharray: dash } : {}) }));
    marks.push(Plot.dot(mine.filter((d) => d.value !== null), { x: 'x', y: 'value', fill: i === 0 ? '#000' : '#fff', stroke: '#000', r: 3.5, symbol: i === 1 ? 'square' : 'circle' }));
    marks.push(Plot.text(mine.filter((d) => d.value !== null), { x: 'x', y: 'value', text: (d: LineDatum) => text.format(d.value!), dy: i === 0 ? -10 : 12, fill: '#000' }));
  });
  if (text.target !== undefined && text.target !== null) marks.push(Plot.ruleY([text.target], { stroke: '#000', strokeDasharray: '1,3' }));
  marks.push(Plot.ruleY([0]));
  const svg = Plot.plot({
    document,
    width: 640,
    height: 240,
    marginLeft: 52,
    marginTop: 24,
    x: { type: 'point', domain: xs, label: null, inset: 30 },
    y: { label: text.y, grid: true, ...(text.percent ? { domain: [0, 1], tickFormat: (v: number) => `${Math.round(v * 100)}%` } : { tickFormat: (v: number) => text.format(v) }) },
    marks: marks as NonNullable<Parameters<PlotModule['plot']>[0]>['marks'],
  });
  return finish(svg as unknown as Element, text);
}

export interface BarDatum {
  label: string;
  value: number;
}

/** Horizontal bars (one per label, in the given order), each with its value written at its end. */
export async function bars(data: readonly BarDatum[], text: ChartText & { x: string; format: (v: number) => string; percent?: boolean }): Promise<TrustedHtml> {
  const { Plot, document } = await load();
  const svg = Plot.plot({
    document,
    width: 640,
    height: Math.max(80, 28 * data.length + 40),
    marginLeft: 170,
    marginRight: 56,
    y: { label: null, domain: data.map((d) => d.label) },
    x: { label: text.x, grid: true, ...(text.percent ? { domain: [0, 1], tickFormat: (v: number) => `${Math.round(v * 100)}%` } : {}) },
    marks: [
      Plot.barX(data, { y: 'label', x: 'value', fill: SHADES[2], stroke: '#000', strokeWidth: 0.6 }),
      Plot.text(data, { y: 'label', x: 'value', text: (d: BarDatum) => text.format(d.value), textAnchor: 'start', dx: 4, fill: '#000' }),
      Plot.ruleX([0]),
    ],
  });
  return finish(svg as unknown as Element, text);
}
