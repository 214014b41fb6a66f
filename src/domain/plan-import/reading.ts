import { parseDeadline } from '../deadline.ts';
import type { LocalDate } from '../dates.ts';
import { defaultColumns, isNumberingRow, readHeader, type ColumnRole, type Columns } from './columns.ts';
import { ExecutorMatcher, readAbbreviations, type ExecutorReading, type ImportDirectory } from './executors.ts';
import { bareHeading, keywordHeading, numberCell, numberedText, type Heading, type Numbered } from './headings.ts';
import { readMeta, type PlanReadingMeta } from './meta.ts';
import { readSchedule, type ScheduleReading } from './schedule.ts';
import type { TableRow } from './text-table.ts';

export { readMeta, type PlanReadingMeta };

/**
 * From the rows of an order's table to goals → tasks → measures, whatever the layout: columns
 * recognised by their headers in any order; goals and tasks headed in a column, across the table,
 * or not at all (one implicit goal); measures numbered in their own column, at the start of their
 * text ("1)", "1.1", "1.1.1") or not numbered. The table of a published order is often misaligned
 * across page breaks (order 609): cells of one row hold measures that continue the previous task,
 * or deadlines that belong to the next row. Measures are placed by their own numbering, deadlines
 * and executor lists by their count; what cannot be placed for sure is placed as best it can be,
 * and a warning names the measure and what is uncertain.
 */

export interface MeasureReading {
  code: string;
  number: number;
  title: string;
  deadline: string | null;
  deadlineFrom: LocalDate | null;
  deadlineTo: LocalDate | null;
  permanent: boolean;
  executors: ExecutorReading[];
  /** Columns beyond measure, deadline and executors, by their header ("Джерела фінансування"). */
  attributes: Record<string, string>;
  /** The source text of the measure's cells, for the review page. */
  source: string;
}

export interface TaskReading {
  number: number;
  title: string;
  /** The order has no task here: the goal's measures are held by one unnamed task. */
  implicit?: true;
  measures: MeasureReading[];
}

export interface GoalReading {
  number: number;
  title: string;
  /** The order has no goals: its measures are held by one goal named after the plan. */
  implicit?: true;
  tasks: TaskReading[];
}

export interface ImportWarning {
  /** The measure's code, or null for the plan as a whole. */
  measure: string | null;
  message: string;
  kind: 'columns' | 'shifted' | 'shared' | 'missing-deadline' | 'missing-executors' | 'unknown-executor' | 'approximate-executor' | 'unnumbered' | 'deadline' | 'numbering' | 'structure' | 'schedule';
}

export interface PlanReading {
  kind: 'plan';
  meta: PlanReadingMeta;
  goals: GoalReading[];
  /** The reporting schedule the order's own items set, when it says one. */
  schedule: ScheduleReading | null;
  warnings: ImportWarning[];
}

export class NotAPlanError extends Error {
  constructor(readonly reason: 'empty' | 'no-goal' | 'no-measure') {
    super(reason);
    this.name = 'NotAPlanError';
  }
}

interface PendingMeasure {
  numbering: Numbered | null;
  paragraphs: string[];
  task: TaskReading;
  goal: GoalReading;
  deadline: string | null;
  executors: string | null;
  attributes: Record<string, string>;
  notes: ImportWarning[];
  source: string[];
}

interface Declared {
  task: TaskReading;
  goal: GoalReading;
  /** Declared by a row across the table (certain), not in a column beside measures. */
  across: boolean;
  row: number;
}

/** Joins a cell's paragraphs into one list of executors: a paragraph per executor, or one phrase broken in two. */
function joinExecutors(paragraphs: readonly string[]): string {
  let out = '';
  for (const p of paragraphs) {
    if (!out) out = p;
    // A separator already written, or only the parent administration on a line of its own.
    else if (/[,;:]$/.test(out) || /^(обласної|районної|облвійськ|облдерж|\(за згодою\))/u.test(p)) out += ` ${p}`;
    else out += `; ${p}`;
  }
  return out;
}

export function readPlan(rows: readonly TableRow[], preamble: readonly string[], directory: ImportDirectory): PlanReading {
  if (rows.length === 0) throw new NotAPlanError('empty');
  const meta = readMeta(preamble);
  const planStart = meta.start ?? '2000-01-01';
  const warnings: ImportWarning[] = [];
  const goals: GoalReading[] = [];

  // ---- the columns: from the first header row, else from the table's width
  let columns: Columns | null = null;
  let headerAt = -1;
  const skipRows = new Set<number>();
  for (let i = 0; i < rows.length && i < 40; i++) {
    if (rows[i]!.span) continue;
    const h = readHeader(rows[i]!.cells);
    if (h) {
      columns = h;
      headerAt = i;
      break;
    }
  }
  if (!columns) {
    const width = rows.reduce((w, r) => (r.span ? w : Math.max(w, r.cells.length)), 0);
    if (width < 3) throw new NotAPlanError('no-goal');
    columns = defaultColumns(width);
    warnings.push({ measure: null, kind: 'columns', message: `у таблиці не знайдено рядка заголовків: графи прочитано за їх кількістю (${columns.roles.slice(0, width).map(roleName).join(', ')})` });
  }
  // A second header row under merged headers ("Обсяг фінансування" over "Усього | 2025 | 2026"):
  // each sub-column is named "Обсяг фінансування: 2025".
  const under = headerAt >= 0 ? rows[headerAt + 1] : undefined;
  if (columns.fromHeader && under && !under.span) {
    const mainCols = columns.roles.flatMap((r, i) => (r === 'measure' || r === 'number' ? [i] : []));
    const texts = under.cells.map((c) => c.join(' ').trim());
    const isSub = mainCols.every((i) => !texts[i]) && texts.some((x, i) => x && columns!.roles[i] === 'attribute') && texts.every((x) => x.length <= 40) && !isNumberingRow(under.cells);
    if (isSub) {
      const headers = [...columns.headers];
      let parent = '';
      texts.forEach((sub, i) => {
        if (headers[i]) parent = headers[i]!;
        if (sub && columns!.roles[i] === 'attribute') headers[i] = parent && parent !== sub ? `${parent}: ${sub}` : sub;
      });
      columns = { ...columns, headers };
      headerAt++;
      skipRows.add(headerAt - 1);
    }
  }
  const roles = columns.roles;
  const firstOf = (role: ColumnRole) => roles.indexOf(role);
  const measureCol = roles.lastIndexOf('measure');
  if (measureCol < 0) throw new NotAPlanError('no-measure');
  const numberCol = firstOf('number');
  const goalCol = firstOf('goal');
  const taskCol = firstOf('task');
  const deadlineCol = firstOf('deadline');
  const executorsCol = firstOf('executors');
  const attributeCols = roles.flatMap((r, i) => (r === 'attribute' || (r === 'measure' && i !== measureCol) ? [i] : []));

  // ---- structure: heading kinds in the order first met; the first is the goal's, others tasks'
  const kinds: (string | null)[] = [];
  let goal: GoalReading | null = null;
  let task: TaskReading | null = null;
  let implicitGoal: GoalReading | null = null;
  const declared: Declared[] = [];
  let declaredHead = 0;
  const used = new Set<TaskReading>();
  const titleParts = new Map<{ title: string }, string[]>();
  let lastTitleOwner: { title: string } | null = null;
  const appendTitle = (p: string) => {
    if (!lastTitleOwner) return;
    const parts = titleParts.get(lastTitleOwner);
    if (parts) parts.push(p);
    else titleParts.set(lastTitleOwner, [lastTitleOwner.title, p]);
  };

  let goalOpenedInColumnAt = -1;
  const openGoal = (h: Heading, rowIndex: number, across: boolean) => {
    if (!across) goalOpenedInColumnAt = rowIndex;
    goal = { number: h.number, title: h.title, tasks: [] };
    goals.push(goal);
    task = null;
    lastTitleOwner = goal;
    // Until a task is declared, the goal's measures go to its unnamed task (declared lazily).
    declared.push({ task: implicitTask(goal), goal, across, row: rowIndex });
  };
  const openTask = (h: Heading, rowIndex: number, across: boolean) => {
    if (!goal) {
      // Tasks with no goal above them: one implicit goal holds them.
      openGoal({ kind: null, number: goals.length + 1, title: meta.title ?? 'Заходи плану' }, rowIndex, across);
      goal!.implicit = true;
    }
    const g = goal!;
    // The goal's unnamed task, still empty, gives way to the first named one.
    const unnamed = g.tasks.find((t) => t.implicit && t.measures.length === 0 && !used.has(t));
    if (unnamed) {
      g.tasks.splice(g.tasks.indexOf(unnamed), 1);
      used.add(unnamed);
    }
    task = { number: h.number, title: h.title, measures: [] };
    g.tasks.push(task);
    lastTitleOwner = task;
    declared.push({ task, goal: g, across, row: rowIndex });
  };
  function implicitTask(g: GoalReading): TaskReading {
    const t: TaskReading = { number: g.tasks.length + 1, title: '', implicit: true, measures: [] };
    g.tasks.push(t);
    return t;
  }
  /** Where a heading of this kind sits: goal or task. */
  const levelOf = (h: Heading, column: 'goal' | 'task' | 'across'): 'goal' | 'task' => {
    if (h.kind === null) {
      if (column === 'goal') return 'goal';
      if (column === 'task') return 'task';
      // Across the table: a bare number is a goal unless goals have their own word.
      return kinds.length === 0 || kinds[0] === null ? 'goal' : 'task';
    }
    // "Завдання" in the tasks' own column is a task, with or without goals above it.
    if (column === 'task' && h.kind === 'завдання' && roles.includes('task')) return 'task';
    if (!kinds.includes(h.kind)) kinds.push(h.kind);
    return kinds.indexOf(h.kind) === 0 ? 'goal' : 'task';
  };
  const heading = (p: string, column: 'goal' | 'task' | 'across', rowIndex: number): boolean => {
    const h = keywordHeading(p) ?? (column !== 'across' || !/^\d{1,3}\.\d/.test(p) ? bareHeading(p) : null);
    if (!h) return false;
    if (h.kind === null && kinds.length === 0 && column === 'across') kinds.push(null);
    const level = levelOf(h, column);
    if (level === 'goal') openGoal(h, rowIndex, column === 'across');
    else openTask(h, rowIndex, column === 'across');
    return true;
  };

  const nextDeclared = (): Declared | undefined => {
    while (declaredHead < declared.length) {
      const d = declared[declaredHead]!;
      if (!used.has(d.task)) return d;
      declaredHead++;
    }
    return undefined;
  };

  const measures: PendingMeasure[] = [];
  let last: PendingMeasure | null = null;
  const carried = { deadline: [] as string[], executors: [] as string[] };
  const codes = new Set<string>();
  /** The highest last number given after each prefix ("1." → 16), for numbers met twice. */
  const highest = new Map<string, number>();
  let sawHeading = false;
  const numberedHeadings = new Set<number>();
  const lastInColumn = new Map<number, { owner: { title: string }; row: number }>();

  let ended = false;
  /** Text after the table (notes, the list of abbreviations). */
  const afterTable: string[] = [];
  const unplaced: { line: number; text: string; before: number }[] = [];
  rows.forEach((row, rowIndex) => {
    if (ended) {
      afterTable.push(...row.cells.flat());
      return;
    }
    if (rowIndex === headerAt || skipRows.has(rowIndex)) return;
    // The list of abbreviations or the notes after the table: the plan's measures have ended.
    const firstText = row.cells.find((c) => c.length > 0)?.[0] ?? '';
    if (/^((перелік|список)\s+(умовних\s+|використаних\s+)?скорочень|використані\s+скорочення|умовні\s+скорочення|примітк[аи]\s*[:.]?)/iu.test(firstText) && measures.length > 0) {
      ended = true;
      afterTable.push(...row.cells.flat());
      return;
    }
    const cells = row.cells;
    if (!row.span && (isNumberingRow(cells) || (rowIndex > headerAt && headerAt >= 0 && readHeader(cells)))) return;
    const nonEmpty = cells.filter((c) => c.length > 0);
    // A row across the table: a heading, or a note that is no measure.
    if (row.span || (nonEmpty.length === 1 && cells.length > 1 && cells[measureCol]?.length === 0 && (cells[numberCol]?.length ?? 0) === 0)) {
      const ps = nonEmpty[0] ?? [];
      if (ps.length && heading(ps[0]!, 'across', rowIndex)) {
        sawHeading = true;
        for (const p of ps.slice(1)) appendTitle(p);
        return;
      }
      // A line after the table (a signature, a note) or a heading not recognised: not a measure.
      if (row.span) {
        // Page furniture is no heading: a page number, "Продовження додатка".
        if (ps.length && !/^(\d{1,3}|-\s*\d{1,3}\s*-|(продовження|закінчення)(\s+(додатка|додатку|таблиці|плану))?\s*\.?)$/iu.test(ps.join(' ').trim())) unplaced.push({ line: row.line, text: ps.join(' '), before: measures.length });
        return;
      }
    }
    let declaredHere = false;
    // Goal and task columns: headings, numbered tasks, or a merged cell's plain title.
    for (const [col, kind] of [
      [goalCol, 'goal'],
      [taskCol, 'task'],
    ] as const) {
      if (col < 0 || col === measureCol) continue;
      for (const p of cells[col] ?? []) {
        if (heading(p, kind, rowIndex)) {
          sawHeading = true;
          declaredHere = true;
          numberedHeadings.add(col);
          lastInColumn.set(col, { owner: lastTitleOwner!, row: rowIndex });
          continue;
        }
        // Unnumbered text continues the title declared above it in the same column (in the same
        // cell, or in a column whose headings are numbered); otherwise it starts a goal or task of
        // its own (a cell merged over its measures).
        const before = lastInColumn.get(col);
        if (before && (before.row === rowIndex || numberedHeadings.has(col))) {
          lastTitleOwner = before.owner;
          appendTitle(p);
        } else if (kind === 'goal' || (kind === 'task' && roles.includes('task'))) {
          const h: Heading = { kind: null, number: kind === 'goal' ? goals.length + 1 : (goal ? (goal as GoalReading).tasks.filter((t) => !t.implicit).length + 1 : 1), title: p };
          if (kind === 'goal') openGoal(h, rowIndex, false);
          else openTask(h, rowIndex, false);
          lastInColumn.set(col, { owner: lastTitleOwner!, row: rowIndex });
          sawHeading = true;
          declaredHere = true;
        }
      }
    }

    // Measures: numbered in their own column, or at the start of their paragraphs.
    const rowMeasures: PendingMeasure[] = [];
    const numberText = numberCol >= 0 ? (cells[numberCol] ?? []).join(' ').trim() : '';
    const rowNumber = numberText ? numberCell(numberText) : null;
    const paragraphs = cells[measureCol] ?? [];
    const hasOthers = (deadlineCol >= 0 && (cells[deadlineCol]?.length ?? 0) > 0) || (executorsCol >= 0 && (cells[executorsCol]?.length ?? 0) > 0);
    if (numberText && !rowNumber && paragraphs.length === 0) {
      // "Ціль 1" written in the number column of an otherwise empty row.
      if (heading(numberText, 'across', rowIndex)) sawHeading = true;
      return;
    }
    const numberedCount = paragraphs.reduce((n, p) => n + (numberedText(p) ? 1 : 0), 0);
    paragraphs.forEach((p, i) => {
      let numbering = i === 0 && rowNumber ? rowNumber : numberedText(p);
      let text = p;
      if (i === 0 && rowNumber) {
        const own = numberedText(p);
        // The number repeated at the start of the text ("1.1. Проведення …") is not its text.
        if (own && own.code === rowNumber.code) text = own.text;
      } else if (numbering) text = numbering.text;
      if (!numbering) {
        // An unnumbered paragraph: a measure of its own (a flat table numbers nothing), or more
        // of the measure before it (a cell of several paragraphs, a row broken across pages).
        const current = rowMeasures.at(-1) ?? last;
        const ownRow = i === 0 && hasOthers && (numberCol >= 0 ? true : numberedCount === 0);
        if (!ownRow && current) {
          current.paragraphs.push(text);
          current.source.push(p);
          // Numbers written in the text and one paragraph without: a measure of its own, or more of this one?
          if (numberCol < 0 && i > 0 && /^\p{Lu}/u.test(text)) current.notes.push({ measure: null, kind: 'unnumbered', message: 'ненумерований абзац додано до тексту заходу' });
          else if (i === 0 && hasOthers) current.notes.push({ measure: null, kind: 'unnumbered', message: 'ненумерований абзац на початку рядка додано до тексту попереднього заходу' });
          return;
        }
        if (!ownRow && !sawHeading) {
          warnings.push({ measure: null, kind: 'structure', message: `рядок ${row.line}: текст без номера заходу перед першим заходом` });
          return;
        }
        if (i > 0 && current) {
          current.paragraphs.push(text);
          current.source.push(p);
          return;
        }
      }
      const placement = place(numbering, rowIndex, declaredHere);
      const pm: PendingMeasure = {
        numbering,
        paragraphs: [text],
        task: placement.task,
        goal: placement.goal,
        deadline: null,
        executors: null,
        attributes: {},
        notes: placement.notes,
        source: [numberText && i === 0 && rowNumber ? `${numberText} ${p}` : p],
      };
      if (!numbering) pm.notes.push({ measure: null, kind: 'unnumbered', message: 'захід без номера: номер надано за порядком' });
      used.add(placement.task);
      rowMeasures.push(pm);
      measures.push(pm);
      last = pm;
    });
    assign(rowMeasures, cells[deadlineCol] ?? [], 'deadline');
    assign(rowMeasures, cells[executorsCol] ?? [], 'executors');
    const target = rowMeasures.at(-1) ?? (paragraphs.length ? last : null);
    for (const col of attributeCols) {
      const value = (cells[col] ?? []).join('\n').trim();
      if (!value || !target) continue;
      const name = columns!.headers[col] || `Графа ${col + 1}`;
      const pm = target as PendingMeasure;
      pm.attributes[name] = pm.attributes[name] ? `${pm.attributes[name]}\n${value}` : value;
    }
  });

  for (const [owner, parts] of titleParts) owner.title = parts.join(' ').trim();
  if (measures.length === 0) throw new NotAPlanError(goals.length === 0 && !columns.fromHeader ? 'no-goal' : 'no-measure');
  // Without a header row, only a heading with its word ("Оперативна ціль 1") says this is a plan.
  if (!columns.fromHeader && kinds.every((k) => k === null)) throw new NotAPlanError('no-goal');
  if (carried.deadline.length) warnings.push({ measure: null, kind: 'structure', message: `залишилися строки без заходів: ${carried.deadline.join('; ')}` });
  if (carried.executors.length) warnings.push({ measure: null, kind: 'structure', message: `залишилися переліки виконавців без заходів: ${carried.executors.join(' | ')}` });

  const matcher = new ExecutorMatcher(directory, readAbbreviations(afterTable));
  const deadlines = new Map<string, ReturnType<typeof parseDeadline>>();
  const counters = new Map<TaskReading | GoalReading, number>();
  for (const pm of measures) {
    const code = codeOf(pm);
    for (const n of pm.notes) warnings.push({ ...n, measure: code });
    let deadline: Pick<MeasureReading, 'deadlineFrom' | 'deadlineTo' | 'permanent'> = { deadlineFrom: null, deadlineTo: null, permanent: false };
    if (pm.deadline) {
      let parsed = deadlines.get(pm.deadline);
      if (parsed === undefined) deadlines.set(pm.deadline, (parsed = parseDeadline(pm.deadline, planStart)));
      if (parsed) deadline = { deadlineFrom: parsed.from, deadlineTo: parsed.to, permanent: parsed.permanent };
      else warnings.push({ measure: code, kind: 'deadline', message: `строк «${pm.deadline}» не розпізнано` });
    } else if (meta.start && meta.end) {
      deadline = { deadlineFrom: meta.start, deadlineTo: meta.end, permanent: false };
    }
    const executors = pm.executors ? matcher.read(pm.executors) : [];
    for (const e of executors) {
      if (e.proposed) warnings.push({ measure: code, kind: 'unknown-executor', message: `виконавця «${e.asWritten}» немає в довіднику: запропоновано нову організацію` });
      else if (e.match === 'approximate') warnings.push({ measure: code, kind: 'approximate-executor', message: `«${e.asWritten}» розпізнано як «${e.name}» (приблизно)` });
    }
    pm.task.measures.push({
      code,
      number: pm.numbering?.number ?? pm.task.measures.length + 1,
      title: pm.paragraphs.join('\n\n'),
      deadline: pm.deadline,
      ...deadline,
      executors,
      attributes: pm.attributes,
      source: [...pm.source, pm.deadline ?? '', pm.executors ?? ''].filter(Boolean).join('\n'),
    });
  }
  // Goals and tasks that hold nothing (an unnamed task given way, a heading with no measures).
  for (const g of goals) g.tasks = g.tasks.filter((t) => !t.implicit || t.measures.length > 0);
  // A number met twice (a heading repeated after a page break, numbering restarted): the later
  // one takes the next free number, and the reading says so.
  const renumber = <T extends { number: number; title: string }>(items: T[], what: string) => {
    const seen = new Set<number>();
    for (const item of items) {
      if (!seen.has(item.number)) {
        seen.add(item.number);
        continue;
      }
      const next = Math.max(...seen) + 1;
      warnings.push({ measure: null, kind: 'numbering', message: `${what} з номером ${item.number} повторюється («${item.title.slice(0, 80)}»): надано номер ${next}` });
      item.number = next;
      seen.add(next);
    }
  };
  renumber(goals, 'ціль');
  for (const g of goals) renumber(g.tasks, 'завдання');
  const schedule = readSchedule(preamble);
  // Rows across the table that are no heading, with measures after them: said, not dropped silently.
  for (const u of unplaced) if (u.before < measures.length) warnings.push({ measure: null, kind: 'structure', message: `рядок ${u.line}: «${u.text.slice(0, 120)}» не розпізнано як ціль чи завдання; пропущено` });
  if (schedule?.periodKind) warnings.unshift({ measure: null, kind: 'schedule', message: `графік звітування взято з розпорядження (${schedule.periodKind === 'quarter' ? 'щокварталу' : 'щопівроку'} до ${schedule.executorDueDay} числа): «${schedule.sentence.slice(0, 300)}»` });
  if (schedule && !schedule.periodKind) warnings.push({ measure: null, kind: 'schedule', message: `розпорядження встановлює звітування ${schedule.frequency === 'year' ? 'щороку' : 'щомісяця'} («${schedule.sentence.slice(0, 200)}»), а Звіт збирає звіти щопівроку або щокварталу: прийнято звітування щопівроку до 15 числа — змініть його в даних плану, якщо потрібно` });
  return { kind: 'plan', meta, goals: goals.filter((g) => g.tasks.length > 0 || g.implicit), schedule, warnings };

  /** Where a measure goes: by its numbering and the goals and tasks declared so far. */
  function place(numbering: Numbered | null, rowIndex: number, declaredHere: boolean): { task: TaskReading; goal: GoalReading; notes: ImportWarning[] } {
    const notes: ImportWarning[] = [];
    const n = numbering?.number ?? null;
    const continues = last && n !== null && last.numbering && n === last.numbering.number + 1 && numbering!.prefix.join('.') === last.numbering.prefix.join('.');
    const next = nextDeclared();
    if (next && next.across) return { ...take(next), notes };
    // Order 609's shifted cells: a row that opens the next goal in its first column yet holds
    // measures numbered on from the previous ones — those belong to the previous task. A row that
    // opens only a task (a cell merged over its measures) takes its measures, numbered on or not.
    const goalOpenedHere = goalOpenedInColumnAt === rowIndex;
    if (next && !(continues && next.row === rowIndex && last && goalOpenedHere)) {
      if (numbering && n !== 1 && numbering.prefix.length === 0 && last && !continues) notes.push({ measure: null, kind: 'numbering', message: `перший захід завдання має номер ${n}` });
      return { ...take(next), notes };
    }
    if (last) {
      if (declaredHere && next) notes.push({ measure: null, kind: 'shifted', message: 'захід стоїть у рядку наступної цілі; віднесено до попереднього завдання за нумерацією' });
      else if (numbering && last.numbering && !continues && numbering.prefix.length === 0 && n !== last.numbering.number + 1) notes.push({ measure: null, kind: 'numbering', message: `нумерація заходів порушена (${n} після ${last.numbering.number})` });
      return { task: last.task, goal: last.goal, notes };
    }
    // No goal declared before the first measure: the order has none; one goal holds them all.
    if (!implicitGoal) {
      implicitGoal = { number: 1, title: meta.title ?? 'Заходи плану', implicit: true, tasks: [] };
      goals.push(implicitGoal);
      implicitTask(implicitGoal);
    }
    return { task: implicitGoal.tasks[0]!, goal: implicitGoal, notes };
  }

  function take(d: Declared): { task: TaskReading; goal: GoalReading } {
    used.add(d.task);
    declaredHead = declared.indexOf(d) + 1;
    // A goal whose unnamed task is taken while a named one waits: keep the named one.
    return { task: d.task, goal: d.goal };
  }

  function codeOf(pm: PendingMeasure): string {
    const nb = pm.numbering;
    let code: string;
    if (nb && nb.prefix.length > 0) code = nb.code;
    else {
      const n = nb?.number ?? (counters.get(pm.goal) ?? 0) + 1;
      counters.set(pm.goal, n);
      code = pm.goal.implicit ? String(n) : `${pm.goal.number}.${n}`;
      // Numbered afresh in every task of a goal: the task's number too ("2.3.1").
      if (codes.has(code) && !pm.task.implicit) code = pm.goal.implicit ? `${pm.task.number}.${n}` : `${pm.goal.number}.${pm.task.number}.${n}`;
    }
    if (codes.has(code)) {
      // Met before: the next free number after the same prefix ("1.1" again → "1.17"), said.
      const prefix = code.includes('.') ? code.slice(0, code.lastIndexOf('.') + 1) : '';
      const n = (highest.get(prefix) ?? 0) + 1;
      warnings.push({ measure: `${prefix}${n}`, kind: 'numbering', message: `номер ${code} повторюється: заходу надано номер ${prefix}${n}` });
      code = `${prefix}${n}`;
    }
    codes.add(code);
    const cut = code.lastIndexOf('.') + 1;
    const prefix = code.slice(0, cut);
    highest.set(prefix, Math.max(highest.get(prefix) ?? 0, Number(code.slice(cut)) || 0));
    return code;
  }

  function assign(rowMeasures: PendingMeasure[], cell: readonly string[], what: 'deadline' | 'executors') {
    const k = rowMeasures.length;
    const pool = carried[what];
    if (k === 0) {
      // Nothing to give them to: carried on as they are (appended, never copied row by row).
      for (const c of cell) pool.push(c);
      return;
    }
    const available = pool.splice(0);
    const fromBefore = available.length;
    for (const c of cell) available.push(c);
    const label = what === 'deadline' ? 'строк' : 'виконавців';
    const join = (xs: readonly string[]) => (what === 'deadline' ? xs.join(' ') : joinExecutors(xs));
    if (k === 1 && fromBefore === 0) {
      // One measure in the row: every paragraph of the cell is its own.
      if (available.length) rowMeasures[0]![what] = join(available);
      else missing(rowMeasures[0]!, what);
      return;
    }
    if (available.length === 1 && k > 1) {
      for (const pm of rowMeasures) {
        pm[what] = available[0]!;
        pm.notes.push({ measure: null, kind: 'shared', message: `${label} спільний для ${k} заходів однієї клітинки` });
      }
      return;
    }
    rowMeasures.forEach((pm, i) => {
      const value = available[i];
      if (value !== undefined) {
        pm[what] = value;
        if (i < fromBefore) pm.notes.push({ measure: null, kind: 'shifted', message: `${label} взято з попереднього рядка (зсув через розрив сторінки)` });
      } else missing(pm, what);
    });
    for (let i = k; i < available.length; i++) pool.push(available[i]!);
  }

  function missing(pm: PendingMeasure, what: 'deadline' | 'executors') {
    pm.notes.push({
      measure: null,
      kind: what === 'deadline' ? 'missing-deadline' : 'missing-executors',
      message: what === 'deadline' ? 'строк виконання в розпорядженні не зазначено; прийнято строк дії плану' : 'виконавців не зазначено',
    });
  }
}

function roleName(role: ColumnRole): string {
  return { number: 'номер', goal: 'ціль', task: 'завдання', measure: 'захід', deadline: 'строк', executors: 'виконавці', attribute: 'інше' }[role];
}

