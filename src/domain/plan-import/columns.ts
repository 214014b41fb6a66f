/**
 * What each column of an order's table holds, recognised by its header ("Найменування заходу",
 * "Строк виконання", "Відповідальні за виконання", "№ з/п", "Джерела фінансування" …) in any order.
 * A table without a recognisable header is laid out as order 609's: task, measure, deadline,
 * executors.
 */

export type ColumnRole = 'number' | 'goal' | 'task' | 'measure' | 'deadline' | 'executors' | 'attribute';

export interface Columns {
  roles: ColumnRole[];
  /** The header as written, for attributes ("Джерела фінансування"). */
  headers: string[];
  /** Whether the roles come from a header row (else from the column count). */
  fromHeader: boolean;
}

const normal = (s: string) => s.toLocaleLowerCase('uk').replace(/\s+/g, ' ').trim();

/** The role a header names, or null when the text is not a header. */
export function headerRole(text: string): ColumnRole | null {
  const t = normal(text);
  if (!t || t.length > 120) return null;
  if ((t.startsWith('№') || /з\s*\/\s*п|^номер/u.test(t)) && t.length <= 20) return 'number';
  if (/строк|срок|термін|дата викон|період викон/u.test(t)) return 'deadline';
  if (/відповідальн|виконав/u.test(t)) return 'executors';
  if (/захід|заходу|заходів|зміст/u.test(t)) return 'measure';
  if (/завдан/u.test(t)) return 'task';
  if (/ціл[ьі]|напрям|розділ|пріоритет/u.test(t)) return 'goal';
  if (/фінансуван|результат|індикатор|показник|примітк|джерел|обсяг|вартість|бюджет|кошт|очікуван|виконання|стан/u.test(t)) return 'attribute';
  return null;
}

/** Reads a row as a header: the roles of its cells, or null when it is not one. */
export function readHeader(cells: readonly (readonly string[])[]): Columns | null {
  const texts = cells.map((c) => c.join(' '));
  const roles = texts.map(headerRole);
  const main = roles.filter((r) => r === 'measure' || r === 'deadline' || r === 'executors').length;
  const known = roles.filter((r) => r !== null).length;
  if (main < 2 || known < Math.ceil(texts.filter((t) => t.trim()).length * 0.6)) return null;
  const out = roles.map((r) => r ?? 'attribute');
  // Two "measure" columns ("Найменування завдання" said as "Зміст заходу"?): the later one is the measure.
  return { roles: out, headers: texts.map((t) => t.replace(/\s+/g, ' ').trim()), fromHeader: true };
}

/** The layout of a table with no header row, from its width. */
export function defaultColumns(width: number): Columns {
  const roles: ColumnRole[] = width >= 4 ? ['task', 'measure', 'deadline', 'executors'] : ['measure', 'deadline', 'executors'];
  while (roles.length < width) roles.push('attribute');
  return { roles: roles.slice(0, Math.max(width, roles.length)), headers: roles.map((_, i) => `Графа ${i + 1}`), fromHeader: false };
}

/** A row of column numbers repeated on every page ("1 2 3 4"). */
export function isNumberingRow(cells: readonly (readonly string[])[]): boolean {
  const flat = cells.flat();
  return flat.length > 1 && flat.every((c) => /^\d{1,2}\.?$/.test(c.trim()));
}
