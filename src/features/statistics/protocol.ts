import { AlignmentType, Document, Packer, Table, TableRow, WidthType } from 'docx';
import { formatLocalDate, type LocalDate } from '../../domain/dates.ts';
import { cell, DOCUMENT_STYLES, p, section, TABLE, TEXT_WIDTH, twoColumns } from '../consolidation/exports/docx-kit.ts';

/**
 * The protocol of a closed reconciliation («Акт звірки статистичних даних»), DSTU 4163:2020: the
 * name of the document and its heading, the date, the parties, the figures compared (the period's
 * and the year's so far, with their differences), the explanations each side gave, and a
 * signature block per party. Counts only: nothing in it names a person but the signatories.
 */

export interface ProtocolParty {
  /** The organisation's name as the directory has it, and the short name for the table's columns. */
  name: string;
  shortName: string;
  /** The official who signs (from the directory); null: a line to sign and to write the name by hand. */
  signatory: { position: string; name: string } | null;
}

export interface ProtocolContent {
  /** "звірки кількості дітей, які постраждали від торгівлі людьми" (the heading after "АКТ"). */
  about: string;
  period: string;
  date: LocalDate;
  left: ProtocolParty;
  right: ProtocolParty;
  rows: { label: string; left: number | null; right: number | null; difference: number | null; leftYear: number | null; rightYear: number | null }[];
  explanations: { party: string; row: string; text: string }[];
}

const n = (v: number | null) => (v === null ? '—' : new Intl.NumberFormat('uk-UA').format(v));
const signed = (v: number | null) => (v === null ? '—' : v > 0 ? `+${n(v)}` : n(v));

/** "Звірка кількості дітей …" → "звірки кількості дітей …" (the heading takes the genitive: акт чого?). */
export function protocolAbout(title: string): string {
  const t = title.trim();
  return /^звірка\s/iu.test(t) ? `звірки ${t.replace(/^звірка\s+/iu, '')}` : t[0]!.toLowerCase() + t.slice(1);
}

function signatureBlock(party: ProtocolParty) {
  const position = party.signatory?.position ?? party.name;
  return twoColumns(
    [p(position, { align: AlignmentType.LEFT })],
    [p(party.signatory?.name ?? '____________________', { align: AlignmentType.RIGHT })],
    0.6,
  );
}

export async function protocolDocx(c: ProtocolContent): Promise<Buffer> {
  // Two tables, the period's and the year's so far: four columns each, legible on A4 portrait.
  const widths = [0.46, 0.18, 0.18, 0.18].map((x) => Math.round(TEXT_WIDTH * x));
  const table = (values: (r: ProtocolContent['rows'][number]) => [number | null, number | null]) =>
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      rows: [
        new TableRow({ tableHeader: true, cantSplit: true, children: ['Показник', c.left.shortName, c.right.shortName, 'Різниця'].map((h, i) => cell([p(h, { size: TABLE, bold: true, align: AlignmentType.CENTER })], { width: widths[i] })) }),
        ...c.rows.map((r) => {
          const [l, rt] = values(r);
          return new TableRow({ cantSplit: true, children: [r.label, n(l), n(rt), signed(l !== null && rt !== null ? l - rt : null)].map((v, i) => cell([p(v, { size: TABLE, align: i === 0 ? AlignmentType.LEFT : AlignmentType.CENTER })], { width: widths[i] })) });
        }),
      ],
    });
  const differences = c.rows.filter((r) => r.difference !== null && r.difference !== 0).length;
  // "звірки кількості дітей, які постраждали …, за II квартал": the clause closed by a comma.
  const heading = `${c.about}${/,\s/.test(c.about) ? ',' : ''} за ${c.period}`;
  const year = /\d{4}/.exec(c.period)?.[0] ?? '';
  const children = [
    p('АКТ', { bold: true, align: AlignmentType.CENTER }),
    p(heading, { bold: true, align: AlignmentType.CENTER, after: 240 }),
    p(formatLocalDate(c.date), { align: AlignmentType.LEFT, after: 240 }),
    p(`Сторони звірки: ${c.left.name} (${c.left.shortName}) та ${c.right.name} (${c.right.shortName}).`, { indent: true, after: 120 }),
    p(`Звірено кількісні дані за ${c.period} та з початку ${year} року. Дані про осіб не передавалися й не звірялися.`, { indent: true, after: 240 }),
    p(`1. За ${c.period}`, { bold: true, align: AlignmentType.LEFT, after: 120, keepNext: true }),
    table((r) => [r.left, r.right]),
    p(`2. З початку ${year} року`, { bold: true, align: AlignmentType.LEFT, before: 240, after: 120, keepNext: true }),
    table((r) => [r.leftYear, r.rightYear]),
    p(differences === 0 ? 'Розбіжностей за період не виявлено.' : `Розбіжностей за період: ${differences}.`, { indent: true, before: 240, after: 120 }),
    ...(c.explanations.length ? [p('Пояснення сторін під час звірки:', { indent: true, after: 60 }), ...c.explanations.map((e) => p(`${e.row} — ${e.party}: ${e.text}`, { indent: true, after: 60 }))] : []),
    p('Дані звірено й підтверджено обома сторонами.', { indent: true, before: 120, after: 480 }),
    signatureBlock(c.left),
    p('', { after: 360 }),
    signatureBlock(c.right),
  ];
  const document = new Document({ creator: 'Zvit', title: `Акт ${heading}`, styles: DOCUMENT_STYLES, sections: [section(children)] });
  return Packer.toBuffer(document);
}
