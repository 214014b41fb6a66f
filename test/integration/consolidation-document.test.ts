import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../support/app.ts';
import { DIALECT } from '../support/database.ts';
import { officeToPdf, pdfPageCount, pdfText, zipPart } from '../support/office.ts';
import { createDemoCycle } from '../../src/features/demo/cycle.ts';
import { buildDocument } from '../../src/features/consolidation/document.ts';
import { render } from '../../src/features/consolidation/exports/index.ts';
import { consolidate } from '../../src/features/consolidation/service.ts';
import { loadDirectory } from '../../src/features/organisations/service.ts';
import { getPlan } from '../../src/features/plans/service.ts';
import { periodByKey } from '../../src/features/reports/service.ts';

/**
 * The consolidated document of a demo period, rendered by LibreOffice as it will print (issue 15):
 * each measure's cell says what was done from the figures, not executors' sentences stacked
 * under their names; no sentence twice; reporting discipline once, at the end.
 */

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
  await createDemoCycle(t.database.db, t.clock);
}, 120_000);
afterAll(async () => {
  await t.close();
});

/** The paragraphs' text of a part of a DOCX, in order, one string per w:p. */
function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!).join('').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
}

describe(`the consolidated document of a demo period, rendered, on ${DIALECT}`, () => {
  it('consolidates: totals with their breakdown, no source-prefixed or repeated sentence, discipline once at the end', async () => {
    const db = t.database.db;
    const directory = await loadDirectory(db);
    const plan = (await getPlan(db, PLAN_609))!;
    const doc = buildDocument(await consolidate(db, directory, plan, periodByKey(plan, '2024-H1')!), {}, directory);
    const docx = (await render(doc, 'docx', { version: null, signatory: null, forPublication: false, generatedAt: new Date('2024-08-01T09:00:00Z') })).bytes;
    const body = paragraphs(zipPart(docx, 'word/document.xml'));
    const measures = doc.goals.flatMap((g) => g.measures);
    // The Word kit writes one apostrophe (’) throughout.
    const cells = measures.map((m) => m.summary.replace(/'/g, '’'));
    for (const cell of cells) expect(body).toContain(cell);

    // No sentence names its source as "X: …": neither an executor's name nor its short name.
    const names = [...new Set(measures.flatMap((m) => m.sources.flatMap((s) => [s.organisation, directory.organisation(s.organisationId)?.shortName ?? s.organisation])))];
    expect(names.length).toBeGreaterThan(20);
    for (const cell of cells) for (const name of names) expect(cell, name).not.toContain(`${name.replace(/'/g, '’')}: `);
    expect(body.join('\n')).not.toMatch(/^(?:Територіальні громади|Громадські організації): подали/m);

    // No sentence twice in the document's body. The roll-up formula of a measure ("За інформацією всіх 2
    // виконавців, що її надали, захід виконано.") may recur, as "Виконано." does; the executors' column names
    // the same bodies row after row, and its names are not sentences.
    const sentences = body
      .flatMap((p) => p.split(/(?<=[.!?])\s+(?=[А-ЯІЇЄҐA-Z])/u))
      .filter((s) => s.length >= 40 && /[.!?]$/.test(s) && !/^За інформацією (?:всіх )?\d* ?виконавц[яів]+(?:, що її надали,)? захід [а-яі ]+\.$/u.test(s));
    expect(sentences.length).toBeGreaterThan(50);
    const twice = sentences.filter((s, i) => sentences.indexOf(s) !== i);
    expect(twice).toEqual([]);

    // The totals sentence with its breakdown by kind of executor, for an indicator reported by several kinds.
    const m11 = measures.find((m) => m.code === '1.1')!;
    const indicator = m11.totals.find((x) => x.byKind.length > 1)!;
    expect(m11.summary).toMatch(new RegExp(`${indicator.name} (?:\\(${indicator.unit.replace('.', '\\.')}\\): |— [\\d\\u202f]+ ${indicator.unit.replace('.', '\\.')} \\()обласні органи — [\\d\\u202f]+, райвійськадміністрації — [\\d\\u202f]+, громади — [\\d\\u202f]+`));
    expect(m11.summary).toMatch(/^За інформацією \d+ виконавців: виконано — \d+/);

    // Rendered as it will print: the discipline section once, after the last measure, in plain words.
    const pdf = await officeToPdf(docx);
    const pages = pdfPageCount(pdf);
    const text = pdfText(pdf);
    const title = 'Надання інформації виконавцями';
    expect(text.split(title)).toHaveLength(2);
    expect(text.split('Інформацію надали')).toHaveLength(2);
    const last = text.lastIndexOf(`${measures.at(-1)!.code} `);
    expect(last).toBeGreaterThan(0);
    expect(text.indexOf(title)).toBeGreaterThan(last);
    const closing = text.slice(text.indexOf(title)).replace(/\s+/g, ' ');
    expect(closing).toMatch(/Інформацію надали (?:всі )?\d+ (?:з \d+ )?виконавц/);
    expect(closing).toMatch(/Із \d+ виконавців, які залучаються до виконання плану за згодою, інформацію надали \d+/);
    expect(closing).toContain('Відмовилися надати інформацію:');
    expect(text).not.toMatch(/повнота|своєчасніст|координатором|підпорядкованих/);
    // The discipline is not in the measures any more.
    expect(text).not.toContain('Органи, що звітують за згодою: відмовилися');
    // Before issue 15 this period's document ran to well over twenty pages.
    expect(pages).toBeLessThan(20);
    console.log(`consolidation 2024-H1 of the test demo: ${pages} pages`);
  }, 240_000);

  it('never leaves a goal’s row at the foot of a PDF page without its first measure', async () => {
    const db = t.database.db;
    const directory = await loadDirectory(db);
    const plan = (await getPlan(db, PLAN_609))!;
    const source = buildDocument(await consolidate(db, directory, plan, periodByKey(plan, '2024-H1')!), {}, directory);
    // The text before goal 2 grows a line at a time, so goal 2's row falls at every height of a page once.
    const last = source.goals[0]!.measures.at(-1)!;
    let checked = 0;
    for (let k = 0; k < 24; k += 1) {
      const doc = { ...source, goals: source.goals.map((g, i) => (i === 0 ? { ...g, measures: g.measures.map((m) => (m === last ? { ...m, summary: `${m.summary}${' Додатково проведено зустрічі з мешканцями громад.'.repeat(k)}` } : m)) } : g)) };
      const pdf = (await render(doc, 'pdf', { version: null, signatory: null, forPublication: false, generatedAt: new Date('2024-08-01T09:00:00Z') })).bytes;
      const pages = pdfPageCount(pdf);
      for (let p = 1; p <= pages; p += 1) {
        const lines = pdfText(pdf, p).split('\n');
        for (const g of doc.goals) {
          const at = lines.findIndex((l) => l.includes(`Оперативна ціль ${g.number}.`));
          if (at < 0) continue;
          checked += 1;
          const first = g.measures[0]!.code.replace('.', '\\.');
          expect(lines.slice(at + 1).some((l) => new RegExp(`(^|\\s)${first}(\\s|$)`).test(l)), `+${k} lines: goal ${g.number} on page ${p} without measure ${g.measures[0]!.code}`).toBe(true);
        }
      }
    }
    expect(checked).toBe(24 * source.goals.length);
  }, 240_000);
});
