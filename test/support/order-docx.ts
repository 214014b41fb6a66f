import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, VerticalMergeType, WidthType } from 'docx';
import type { PlanFile } from '../../src/features/seed/data.ts';

/**
 * Builds the order as a Word document, the way administrations lay it out: the goal and task in
 * the first column merged down over their measures, a header row, and the table split in two
 * across a page break with the column numbers repeated ("1 2 3 4").
 */
export async function orderDocx(plan: PlanFile, options: { splitAfterGoal?: number } = {}): Promise<Buffer> {
  const p = (text: string) => new Paragraph({ children: [new TextRun({ text, font: 'Times New Roman', size: 24 })] });
  const cell = (paragraphs: string[], extra: Partial<ConstructorParameters<typeof TableCell>[0]> = {}) =>
    new TableCell({ children: paragraphs.length ? paragraphs.map(p) : [p('')], width: { size: 25, type: WidthType.PERCENTAGE }, ...extra });
  const header = () => [
    new TableRow({ children: ['Найменування завдання', 'Найменування заходу', 'Строки виконання', 'Відповідальні за виконання'].map((t) => cell([t])), tableHeader: true }),
    new TableRow({ children: ['1', '2', '3', '4'].map((t) => cell([t])) }),
  ];
  const tables: TableRow[][] = [header()];
  for (const goal of plan.goals) {
    if (options.splitAfterGoal !== undefined && goal.number === options.splitAfterGoal + 1) tables.push(header().slice(1));
    const rows = tables[tables.length - 1]!;
    for (const task of goal.tasks) {
      task.measures.forEach((m, i) => {
        const number = m.code.split('.')[1];
        const first = i === 0;
        rows.push(
          new TableRow({
            children: [
              first
                ? cell([`Оперативна ціль ${goal.number}. ${goal.title}`, `${task.number}) ${task.title}`], { verticalMerge: VerticalMergeType.RESTART })
                : cell([], { verticalMerge: VerticalMergeType.CONTINUE }),
              cell(m.title.split('\n\n').map((t, k) => (k === 0 ? `${number}) ${t}` : t))),
              cell(m.deadline ? [m.deadline] : []),
              cell([m.executors.map((e) => e.asWritten).join(', ')]),
            ],
          }),
        );
      });
    }
  }
  const doc = new Document({
    sections: [
      {
        children: [
          p('ПОЛТАВСЬКА ОБЛАСНА ВІЙСЬКОВА АДМІНІСТРАЦІЯ'),
          p('РОЗПОРЯДЖЕННЯ'),
          p(plan.legal.date.split('-').reverse().join('.')),
          p(`№ ${plan.legal.number}`),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun('ОБЛАСНИЙ ПЛАН')] }),
          p(plan.title.replace(/^Обласний план\s+/, '')),
          ...tables.flatMap((rows, i) => [...(i > 0 ? [new Paragraph({ pageBreakBefore: true, children: [] })] : []), new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } })]),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
