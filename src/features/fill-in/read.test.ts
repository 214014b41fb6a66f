import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { officeResave, officeToPdf, pdfPageCount, pdfPagePng, pdfText, zipPart } from '../../../test/support/office.ts';
import { translator } from '../../i18n/index.ts';
import { fillForm, withParts } from './filling.test-support.ts';
import { formDocx, type FormContent } from './generate.ts';
import { FormReadError, readFilledForm, readIdentity, warningText, type FormReading } from './read.ts';
import { formToken } from './token.ts';

/**
 * The fill-in form as a real file: generated, filled by editing its XML, saved again by
 * LibreOffice, and read back into exactly what was typed — or refused, or read with warnings
 * that name the measure.
 */

const KEY = randomBytes(32);
const ID = { planId: 'poltava-ctb-2023-2025', periodKey: '2024-H1', organisationId: 'poltava-hromada' };
const tr = translator('uk');

const content: FormContent = {
  token: formToken(KEY, ID),
  organisationName: 'Полтавська міська рада',
  about: 'про стан виконання «Обласного плану заходів» за I півріччя 2024 року',
  returnBy: '15.07.2024',
  coordinator: { name: 'Департамент соціального захисту населення', email: 'social@example.gov.ua' },
  measures: [
    { id: 11, code: '1.1', title: 'Проведення інформаційно-просвітницьких заходів до Дня боротьби з торгівлею людьми', deadlineText: '2023-2025 роки', indicators: [{ id: 101, code: '1.1.1', name: 'Кількість заходів', unit: 'од.', kind: 'count' }] },
    { id: 12, code: '2.3', title: 'Надання одноразової матеріальної допомоги особам, які постраждали від торгівлі людьми', deadlineText: 'Постійно', indicators: [{ id: 102, code: '2.3.1', name: 'Сума допомоги', unit: 'грн', kind: 'money' }, { id: 103, code: '2.3.2', name: 'Чи створено робочу групу', unit: 'так/ні', kind: 'boolean' }] },
    { id: 13, code: '4.6', title: 'Надання безоплатної правничої допомоги', deadlineText: null, indicators: [] },
  ],
};

const typed = [
  { code: '1.1', label: 'Стан виконання', text: 'виконано' },
  { code: '1.1', label: 'Що зроблено', text: 'Проведено 12 заходів у школах громади.\nЗалучено 340 учнів — «Безпечне майбутнє»; обов’язково & <без> змін.' },
  { code: '1.1', label: 'Показник 1:', text: '12' },
  { code: '2.3', label: 'Стан виконання', text: 'не виконано' },
  { code: '2.3', label: 'Показник 1:', text: '1234,50' },
  { code: '2.3', label: 'Показник 2:', text: 'ні' },
  { code: '2.3', label: 'Причина', text: 'Звернень не надходило.' },
  { code: '4.6', label: 'Стан виконання', text: 'виконується' },
  { code: '4.6', label: 'Що зроблено', text: 'Консультації надаються щотижня.' },
];

function expectTyped(r: FormReading) {
  expect(r.identity).toEqual(ID);
  expect(r.measures.map((m) => ({ id: m.measureId, found: m.found, state: m.state, narrative: m.narrative, reason: m.reason, values: m.values }))).toEqual([
    { id: 11, found: true, state: 'done', narrative: 'Проведено 12 заходів у школах громади.\nЗалучено 340 учнів — «Безпечне майбутнє»; обов’язково & <без> змін.', reason: '', values: { 101: 12 } },
    { id: 12, found: true, state: 'not_done', narrative: '', reason: 'Звернень не надходило.', values: { 102: 123450, 103: 0 } },
    { id: 13, found: true, state: 'in_progress', narrative: 'Консультації надаються щотижня.', reason: '', values: {} },
  ]);
  expect(r.filled).toBe(3);
}

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof FormReadError) return err.problem;
    throw err;
  }
  return 'read';
}

describe('the fill-in form, generated', () => {
  it('is a Word file with the heading, the instructions, a table per measure, the identifier twice, every run in Ukrainian', async () => {
    const bytes = await formDocx(content);
    const doc = zipPart(bytes, 'word/document.xml');
    const runs = doc.match(/<w:r>/g)?.length ?? 0;
    expect(runs).toBeGreaterThan(20);
    expect(doc.match(/<w:lang w:val="uk-UA"\/>/g)?.length ?? 0).toBeGreaterThanOrEqual(runs);
    expect(doc.match(/<w:tbl>/g)?.length).toBe(3);
    expect(doc).toContain('<w:vanish/>');
    expect(zipPart(bytes, 'docProps/custom.xml')).toContain(content.token);
    const pdf = await officeToPdf(bytes);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('ФОРМА ЗВІТУ');
    expect(text).toContain('Організація: Полтавська міська рада');
    expect(text).toContain('Строк подання: до 15.07.2024');
    expect(text).toContain('social@example.gov.ua');
    expect(text).toContain('Захід 2.3. Надання одноразової матеріальної допомоги');
    expect(text).toContain('Показник 1: Сума допомоги, грн');
    expect(text).not.toContain('2.3.1');
    expect(text).toContain('(сума, грн; копійки — після коми)');
    // The hidden identifier does not print.
    expect(text).not.toContain('ZVIT-FORM');
    if (process.env.ZVIT_LOOK) {
      fs.writeFileSync('/tmp/fill-in-form.pdf', pdf);
      for (let i = 1; i <= pdfPageCount(pdf); i++) pdfPagePng(pdf, i, `/tmp/fill-in-form-${i}.png`, 60);
    }
  });
});

describe('a filled form read back', () => {
  it('(a) filled by editing its XML: exactly the typed values, no warnings', async () => {
    const filled = fillForm(await formDocx(content), typed);
    const r = readFilledForm(filled, KEY, content.measures);
    expectTyped(r);
    expect(r.warnings).toEqual([]);
  });

  it('(a′) indicator rows swapped by the clerk: each value still goes to its indicator', async () => {
    const filled = fillForm(await formDocx(content), typed, (doc) => {
      const rows = [...doc.matchAll(/<w:tr\b[^>]*>(?:(?!<\/w:tr>)[\s\S])*?<\/w:tr>/g)].map((m) => m[0]);
      const a = rows.find((r) => r.includes('Показник 1: Сума допомоги'))!;
      const b = rows.find((r) => r.includes('Показник 2: Чи створено'))!;
      return doc.replace(a, '\u0000').replace(b, a).replace('\u0000', b);
    });
    const r = readFilledForm(filled, KEY, content.measures);
    expectTyped(r);
    expect(r.warnings).toEqual([]);
  });

  it('(b) filled, then saved again by LibreOffice: exactly the same values', async () => {
    const resaved = await officeResave(fillForm(await formDocx(content), typed));
    // LibreOffice keeps both identifiers: the custom property and the hidden mark.
    expect(zipPart(resaved, 'docProps/custom.xml')).toContain(content.token);
    expect(zipPart(resaved, 'word/document.xml')).toContain(`ZVIT-FORM ${content.token}`);
    const r = readFilledForm(resaved, KEY, content.measures);
    expectTyped(r);
    expect(r.warnings.map((w) => warningText(tr, w))).toEqual([]);
  });

  it('(b′) the empty form saved by LibreOffice, then filled: the same values', async () => {
    const resaved = await officeResave(await formDocx(content));
    expect(readIdentity(resaved, KEY).identity).toEqual(ID);
    expectTyped(readFilledForm(fillForm(resaved, typed), KEY, content.measures));
  });

  it('(c) refuses a file that is no form, an empty form, a forged or damaged identifier; knows whose form it is', async () => {
    const form = await formDocx(content);
    expect(refusal(() => readFilledForm(Buffer.from('Шановні колеги!'), KEY, content.measures))).toBe('not-docx');
    expect(refusal(() => readFilledForm(Buffer.alloc(0), KEY, content.measures))).toBe('empty-file');
    expect(refusal(() => readFilledForm(form, KEY, content.measures))).toBe('empty');
    // Another installation's form (another key) — and one whose organisation was edited by hand.
    expect(refusal(() => readFilledForm(fillForm(form, typed), randomBytes(32), content.measures))).toBe('tampered');
    const other = formToken(KEY, { ...ID, organisationId: 'poltava-police' });
    const forged = withParts(fillForm(form, typed), (p) => {
      for (const name of ['docProps/custom.xml', 'word/document.xml']) p.set(name, Buffer.from(p.get(name)!.toString('utf8').replace(content.token, content.token.replace('poltava-hromada', 'poltava-police'))));
    });
    expect(refusal(() => readFilledForm(forged, KEY, content.measures))).toBe('tampered');
    // A real form of another organisation reads as that organisation's (the service refuses it by name).
    const theirs = fillForm(await formDocx({ ...content, token: other }), typed);
    expect(readFilledForm(theirs, KEY, content.measures).identity.organisationId).toBe('poltava-police');
    // Without either identifier: not a form.
    const stripped = withParts(fillForm(form, typed), (p) => {
      p.delete('docProps/custom.xml');
      p.set('word/document.xml', Buffer.from(p.get('word/document.xml')!.toString('utf8').replace(`ZVIT-FORM ${content.token}`, '')));
    });
    expect(refusal(() => readFilledForm(stripped, KEY, content.measures))).toBe('not-form');
    // The properties dropped, the hidden mark kept: read, with a word about it.
    const markerOnly = withParts(fillForm(form, typed), (p) => p.delete('docProps/custom.xml'));
    const r = readFilledForm(markerOnly, KEY, content.measures);
    expect(r.warnings.map((w) => w.key)).toEqual(['fillIn.warn.markerOnly']);
  });

  it('(d) a row deleted, tables reordered, "1 234", a state in capitals or in words: read, with warnings naming the measure', async () => {
    const messy = [
      { code: '1.1', label: 'Стан виконання', text: 'ВИКОНАНО.' },
      { code: '1.1', label: 'Показник 1:', text: '1 234' },
      { code: '2.3', label: 'Стан виконання', text: 'Не виконано' },
      { code: '2.3', label: 'Показник 1:', text: '12 000.5' },
      { code: '2.3', label: 'Показник 2:', text: 'можливо' },
      { code: '4.6', label: 'Стан виконання', text: 'частково' },
    ];
    const form = fillForm(await formDocx(content), messy, (doc) => {
      const tables = [...doc.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);
      // The "Що зроблено" row of 1.1 deleted; the tables of 2.3 and 4.6 swapped.
      const first = tables[0]!.replace(/<w:tr\b[^>]*>(?:(?!<\/w:tr>)[\s\S])*?Що зроблено[\s\S]*?<\/w:tr>/, '');
      return doc.replace(tables[0]!, first).replace(tables[1]!, '\u0000').replace(tables[2]!, tables[1]!).replace('\u0000', tables[2]!);
    });
    const r = readFilledForm(form, KEY, content.measures);
    expect(r.measures.map((m) => [m.code, m.state, m.values])).toEqual([
      ['1.1', 'done', { 101: 1234 }],
      ['2.3', 'not_done', { 102: 1200050 }],
      ['4.6', null, {}],
    ]);
    const said = r.warnings.map((w) => warningText(tr, w));
    expect(said).toEqual([
      'Заходи у файлі переставлено — прочитано за номерами заходів.',
      'Захід 1.1: стан «ВИКОНАНО.» прочитано як «виконано».',
      'Захід 1.1: рядок «Що зроблено» не знайдено — поле не прочитано.',
      'Захід 1.1, показник «Кількість заходів»: «1 234» прочитано як 1\u202f234.',
      'Захід 2.3: стан «Не виконано» прочитано як «не виконано».',
      'Захід 2.3, показник «Сума допомоги»: «12 000.5» прочитано як 12\u202f000,50.',
      'Захід 2.3, показник «Чи створено робочу групу»: «можливо» не є відповіддю так/ні — не прочитано.',
      'Захід 2.3: стан «не виконано» потребує причини, а її не зазначено.',
      'Захід 4.6: стан «частково» не вдалося прочитати — вкажіть його вручну.',
    ]);
    // A whole measure's table deleted.
    const without = fillForm(await formDocx(content), typed, (doc) => doc.replace([...doc.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)][1]![0], ''));
    const w = readFilledForm(without, KEY, content.measures);
    expect(w.measures.map((m) => m.found)).toEqual([true, false, true]);
    expect(w.warnings.map((x) => warningText(tr, x))).toEqual(['Захід 2.3: таблицю заходу не знайдено у файлі (рядки видалено?) — нічого не прочитано.']);
  });
});
