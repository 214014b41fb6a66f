import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { multipart } from '../../../test/support/multipart.ts';
import { officeResave, zipPart } from '../../../test/support/office.ts';
import { formatIndicatorValue } from '../../domain/reports.ts';
import { loadDirectory } from '../organisations/service.ts';
import { loadReport, type ReportView } from '../reports/service.ts';
import { fillForm } from './filling.test-support.ts';
import { formDocx } from './generate.ts';
import { formKey } from './repository.ts';
import { formToken } from './token.ts';

/**
 * The round trip through HTTP, as the coordinator does it: download an organisation's form,
 * upload it filled (and saved again by LibreOffice), read the preview, confirm — the report is
 * then entered from the letter as a draft with exactly the typed values, the file kept as the
 * letter's, an audit event written, and the review sees it. Another's form is refused by name.
 */

const H1 = '2024-H1';
let t: TestApp;
let community: string;
let other: string;
let view: ReportView;

const base = (org: string, period = H1) => `/plans/${PLAN_609}/periods/${period}/organisations/${org}/fill-in`;
const reportUrl = (org: string) => `/reports/${PLAN_609}/${H1}/${org}`;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();

async function download(org: string, period = H1): Promise<Buffer> {
  const r = await t.get(base(org, period), 'coordinator');
  expect(r.statusCode).toBe(200);
  expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  return r.rawPayload;
}

async function upload(org: string, data: Buffer, fields: Record<string, string> = { letterNumber: '01-15/77', letterDate: '2024-07-12' }): Promise<LightMyRequestResponse> {
  const s = await t.as('coordinator');
  return t.app.inject({ method: 'POST', url: `${base(org)}/upload`, cookies: s.cookies, ...multipart({ _csrf: s.csrf, ...fields }, { name: 'file', filename: 'Форма громади.docx', data }) });
}

/** What the clerk types: every measure done, a narrative naming it, each indicator a value of its kind. */
function typedFor(v: ReportView) {
  return v.measures.flatMap((m, k) => [
    { code: m.code, label: 'Стан виконання', text: k === 0 ? 'не виконано' : 'виконано' },
    { code: m.code, label: 'Що зроблено', text: `Громада: захід ${m.code}.\nДругий абзац — «лапки» й апостроф’.` },
    ...(k === 0 ? [{ code: m.code, label: 'Причина', text: 'Не було звернень.' }] : []),
    ...m.indicators.map((i, j) => ({ code: m.code, label: `Показник ${j + 1}:`, text: i.kind === 'money' ? `${100 + j},25` : i.kind === 'boolean' ? 'так' : String(10 + j) })),
  ]);
}

beforeAll(async () => {
  t = await buildTestApp({ now: '2024-07-20T09:00:00.000Z' });
  const directory = await loadDirectory(t.database.db);
  const members = directory.group('local-self-government')!.memberIds;
  const owing = [];
  for (const id of members) {
    const v = (await loadReport(t.database.db, directory, t.clock, PLAN_609, H1, id))!;
    if (v.measures.length > 0) owing.push(v);
    if (owing.length === 2) break;
  }
  view = owing[0]!;
  community = view.organisation.id;
  other = owing[1]!.organisation.id;
});
afterAll(async () => {
  await t.close();
});

describe(`the fill-in round trip through HTTP, on ${DIALECT}`, () => {
  it('downloads a form naming the organisation, its measures and the coordinator’s address', async () => {
    // The typed values below go through indicators too.
    expect(view.measures.filter((m) => m.indicators.length > 0).length).toBeGreaterThan(0);
    const bytes = await download(community);
    const doc = zipPart(bytes, 'word/document.xml');
    expect(doc).toContain(view.organisation.name.replace(/'/g, '’').replace(/&/g, '&amp;').slice(0, 20));
    for (const m of view.measures) expect(doc).toContain(`Захід ${m.code}.`);
    expect(zipPart(bytes, 'docProps/custom.xml')).toMatch(new RegExp(`zf1\\.${PLAN_609}\\.${H1}\\.${community}\\.`));
    // Only the plan's coordinator.
    expect((await t.get(base(community), 'executorA')).statusCode).toBe(403);
    expect((await t.get(base(community), 'supervisor')).statusCode).toBe(403);
    expect((await t.get(`/plans/${PLAN_609}/periods/${H1}/organisations/no-such-org/fill-in`, 'coordinator')).statusCode).toBe(404);
  });

  it('refuses, beside the file field, what is not this organisation’s form for this period', async () => {
    const mine = fillForm(await download(community), typedFor(view));
    const theirs = fillForm(await download(other), typedFor(view).filter(() => false).concat([]), (d) => d);
    // Another organisation's form (filled) on this organisation's page: named.
    const otherView = (await loadReport(t.database.db, await loadDirectory(t.database.db), t.clock, PLAN_609, H1, other))!;
    const theirsFilled = fillForm(await download(other), typedFor(otherView));
    const r1 = await upload(community, theirsFilled);
    expect(r1.statusCode).toBe(422);
    expect(text(r1.body)).toContain(`Це форма іншої організації: ${otherView.organisation.name}.`);
    expect(r1.body).toContain('id="file-error"');
    // Another period's form.
    const r2 = await upload(community, fillForm(await download(community, '2023-H2'), []));
    expect(r2.statusCode).toBe(422);
    expect(text(r2.body)).toContain('Це форма за інший період: II півріччя 2023 року.');
    // Another plan's form (signed by this installation, for the same organisation and period).
    const key = await formKey(t.database.db);
    const otherPlan = await formDocx({
      token: formToken(key, { planId: 'kharkiv-ctb-2024-2026', periodKey: H1, organisationId: community }),
      organisationName: view.organisation.name,
      about: 'про стан виконання «Іншого плану» за I півріччя 2024 року',
      returnBy: '15.07.2024',
      coordinator: { name: 'Департамент', email: null },
      measures: [],
    });
    const r8 = await upload(community, otherPlan);
    expect(r8.statusCode).toBe(422);
    expect(text(r8.body)).toContain('Це форма за іншим планом: «kharkiv-ctb-2024-2026».');
    // Not a DOCX; a DOCX that is not a form; an empty form.
    const r3 = await upload(community, Buffer.from('Шановні колеги! Звіт додається.'));
    expect(r3.statusCode).toBe(422);
    expect(text(r3.body)).toContain('Це не файл DOCX.');
    const r4 = await upload(community, theirs);
    expect(r4.statusCode).toBe(422);
    expect(text(r4.body)).toContain('Це форма іншої організації');
    const r5 = await upload(community, await download(community));
    expect(r5.statusCode).toBe(422);
    expect(text(r5.body)).toContain('У формі не заповнено жодного поля');
    // A tampered identifier.
    const tampered = Buffer.from(mine.toString('latin1').replace(new RegExp(`zf1\\.${PLAN_609}\\.${H1}\\.${community}\\.`, 'g'), `zf1.${PLAN_609}.${H1}.${community}.`.replace('2024-H1', '2024-H2')), 'latin1');
    const r6 = await upload(community, tampered);
    expect(r6.statusCode).toBe(422);
    expect(text(r6.body)).toContain('Позначку форми змінено або пошкоджено');
    // The letter's number and date are asked for beside their fields.
    const r7 = await upload(community, mine, { letterNumber: '', letterDate: '2099-01-01' });
    expect(r7.statusCode).toBe(400);
    expect(text(r7.body)).toContain('Зазначте вихідний номер листа');
    expect(text(r7.body)).toContain('Дата листа не може бути в майбутньому');
    // Nothing was written by any of these.
    expect((await loadReport(t.database.db, await loadDirectory(t.database.db), t.clock, PLAN_609, H1, community))!.report).toBeNull();
  });

  it('uploads a form filled and saved by LibreOffice, previews it, and on confirming enters exactly the typed values for review', async () => {
    const filled = await officeResave(fillForm(await download(community), typedFor(view)));
    const preview = await upload(community, filled);
    expect(preview.statusCode).toBe(200);
    const page = text(preview.body);
    expect(page).toContain(`Прочитано з форми: ${view.organisation.name}`);
    expect(page).toContain('Форму прочитано без застережень.');
    expect(page).toContain('Лист: № 01-15/77 від 12.07.2024');
    for (const m of view.measures) expect(page).toContain(`Громада: захід ${m.code}.`);
    // The confirm form carries the file back; posted without its token it is refused.
    const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(preview.body)![1]!;
    const s = await t.as('coordinator');
    const fields = { fileName: hidden('fileName'), file: hidden('file'), letterNumber: hidden('letterNumber'), letterDate: hidden('letterDate') };
    expect((await t.app.inject({ method: 'POST', url: `${base(community)}/confirm`, cookies: s.cookies, payload: fields })).statusCode).toBe(403);
    const confirmed = await t.app.inject({ method: 'POST', url: `${base(community)}/confirm`, cookies: s.cookies, payload: { _csrf: s.csrf, ...fields } });
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe(`${reportUrl(community)}?filled=${view.measures.length}`);

    const db = t.database.db;
    const after = (await loadReport(db, await loadDirectory(db), t.clock, PLAN_609, H1, community))!;
    expect(after.report).toMatchObject({ onBehalf: true, state: 'draft', letter: { number: '01-15/77', date: '2024-07-12' } });
    const got = after.measures.map((m) => {
      const e = after.entries.get(m.id)!;
      return { code: m.code, state: e.state, narrative: e.narrative, reason: e.reason, values: m.indicators.map((i) => formatIndicatorValue(i.kind, e.values[i.id])) };
    });
    expect(got).toEqual(
      view.measures.map((m, k) => ({
        code: m.code,
        state: k === 0 ? 'not_done' : 'done',
        narrative: `Громада: захід ${m.code}.\nДругий абзац — «лапки» й апостроф’.`,
        reason: k === 0 ? 'Не було звернень.' : null,
        values: m.indicators.map((i, j) => (i.kind === 'money' ? `${100 + j},25` : i.kind === 'boolean' ? 'так' : String(10 + j))),
      })),
    );
    // The filled file is the letter's file of the report.
    expect(after.attachments.filter((a) => a.purpose === 'letter').map((a) => a.fileName)).toEqual(['Форма громади.docx']);
    // The audit log says so.
    const events = await db.selectFrom('audit_events').select(['action', 'target_id', 'details']).where('action', '=', 'report.filled_from_form').orderBy('id').execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.target_id).toBe(String(after.report!.id));
    expect(JSON.parse(events[0]!.details)).toMatchObject({ plan: PLAN_609, period: H1, organisation: community, measures: view.measures.length, warnings: 0 });

    // A corrected form for one measure of the same draft: the letter stays; a row deleted or a cell left empty keeps what was saved.
    const first = view.measures[0]!;
    const corrected = fillForm(await download(community), [{ code: first.code, label: 'Стан виконання', text: 'виконано' }], (doc) => {
      const table = [...doc.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]).find((x) => x.includes(`Захід ${first.code}.`))!;
      return doc.replace(table, table.replace(/<w:tr\b[^>]*>(?:(?!<\/w:tr>)[\s\S])*?Що зроблено[\s\S]*?<\/w:tr>/, ''));
    });
    const second = await upload(community, corrected, {});
    expect(second.statusCode).toBe(200);
    expect(text(second.body)).toContain(`Захід ${first.code}: рядок «Що зроблено» не знайдено — поле не прочитано.`);
    const secondFields = { fileName: 'Виправлена форма.docx', file: corrected.toString('base64'), letterNumber: '', letterDate: '' };
    expect((await t.app.inject({ method: 'POST', url: `${base(community)}/confirm`, cookies: s.cookies, payload: { _csrf: s.csrf, ...secondFields } })).statusCode).toBe(303);
    const again2 = (await loadReport(db, await loadDirectory(db), t.clock, PLAN_609, H1, community))!;
    expect(again2.report!.letter).toEqual({ number: '01-15/77', date: '2024-07-12' });
    expect(again2.entries.get(first.id)).toMatchObject({ state: 'done', reason: 'Не було звернень.', narrative: `Громада: захід ${first.code}.\nДругий абзац — «лапки» й апостроф’.` });
    expect(again2.entries.get(view.measures[1]!.id)).toMatchObject({ state: 'done', narrative: `Громада: захід ${view.measures[1]!.code}.\nДругий абзац — «лапки» й апостроф’.` });
    expect(again2.attachments.filter((a) => a.purpose === 'letter').map((a) => a.fileName).sort()).toEqual(['Виправлена форма.docx', 'Форма громади.docx']);
    expect(await db.selectFrom('audit_events').select('id').where('action', '=', 'report.filled_from_form').execute()).toHaveLength(2);

    // The coordinator submits it and reviews it as any report entered from a letter.
    expect((await t.app.inject({ method: 'POST', url: `${reportUrl(community)}/submit`, cookies: s.cookies, payload: { _csrf: s.csrf } })).statusCode).toBe(303);
    const review = text((await t.get(reportUrl(community), 'coordinator')).body);
    expect(review).toContain(`Звіт внесено вами з листа № 01-15/77 від 12.07.2024; організація — ${view.organisation.name}.`);
    expect(review).toContain(`Громада: захід ${view.measures[0]!.code}.`);
    // A submitted report takes no new form until it is returned.
    const again = await upload(community, filled);
    expect(again.statusCode).toBe(409);
    expect(text(again.body)).toContain('Звіт уже подано або прийнято');
  });

  it('shows the links on the period grid for an organisation that reports by letter', async () => {
    const grid = (await t.get(`/plans/${PLAN_609}/periods/${H1}/reports`, 'coordinator')).body;
    const row = new RegExp(`<tr id="org-${other}">([\\s\\S]*?)</tr>`).exec(grid)![1]!;
    expect(row).toContain(`href="${base(other)}"`);
    expect(row).toContain(`href="${base(other)}/upload"`);
    expect(text(row)).toContain('Форма для заповнення (DOCX)');
    // And on the organisation's report page, beside entering it from a letter.
    const report = (await t.get(reportUrl(other), 'coordinator')).body;
    expect(report).toContain(`href="${base(other)}/upload"`);
    // Not for the police, which reports through its own account.
    const police = new RegExp(`<tr id="org-poltava-police">([\\s\\S]*?)</tr>`).exec(grid)?.[1] ?? '';
    expect(police).not.toContain('/fill-in');
  });
});
