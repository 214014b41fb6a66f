import { AlignmentType, Document, HeightRule, Packer, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { IndicatorKind } from '../../domain/reports.ts';
import { DOCUMENT_STYLES, FONT, LANG, p, run, section, TABLE, TEXT_WIDTH, twip } from '../consolidation/exports/docx-kit.ts';
import { uk } from '../consolidation/text.ts';
import { FORM_PROPERTY, MARKER_PREFIX } from './token.ts';

/**
 * The fill-in form as a Word file: a heading (whose form, which plan and period, by when), short
 * instructions, then a table per measure — its code and title, its deadline, and grey cells for
 * the state, what was done, each indicator and the reason. Each table has the same fixed rows,
 * and each row's first cell names its field, so the form is read back by those labels whether
 * Word or LibreOffice saved it (see read.ts). The signed identifier goes in a custom document
 * property and, as a fallback, in a hidden paragraph at the end.
 */

export interface FormIndicator {
  id: number;
  code: string;
  name: string;
  unit: string;
  kind: IndicatorKind;
}

export interface FormMeasure {
  id: number;
  code: string;
  title: string;
  deadlineText: string | null;
  indicators: FormIndicator[];
}

export interface FormContent {
  token: string;
  organisationName: string;
  /** "про стан виконання …, затвердженого …, за II півріччя 2025 року". */
  about: string;
  /** дд.мм.рррр */
  returnBy: string;
  coordinator: { name: string; email: string | null };
  measures: FormMeasure[];
}

/** The grey of the cells to fill. */
const FIELD_FILL = 'E7E6E6';
const LABEL_SHARE = 0.36;

/** The label of each field row, as the reader finds it (its first words). */
export const FIELD_LABELS = {
  deadline: uk.t('fillIn.doc.deadline'),
  state: uk.t('fillIn.doc.state'),
  narrative: uk.t('fillIn.doc.narrative'),
  reason: uk.t('fillIn.doc.reason'),
  indicator: uk.t('fillIn.doc.indicator', { number: 0, name: '', unit: '' }).split(' ')[0]!,
} as const;

/** "Показник 2: Сума допомоги, грн" — numbered within the measure (the plan's indicator codes are internal). */
export function indicatorLabel(i: Pick<FormIndicator, 'name' | 'unit'>, number: number): string {
  return uk.t('fillIn.doc.indicator', { number, name: i.name, unit: i.unit });
}

export function measureHeading(m: Pick<FormMeasure, 'code' | 'title'>): string {
  return uk.t('fillIn.doc.measure', { code: m.code, title: m.title });
}

// The heading, deadline and state rows keep with the next: a measure's heading never ends a page alone.
const tp = (text: string, o: { bold?: boolean; italic?: boolean; keep?: boolean } = {}) => p(text, { size: TABLE, bold: o.bold, italic: o.italic, align: AlignmentType.LEFT, keepNext: o.keep ?? false });

function labelCell(label: string, hint: string | null, keep = false): TableCell {
  const children = [new Paragraph({ alignment: AlignmentType.LEFT, keepNext: keep, children: [run(label, { size: TABLE, bold: true })] })];
  if (hint) children.push(tp(hint, { italic: true, keep }));
  return new TableCell({ children, width: { size: Math.round(TEXT_WIDTH * LABEL_SHARE), type: WidthType.DXA }, margins: { top: 40, bottom: 40, left: 80, right: 80 } });
}

function fieldCell(keep = false): TableCell {
  return new TableCell({
    children: [tp('', { keep })],
    width: { size: TEXT_WIDTH - Math.round(TEXT_WIDTH * LABEL_SHARE), type: WidthType.DXA },
    shading: { fill: FIELD_FILL, type: ShadingType.CLEAR, color: 'auto' },
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
  });
}

function valueCell(text: string): TableCell {
  return new TableCell({ children: [tp(text, { keep: true })], width: { size: TEXT_WIDTH - Math.round(TEXT_WIDTH * LABEL_SHARE), type: WidthType.DXA }, margins: { top: 40, bottom: 40, left: 80, right: 80 } });
}

function measureTable(m: FormMeasure): Table {
  const rows = [
    new TableRow({
      cantSplit: true,
      tableHeader: false,
      children: [new TableCell({ columnSpan: 2, children: [new Paragraph({ alignment: AlignmentType.LEFT, keepNext: true, children: [run(measureHeading(m), { size: TABLE, bold: true })] })], margins: { top: 40, bottom: 40, left: 80, right: 80 } })],
    }),
    new TableRow({ cantSplit: true, children: [labelCell(FIELD_LABELS.deadline, null, true), valueCell(m.deadlineText ?? uk.t('fillIn.doc.noDeadline'))] }),
    new TableRow({ cantSplit: true, children: [labelCell(FIELD_LABELS.state, uk.t('fillIn.doc.stateHint'), true), fieldCell(true)] }),
    new TableRow({ height: { value: twip(35), rule: HeightRule.ATLEAST }, children: [labelCell(FIELD_LABELS.narrative, uk.t('fillIn.doc.narrativeHint')), fieldCell()] }),
    ...m.indicators.map((i, n) => new TableRow({ cantSplit: true, children: [labelCell(indicatorLabel(i, n + 1), uk.t(`fillIn.doc.hint.${i.kind}`)), fieldCell()] })),
    new TableRow({ cantSplit: true, children: [labelCell(FIELD_LABELS.reason, uk.t('fillIn.doc.reasonHint')), fieldCell()] }),
  ];
  return new Table({ width: { size: TEXT_WIDTH, type: WidthType.DXA }, columnWidths: [Math.round(TEXT_WIDTH * LABEL_SHARE), TEXT_WIDTH - Math.round(TEXT_WIDTH * LABEL_SHARE)], rows });
}

/** The form as DOCX bytes. */
export async function formDocx(c: FormContent): Promise<Buffer> {
  const sendTo = c.coordinator.email ? uk.t('fillIn.doc.sendTo', { email: c.coordinator.email, organisation: c.coordinator.name }) : uk.t('fillIn.doc.sendToNoEmail', { organisation: c.coordinator.name });
  const children: (Paragraph | Table)[] = [
    p(uk.t('fillIn.doc.title'), { bold: true, align: AlignmentType.CENTER }),
    p(c.about, { bold: true, align: AlignmentType.CENTER, after: 240 }),
    p(uk.t('fillIn.doc.organisation', { name: c.organisationName }), { align: AlignmentType.LEFT }),
    p(uk.t('fillIn.doc.returnBy', { date: c.returnBy }), { align: AlignmentType.LEFT, after: 240 }),
    p(uk.t('fillIn.doc.instructions'), { indent: true }),
    p(sendTo, { indent: true, after: 240 }),
  ];
  for (const m of c.measures) {
    children.push(measureTable(m));
    children.push(p('', { size: TABLE, after: 120 }));
  }
  children.push(p(uk.t('fillIn.doc.signature'), { align: AlignmentType.LEFT, before: 360 }));
  children.push(p(uk.t('fillIn.doc.executor'), { align: AlignmentType.LEFT, size: TABLE, before: 240 }));
  // The fallback identifier: hidden text, kept by Word and LibreOffice when they drop custom properties.
  children.push(new Paragraph({ children: [new TextRun({ text: `${MARKER_PREFIX}${c.token}`, vanish: true, size: 2, font: FONT, language: LANG })] }));
  const doc = new Document({
    creator: 'Звіт',
    title: uk.t('fillIn.doc.fileName', { organisation: c.organisationName, period: '' }).replace(/\s—\s$/, ''),
    customProperties: [{ name: FORM_PROPERTY, value: c.token }],
    styles: DOCUMENT_STYLES,
    sections: [section(children)],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}
