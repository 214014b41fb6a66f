import { parseDeadline } from '../deadline.ts';
import { isLocalDate, type LocalDate } from '../dates.ts';
import { ExecutorMatcher, type ExecutorReading, type ImportDirectory } from './executors.ts';
import type { TableRow } from './text-table.ts';

/**
 * From the rows of an order's table to goals → tasks → measures. The table of a published order
 * is often misaligned across page breaks: cells of one row hold measures that continue the
 * previous task, or executor lists that belong to the next row. Measures are placed by their own
 * numbering, deadlines and executor lists by their count; what cannot be placed for sure is still
 * placed as best it can be, and a warning names the measure and what is uncertain.
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
  /** The source text of the measure's cells, for the review page. */
  source: string;
}

export interface TaskReading {
  number: number;
  title: string;
  measures: MeasureReading[];
}

export interface GoalReading {
  number: number;
  title: string;
  tasks: TaskReading[];
}

export interface ImportWarning {
  /** The measure's code, or null for the plan as a whole. */
  measure: string | null;
  message: string;
  kind: 'shifted' | 'shared' | 'missing-deadline' | 'missing-executors' | 'unknown-executor' | 'approximate-executor' | 'unnumbered' | 'deadline' | 'numbering' | 'structure';
}

export interface PlanReadingMeta {
  title: string | null;
  legalNumber: string | null;
  legalDate: LocalDate | null;
  start: LocalDate | null;
  end: LocalDate | null;
}

export interface PlanReading {
  meta: PlanReadingMeta;
  goals: GoalReading[];
  warnings: ImportWarning[];
}

export class NotAPlanError extends Error {
  constructor(readonly reason: 'empty' | 'no-goal' | 'no-measure') {
    super(reason);
    this.name = 'NotAPlanError';
  }
}

const GOAL = /^оперативна\s+ціль\s+(\d{1,2})\s*[.:)]?\s*(.*)$/iu;
const NUMBERED = /^(\d{1,3})\s*\)\s*(.*)$/su;

interface PendingMeasure {
  number: number;
  paragraphs: string[];
  task: TaskReading;
  goal: GoalReading;
  rowIndex: number;
  deadline: string | null;
  executors: string | null;
  notes: ImportWarning[];
  source: string[];
}

/** Reads the order's heading: number, date, title, and the period "на період до 2025 року". */
export function readMeta(preamble: readonly string[]): PlanReadingMeta {
  const text = preamble.join('\n');
  const number = /№\s*([\w/-]+)/u.exec(text)?.[1] ?? null;
  const dm = /(\d{2})\.(\d{2})\.(\d{4})/.exec(text);
  const date = dm ? `${dm[3]}-${dm[2]}-${dm[1]}` : null;
  let title: string | null = null;
  const i = preamble.findIndex((l) => /^[А-ЯІЇЄҐ' ]*ПЛАН$/u.test(l.trim()));
  if (i >= 0 && preamble[i + 1]) {
    const head = preamble[i]!.trim().toLocaleLowerCase('uk');
    title = `${head[0]!.toLocaleUpperCase('uk')}${head.slice(1)} ${preamble[i + 1]!.trim()}`;
  } else {
    title = preamble.find((l) => /^Про\s+/u.test(l))?.replace(/^Про\s+/u, '') ?? null;
  }
  const until = /на\s+період\s+до\s+(\d{4})/u.exec(title ?? text);
  const range = /на\s+(\d{4})\s*[-–—]\s*(\d{4})\s+роки/u.exec(title ?? text);
  const legalDate = date && isLocalDate(date) ? date : null;
  return {
    title,
    legalNumber: number,
    legalDate,
    start: range ? `${range[1]}-01-01` : legalDate,
    end: range ? `${range[2]}-12-31` : until ? `${until[1]}-12-31` : null,
  };
}

export function readPlan(rows: readonly TableRow[], preamble: readonly string[], directory: ImportDirectory): PlanReading {
  if (rows.length === 0) throw new NotAPlanError('empty');
  const meta = readMeta(preamble);
  const planStart = meta.start ?? '2000-01-01';
  const warnings: ImportWarning[] = [];
  const goals: GoalReading[] = [];
  // Tasks declared and not yet given a measure, in order: a queue read from `head` on, a task
  // once used skipped (no shifting or splicing: an order may declare thousands).
  const pendingTasks: { task: TaskReading; goal: GoalReading }[] = [];
  let pendingHead = 0;
  const usedTasks = new Set<TaskReading>();
  const nextPendingTask = () => {
    while (pendingHead < pendingTasks.length) {
      const p = pendingTasks[pendingHead++]!;
      if (!usedTasks.has(p.task)) return p;
    }
    return undefined;
  };
  const measures: PendingMeasure[] = [];
  let currentGoal: GoalReading | null = null;
  // A title continued over several paragraphs: the parts are joined once at the end (adding to a
  // growing string paragraph by paragraph made long orders quadratic).
  const titleParts = new Map<{ title: string }, string[]>();
  let lastTitleOwner: { title: string } | null = null;
  let last: PendingMeasure | null = null;
  const carriedDeadlines: string[] = [];
  const carriedExecutors: string[] = [];

  rows.forEach((row, rowIndex) => {
    const [c1 = [], c2 = [], c3 = [], c4 = []] = row.cells;
    let rowDeclaredTask = false;
    const declaredHere = new Set<TaskReading>();
    for (const p of c1) {
      const g = GOAL.exec(p);
      if (g) {
        currentGoal = { number: Number(g[1]), title: g[2]!.trim(), tasks: [] };
        goals.push(currentGoal);
        lastTitleOwner = currentGoal;
        continue;
      }
      const t = NUMBERED.exec(p);
      if (t && currentGoal) {
        const task: TaskReading = { number: Number(t[1]), title: t[2]!.trim(), measures: [] };
        (currentGoal as GoalReading).tasks.push(task);
        pendingTasks.push({ task, goal: currentGoal });
        declaredHere.add(task);
        lastTitleOwner = task;
        rowDeclaredTask = true;
        continue;
      }
      if (lastTitleOwner) {
        const parts = titleParts.get(lastTitleOwner);
        if (parts) parts.push(p);
        else titleParts.set(lastTitleOwner, [lastTitleOwner.title, p]);
      }
    }

    const rowMeasures: PendingMeasure[] = [];
    for (const p of c2) {
      const m = NUMBERED.exec(p);
      if (!m) {
        if (last) {
          last.paragraphs.push(p);
          last.source.push(p);
          last.notes.push({ measure: null, kind: 'unnumbered', message: 'ненумерований абзац додано до тексту заходу' });
        } else warnings.push({ measure: null, kind: 'structure', message: `рядок ${row.line}: текст без номера заходу перед першим заходом` });
        continue;
      }
      const number = Number(m[1]);
      let placement: { task: TaskReading; goal: GoalReading };
      const notes: ImportWarning[] = [];
      if (last && number === last.number + 1) {
        placement = { task: last.task, goal: last.goal };
        if (rowDeclaredTask && !declaredHere.has(placement.task)) {
          notes.push({ measure: null, kind: 'shifted', message: 'захід стоїть у рядку наступної цілі; віднесено до попереднього завдання за нумерацією' });
        }
      } else {
        const next = nextPendingTask();
        if (next) placement = next;
        else if (last) {
          placement = { task: last.task, goal: last.goal };
          notes.push({ measure: null, kind: 'numbering', message: `нумерація заходів порушена (${number} після ${last.number})` });
        } else {
          throw new NotAPlanError('no-goal');
        }
        if (number !== 1) notes.push({ measure: null, kind: 'numbering', message: `перший захід завдання має номер ${number}` });
      }
      // A task whose turn came (numbering restarted) is used; drop it from the waiting list.
      usedTasks.add(placement.task);
      const pm: PendingMeasure = { number, paragraphs: [m[2]!.trim()], task: placement.task, goal: placement.goal, rowIndex, deadline: null, executors: null, notes, source: [p] };
      rowMeasures.push(pm);
      measures.push(pm);
      last = pm;
    }

    // Deadlines and executor lists: by count, with what is left over carried to the next row.
    assign(rowMeasures, carriedDeadlines, c3, 'deadline');
    assign(rowMeasures, carriedExecutors, c4, 'executors');
  });

  for (const [owner, parts] of titleParts) owner.title = parts.join(' ').trim();
  if (goals.length === 0) throw new NotAPlanError('no-goal');
  if (measures.length === 0) throw new NotAPlanError('no-measure');
  if (carriedDeadlines.length) warnings.push({ measure: null, kind: 'structure', message: `залишилися строки без заходів: ${carriedDeadlines.join('; ')}` });
  if (carriedExecutors.length) warnings.push({ measure: null, kind: 'structure', message: `залишилися переліки виконавців без заходів: ${carriedExecutors.join(' | ')}` });

  const matcher = new ExecutorMatcher(directory);
  // Deadlines repeat ("2023-2025", "Постійно"): each written form parsed once.
  const deadlines = new Map<string, ReturnType<typeof parseDeadline>>();
  for (const pm of measures) {
    const code = `${pm.goal.number}.${pm.number}`;
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
      number: pm.number,
      title: pm.paragraphs.join('\n\n'),
      deadline: pm.deadline,
      ...deadline,
      executors,
      source: [...pm.source, pm.deadline ?? '', pm.executors ?? ''].filter(Boolean).join('\n'),
    });
  }
  return { meta, goals, warnings };

  function assign(rowMeasures: PendingMeasure[], carried: string[], cell: string[], what: 'deadline' | 'executors') {
    const k = rowMeasures.length;
    if (k === 0) {
      // Nothing to give them to: carried on as they are (appended, never copied row by row).
      for (const c of cell) carried.push(c);
      return;
    }
    const available = carried.splice(0);
    for (const c of cell) available.push(c);
    const label = what === 'deadline' ? 'строк' : 'виконавців';
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
        if (i < available.length - cell.length) pm.notes.push({ measure: null, kind: 'shifted', message: `${label} взято з попереднього рядка (зсув через розрив сторінки)` });
      } else {
        pm.notes.push({
          measure: null,
          kind: what === 'deadline' ? 'missing-deadline' : 'missing-executors',
          message: what === 'deadline' ? 'строк виконання в розпорядженні не зазначено; прийнято строк дії плану' : 'виконавців не зазначено',
        });
      }
    });
    for (let i = k; i < available.length; i++) carried.push(available[i]!);
  }
}
