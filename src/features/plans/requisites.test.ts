import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { buildDocument } from '../consolidation/document.ts';
import { render } from '../consolidation/exports/index.ts';
import { consolidate } from '../consolidation/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { periodByKey } from '../reports/service.ts';
import { getPlan } from './service.ts';

const PAGE = `/plans/${PLAN_609}/requisites`;
const TITLE_GEN = 'Обласного плану заходів щодо реалізації державної політики у сфері протидії торгівлі людьми на період до 2025 року';
const ISSUER_GEN = 'начальника Полтавської обласної військової адміністрації';
let t: TestApp;
let dir: string;

beforeAll(async () => {
  t = await buildTestApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-requisites-'));
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function post(fields: Record<string, unknown>, who = 'coordinator', csrf = true) {
  const s = await t.as(who);
  return t.app.inject({ method: 'POST', url: PAGE, cookies: s.cookies, payload: { ...(csrf ? { _csrf: s.csrf } : {}), ...fields } });
}

async function files() {
  const db = t.database.db;
  const directory = await loadDirectory(db);
  const plan = (await getPlan(db, PLAN_609))!;
  const doc = buildDocument(await consolidate(db, directory, plan, periodByKey(plan, '2024-H1')!), {}, directory);
  const o = { version: null, signatory: null, forPublication: false };
  const read = (bytes: Buffer, args: string[]) => {
    const file = path.join(dir, `f-${Math.random().toString(36).slice(2)}`);
    fs.writeFileSync(file, bytes);
    return execFileSync(args[0]!, [...args.slice(1), file, ...(args[0] === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  };
  // Word splits text into runs; the words are compared without the markup.
  const words = (xml: string) => xml.replace(/<[^>]+>/g, '');
  return {
    docx: words(read((await render(doc, 'docx', o)).bytes, ['unzip', '-p']).replace(/^/, '')),
    letter: words(read((await render(doc, 'letter', o)).bytes, ['unzip', '-p'])),
    pdf: read((await render(doc, 'pdf', o)).bytes, ['pdftotext', '-enc', 'UTF-8']).replace(/\s+/g, ' '),
  };
}

describe(`a plan's requisites for its documents, on ${DIALECT}`, () => {
  it('are suggested from the order, confirmed by the coordinator, and make the heading one sentence in the genitive', async () => {
    // Before: the title quoted as written, and the page says what to do.
    let f = await files();
    expect(f.docx).toContain('про стан виконання «Обласний план заходів');
    expect((await t.get(`/plans/${PLAN_609}/periods/2024-H1/consolidation`, 'coordinator')).body).toContain(`href="${PAGE}"`);

    const page = await t.get(PAGE, 'coordinator');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(TITLE_GEN);
    expect(page.body).toContain(ISSUER_GEN);
    expect(page.body).toContain('Запропоновано з тексту розпорядження');
    expect(page.body).toContain('затвердженого розпорядженням начальника Полтавської обласної військової адміністрації від 04.09.2023 № 609');

    // Refused beside the field, nothing saved.
    for (const [fields, message] of [
      [{ titleGenitive: '«Обласного плану»', issuerGenitive: ISSUER_GEN }, 'Без лапок'],
      [{ titleGenitive: 'я'.repeat(1_001), issuerGenitive: ISSUER_GEN }, 'Не довше за 1000 символів'],
    ] as const) {
      const bad = await post(fields);
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain(message);
      expect(bad.body).toContain('<title>Помилка:');
    }
    expect((await getPlan(t.database.db, PLAN_609))!.requisites).toEqual({ titleGenitive: null, issuerGenitive: null });
    // Only the coordinating department, with its token.
    expect((await post({ titleGenitive: TITLE_GEN, issuerGenitive: ISSUER_GEN }, 'executorA')).statusCode).toBe(403);
    expect((await post({ titleGenitive: TITLE_GEN, issuerGenitive: ISSUER_GEN }, 'supervisor')).statusCode).toBe(403);
    expect((await post({ titleGenitive: TITLE_GEN, issuerGenitive: ISSUER_GEN }, 'coordinator', false)).statusCode).toBe(403);
    expect((await t.get(PAGE, 'admin')).statusCode).toBe(403);

    const saved = await post({ titleGenitive: `  ${TITLE_GEN}\n`, issuerGenitive: ISSUER_GEN });
    expect(saved.statusCode).toBe(303);
    expect((await getPlan(t.database.db, PLAN_609))!.requisites).toEqual({ titleGenitive: TITLE_GEN, issuerGenitive: ISSUER_GEN });

    f = await files();
    const heading = `про стан виконання ${TITLE_GEN}, затвердженого розпорядженням ${ISSUER_GEN} від 04.09.2023 № 609, за I півріччя 2024 року`;
    expect(f.docx).toContain(heading);
    expect(f.docx).not.toContain('«Обласний план заходів');
    // The basis is in the heading: no separate line repeating it.
    expect(f.docx).not.toContain('Підстава:');
    expect(f.pdf).toContain(heading);
    expect(f.letter).toContain(`Надсилаємо інформацію ${heading}.`);
    // The consolidation page no longer asks for them.
    expect((await t.get(`/plans/${PLAN_609}/periods/2024-H1/consolidation`, 'coordinator')).body).not.toContain('підтвердіть назву й посаду');
  });
});
