import { parseDeadline } from '../deadline.ts';
import type { LocalDate } from '../dates.ts';
import { defaultColumns, isNumberingRow, readHeader, type Columns } from './columns.ts';
import { ExecutorMatcher, type ExecutorReading, type ImportDirectory } from './executors.ts';
import { numberCell, numberedText } from './headings.ts';
import { readMeta, type PlanReadingMeta } from './meta.ts';
import type { ImportWarning } from './reading.ts';
import type { TableRow } from './text-table.ts';

/**
 * An order amending a plan in force ("Про внесення змін до …") → the changes it makes, for a
 * prepared amendment of that plan: "пункт 2.3 викласти в такій редакції" (a new text, deadline and
 * executors, from the row that follows), "доповнити пунктом 2.8" (a new measure), "пункт 1.5
 * виключити", "у графі «Строки виконання» пункту 3.2 цифри «2023-2025» замінити словами «…»" (one
 * column changed). Whatever it cannot place is a warning, never a guess.
 */

export interface AmendmentChangeReading {
  op: 'replace' | 'add' | 'remove';
  measure: string;
  title?: string;
  deadline?: string | null;
  deadlineFrom?: LocalDate | null;
  deadlineTo?: LocalDate | null;
  permanent?: boolean;
  executors?: ExecutorReading[];
  /** One column's words replaced ("у графі «Строки виконання» … замінити …"). */
  substitution?: { column: 'title' | 'deadline' | 'executors'; from: string; to: string };
  /** The order's words for this change, for the review. */
  source: string;
}

export interface AmendmentReading {
  kind: 'amendment';
  meta: PlanReadingMeta;
  /** The order that approved the plan being amended. */
  amends: { legalNumber: string | null; legalDate: LocalDate | null };
  changes: AmendmentChangeReading[];
  warnings: ImportWarning[];
}

/** Does the order amend a plan rather than approve one? */
export function isAmendingOrder(preamble: readonly string[]): boolean {
  const head = preamble.slice(0, 60).join(' ');
  const approves = /затвердити\s+\S*\s*план/iu.test(head) || preamble.some((l) => /^[А-ЯІЇЄҐ'’ ]*ПЛАН(\s+ЗАХОДІВ)?$/u.test(l.trim()));
  return !approves && /про\s+внесення\s+змін|внести\s+(до\s+.{0,300}?)?змін/isu.test(head);
}

const MONTHS = ['січня', 'лютого', 'березня', 'квітня', 'травня', 'червня', 'липня', 'серпня', 'вересня', 'жовтня', 'листопада', 'грудня'];
const CODE = '\\d{1,3}(?:\\.\\d{1,3}){0,3}';
const CODES = `(${CODE}(?:\\s*(?:,|та|і|й)\\s*${CODE})*)`;
const codesOf = (s: string) => [...s.matchAll(new RegExp(CODE, 'g'))].map((m) => m[0]);

type Pending = { op: 'replace' | 'add'; codes: string[]; source: string };

/** Blocks in the order's order: paragraphs, and the rows of the tables quoted in it. */
export type AmendmentBlock = { text: string } | { row: TableRow };

export function readAmendment(blocks: readonly AmendmentBlock[], directory: ImportDirectory): AmendmentReading {
  const texts = blocks.flatMap((b) => ('text' in b ? [b.text] : []));
  const meta = readMeta(texts);
  const all = texts.join(' ');
  const ref =
    /затверджен\S*\s+(?:розпорядженням|наказом|рішенням)[^№]{0,300}?від\s+(\d{1,2})[. ](\d{1,2}|[а-яіїє]+)[. ](\d{4})\s*(?:року|р\.)?\s*№\s*([\p{L}\p{N}/-]+)/iu.exec(all) ??
    /від\s+(\d{1,2})[. ](\d{1,2}|[а-яіїє]+)[. ](\d{4})\s*(?:року|р\.)?\s*№\s*([\p{L}\p{N}/-]+)/iu.exec(all.slice(all.search(/внести|внесення/iu)));
  let amends: AmendmentReading['amends'] = { legalNumber: null, legalDate: null };
  if (ref) {
    const month = /^\d+$/.test(ref[2]!) ? Number(ref[2]) : MONTHS.indexOf(ref[2]!.toLocaleLowerCase('uk')) + 1;
    amends = { legalNumber: ref[4]!.replace(/-+$/, ''), legalDate: month > 0 ? `${ref[3]}-${String(month).padStart(2, '0')}-${ref[1]!.padStart(2, '0')}` : null };
  }
  const warnings: ImportWarning[] = [];
  if (!amends.legalNumber) warnings.push({ measure: null, kind: 'structure', message: 'не знайдено, яке розпорядження змінюється («затвердженого розпорядженням … від … № …»)' });
  const changes: AmendmentChangeReading[] = [];
  const matcher = new ExecutorMatcher(directory);
  const planStart = meta.start ?? '2000-01-01';
  let pending: Pending[] = [];
  let columns: Columns | null = null;

  const clauseRe = [
    { op: 'replace' as const, re: new RegExp(`пункт(?:и|ів)?\\s+${CODES}\\s+(?:[\\p{L}«»" ]{0,60}\\s+)?викласти\\s+в\\s+(?:такій|новій|наступній)\\s+редакції`, 'iu') },
    { op: 'add' as const, re: new RegExp(`доповнити\\s+(?:[^.;:]{0,120}?\\s+)?(?:новим\\s+|новими\\s+)?пункт(?:ом|ами)\\s+${CODES}`, 'iu') },
    { op: 'remove' as const, re: new RegExp(`пункт(?:и|ів)?\\s+${CODES}\\s+(?:[\\p{L} ]{0,40}\\s+)?виключити`, 'iu') },
    { op: 'remove' as const, re: new RegExp(`виключити\\s+пункт(?:и|ів)?\\s+${CODES}`, 'iu') },
  ];
  const SUBSTITUTE = new RegExp(`у\\s+графі\\s+[«"]([^»"]+)[»"]\\s+пункт(?:у|ів)\\s+${CODES}\\s+(?:слова|слово|цифри|цифру|дату|текст)\\s+[«"]([^»"]+)[»"]\\s+замінити\\s+(?:словами|словом|цифрами|цифрою|датою|текстом)\\s+[«"]([^»"]+)[»"]`, 'iu');

  for (const block of blocks) {
    if ('text' in block) {
      // One paragraph may hold several numbered changes: "1) …; 2) …".
      for (const clause of block.text.split(/(?<=[;.:])\s+(?=\d{1,2}\)\s)/u)) {
        const sub = SUBSTITUTE.exec(clause);
        if (sub) {
          const column = columnOf(sub[1]!);
          for (const code of codesOf(sub[2]!)) {
            if (!column) warnings.push({ measure: code, kind: 'structure', message: `графу «${sub[1]}» не розпізнано: змініть пункт вручну` });
            else changes.push({ op: 'replace', measure: code, substitution: { column, from: sub[3]!, to: sub[4]! }, source: clause.trim() });
          }
          continue;
        }
        for (const { op, re } of clauseRe) {
          const m = re.exec(clause);
          if (!m) continue;
          const codes = codesOf(m[1]!);
          if (op === 'remove') for (const code of codes) changes.push({ op, measure: code, source: clause.trim() });
          else pending.push({ op, codes, source: clause.trim() });
          break;
        }
      }
      continue;
    }
    const cells = block.row.cells;
    if (block.row.span) continue;
    const header = readHeader(cells);
    if (header) {
      columns = header;
      continue;
    }
    if (isNumberingRow(cells)) continue;
    const cols = columns && columns.roles.length === cells.length ? columns : defaultColumnsFor(cells.length);
    const at = (role: string) => cols.roles.indexOf(role as never);
    const strip = (ps: readonly string[]) => ps.map((p) => p.replace(/^[«"„]\s*/u, '').replace(/\s*[»"“]\s*[.;,]?$/u, '')).filter(Boolean);
    const numberText = at('number') >= 0 ? strip(cells[at('number')] ?? []).join(' ') : '';
    let titleParas = strip(cells[at('measure')] ?? []);
    let code = numberCell(numberText)?.code ?? null;
    if (!code && titleParas[0]) {
      const own = numberedText(titleParas[0]);
      if (own) {
        code = own.code;
        titleParas = [own.text, ...titleParas.slice(1)];
      }
    } else if (code && titleParas[0]) {
      const own = numberedText(titleParas[0]);
      if (own && own.code === code) titleParas = [own.text, ...titleParas.slice(1)];
    }
    const target = (code && pending.find((p) => p.codes.includes(code!))) || (pending.length === 1 && pending[0]!.codes.length === 1 ? pending[0] : undefined);
    if (!target) {
      if (code && titleParas.length) warnings.push({ measure: code, kind: 'structure', message: `рядок «${titleParas.join(' ').slice(0, 80)}» не належить жодній зміні` });
      continue;
    }
    const measure = code ?? target.codes[0]!;
    target.codes = target.codes.filter((c) => c !== measure);
    if (target.codes.length === 0) pending = pending.filter((p) => p !== target);
    const deadline = strip(cells[at('deadline')] ?? []).join(' ') || null;
    const executorText = strip(cells[at('executors')] ?? []).join('; ');
    const parsed = deadline ? parseDeadline(deadline, planStart) : null;
    if (deadline && !parsed) warnings.push({ measure, kind: 'deadline', message: `строк «${deadline}» не розпізнано` });
    const executors = executorText ? matcher.read(executorText) : [];
    for (const e of executors) if (e.proposed) warnings.push({ measure, kind: 'unknown-executor', message: `виконавця «${e.asWritten}» немає в довіднику: запропоновано нову організацію` });
    changes.push({
      op: target.op,
      measure,
      title: titleParas.join('\n\n'),
      deadline,
      deadlineFrom: parsed?.from ?? null,
      deadlineTo: parsed?.to ?? null,
      permanent: parsed?.permanent ?? false,
      executors,
      source: [target.source, ...cells.map((c) => c.join(' '))].join('\n'),
    });
  }
  for (const p of pending) for (const code of p.codes) warnings.push({ measure: code, kind: 'structure', message: `для зміни пункту ${code} не знайдено нової редакції (рядка таблиці з текстом заходу)` });
  return { kind: 'amendment', meta, amends, changes, warnings };
}

function defaultColumnsFor(width: number): Columns {
  if (width >= 4) return { roles: ['number', 'measure', 'deadline', 'executors', ...Array<'attribute'>(width - 4).fill('attribute')], headers: [], fromHeader: false };
  return defaultColumns(width);
}

function columnOf(header: string): 'title' | 'deadline' | 'executors' | null {
  const t = header.toLocaleLowerCase('uk');
  if (/строк|термін|срок/u.test(t)) return 'deadline';
  if (/відповідальн|виконав/u.test(t)) return 'executors';
  if (/захід|заходу|зміст/u.test(t)) return 'title';
  return null;
}
