import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { measureIdByCode } from './service.ts';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

async function post(url: string, payload: Record<string, unknown>, who = 'coordinator') {
  const s = await t.as(who);
  return t.app.inject({ method: 'POST', url, cookies: s.cookies, payload: { _csrf: s.csrf, ...payload } });
}
const coordinator = (url: string) => t.get(url, 'coordinator');
const plan = `/plans/${PLAN_609}`;

describe(`the plan as of a date on ${DIALECT}`, () => {
  it('refuses a date it cannot read or one outside the plan, beside the field', async () => {
    const bad = await t.get(`${plan}?on=31.02.2024`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Такої дати не існує');
    const unreadable = await t.get(`${plan}?on=31/01/2024`);
    expect(unreadable.statusCode).toBe(400);
    expect(unreadable.body).toContain('Дата має бути справжньою датою у форматі дд.мм.рррр');
    const outside = await t.get(`${plan}?on=2030-01-01`);
    expect(outside.statusCode).toBe(400);
    expect(outside.body).toContain('Дата має бути в межах строку дії плану: 04.09.2023 – 31.12.2025');
    const api = await t.get(`/api/v1/plans/${PLAN_609}?on=2030-01-01`);
    expect(api.statusCode).toBe(400);
  });
});

describe(`amending plan 609 through its pages on ${DIALECT}`, () => {
  let amendment = '';

  it('refuses an amending order dated in the future, or changes that hold before the order', async () => {
    const future = await post(`${plan}/amendments`, { legalNumber: '7', legalDate: '01.08.2024', effectiveFrom: '01.09.2024' });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('Дата розпорядження не може бути пізнішою за сьогодні');
    const backwards = await post(`${plan}/amendments`, { legalNumber: '7', legalDate: '10.07.2024', effectiveFrom: '01.07.2024' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('Зміни не можуть діяти раніше за дату розпорядження');
  });

  it('starts an amendment from the amending order, with every mistake named beside its field', async () => {
    const form = await coordinator(`${plan}/amendments/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Номер акта про внесення змін');
    const bad = await post(`${plan}/amendments`, { legalKind: 'розпорядження', legalNumber: '', legalDate: 'вчора', effectiveFrom: '01.01.2026', note: '<b>x</b>' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<title>Помилка: Внесення змін до плану — Звіт</title>');
    expect(bad.body).toContain('Введіть номер акта про внесення змін');
    expect(bad.body).toContain('Дата має бути справжньою датою у форматі дд.мм.рррр');
    expect(bad.body).toContain('Зміни мають діяти до закінчення строку плану');
    expect(bad.body).toContain('&lt;b>x&lt;/b>');
    const ok = await post(`${plan}/amendments`, { legalKind: 'розпорядження', legalNumber: '№ 145', legalDate: '10.07.2024', effectiveFrom: '01.01.2025', note: 'За зверненням <b>Мінсоцполітики</b>' });
    expect(ok.statusCode).toBe(303);
    amendment = String(ok.headers.location);
    expect(amendment).toMatch(/^\/plans\/poltava-ctb-2023-2025\/amendments\/\d+$/);
    const page = await coordinator(amendment);
    expect(page.body).toContain('Зміни: розпорядження від 10.07.2024 № 145');
    expect(page.body).toContain('За зверненням &lt;b>Мінсоцполітики&lt;/b>');
    expect(page.body).toContain('Змін ще немає');
    // Being prepared, it exists for nobody else.
    expect((await t.get(amendment, 'supervisor')).statusCode).toBe(404);
    expect((await t.get(amendment, 'executorA')).statusCode).toBe(404);
    // The plan page shows the coordinator where to continue.
    expect((await coordinator(plan)).body).toContain('Продовжити підготовку змін');
  });

  it('prepares a change to a measure, refusing an empty text or a change that changes nothing', async () => {
    const m25 = (await measureIdByCode(t.database.db, PLAN_609, '2.5'))!;
    const form = await coordinator(`${amendment}/measures/${m25}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Чинна редакція');
    const empty = await post(`${amendment}/measures/${m25}`, { title: '   ', deadline: 'Постійно', executors: ['organisation:poltava-police'] });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Введіть текст заходу');
    const current = /<textarea id="title" name="title"[^>]*>([^<]*)<\/textarea>/.exec(form.body)![1]!.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    const executors = [...form.body.matchAll(/name="executors" value="([^"]+)"[^>]*checked/g)].map((m) => m[1]!);
    const same = await post(`${amendment}/measures/${m25}`, { title: current, deadline: 'Постійно', executors });
    expect(same.statusCode).toBe(400);
    expect(same.body).toContain('Ви нічого не змінили');
    const lead = await post(`${amendment}/measures/${m25}`, { title: `${current} (щокварталу)`, deadline: 'Постійно', executors: 'organisation:poltava-police', lead: 'organisation:poltava-ova-children' });
    expect(lead.statusCode).toBe(400);
    expect(lead.body).toContain('Головний виконавець має бути серед відповідальних за виконання');
    const ok = await post(`${amendment}/measures/${m25}`, { title: `${current} (щокварталу)`, deadline: 'Постійно', executors: [...executors, 'organisation:poltava-ova-children'], lead: 'organisation:poltava-police' });
    expect(ok.statusCode).toBe(303);
    const page = await coordinator(amendment);
    expect(page.body).toContain('Змінено захід 2.5');
    expect(page.body).toContain('<ins> (щокварталу)</ins>');
    expect(page.body).toContain('<ins>+ Служба у справах дітей Полтавської обласної військової адміністрації</ins>');
    // Not applied: the plan still reads as before, for everyone.
    expect((await t.get(`/plans/${PLAN_609}/measures/${m25}`)).body).not.toContain('(щокварталу)');
  });

  it('adds a measure with an executor typed in, found in the directory instead of created twice', async () => {
    const form = await coordinator(`${amendment}/measures/new`);
    expect(form.body).toContain('Вільні номери: 1.10, 2.8, 3.8, 4.8.');
    const task = /<option value="(\d+)">Оперативна ціль 4/.exec(form.body)![1]!;
    const wrongGoal = await post(`${amendment}/measures/new`, { taskId: task, code: '2.8', title: 'Захід не тієї цілі', deadline: '', executors: 'organisation:poltava-police' });
    expect(wrongGoal.statusCode).toBe(400);
    expect(wrongGoal.body).toContain('Номер заходу має починатися з номера оперативної цілі обраного завдання');
    for (const code of ['2.0', '0.5', '02.5']) {
      const zero = await post(`${amendment}/measures/new`, { taskId: task, code, title: 'Захід', deadline: '', executors: 'organisation:poltava-police' });
      expect(zero.statusCode, code).toBe(400);
    }
    const ok = await post(`${amendment}/measures/new`, { taskId: task, code: '4.8', title: 'Супровід дітей, які повернулися з-за кордону', deadline: '2025', newOrganisationName: 'полтавський обласний центр зайнятості', newOrganisationKind: 'institution' });
    expect(ok.statusCode).toBe(303);
    const page = await coordinator(amendment);
    expect(page.body).toContain('Додано захід 4.8');
    expect(page.body).toContain('Полтавський обласний центр зайнятості');
    const orgs = await t.database.db.selectFrom('organisations').select('id').where('name', 'like', '%центр зайнятості%').execute();
    expect(orgs).toHaveLength(1);
    // A name the directory lacks becomes an organisation marked for checking, by consent if an NGO.
    const fresh = await post(`${amendment}/measures/new`, { taskId: task, code: '4.9', title: 'Ще один захід', deadline: 'Щороку', newOrganisationName: 'ГО «Дорога додому»', newOrganisationKind: 'ngo' });
    expect(fresh.statusCode).toBe(303);
    const added = await t.database.db.selectFrom('organisations').selectAll().where('name', '=', 'ГО «Дорога додому»').executeTakeFirstOrThrow();
    expect(added).toMatchObject({ source_confidence: 'probable', by_consent: 1, kind: 'ngo' });
    // "Щороку" holds for the whole plan but is shown as the order words it.
    expect((await coordinator(amendment)).body).toContain('<strong>Строк виконання:</strong> Щороку');
    const undo = /action="([^"]+\/undo)"[^>]*>(?:(?!<\/form>)[\s\S])*?Додано захід 4\.9/.exec((await coordinator(amendment)).body)![1]!;
    expect((await post(undo, {})).statusCode).toBe(303);
    const taken = await post(`${amendment}/measures/new`, { taskId: task, code: '4.8', title: 'Ще один', deadline: '', executors: 'organisation:poltava-police' });
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('Захід з таким номером у плані вже є');
  });

  it('applies the amendment only when confirmed, then shows it in the plan, its history and the measure', async () => {
    const unconfirmed = await post(`${amendment}/apply`, {});
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.body).toContain('Позначте, що зміни перевірено');
    const applied = await post(`${amendment}/apply`, { confirm: 'yes' });
    expect(applied.statusCode).toBe(303);
    // Takes effect after "today" (16.07.2024): the plan opens as of that date.
    expect(applied.headers.location).toBe(`${plan}?done=applied&on=2025-01-01`);
    const after = await coordinator(String(applied.headers.location));
    expect(after.body).toContain('Зміни внесено до плану.');
    expect(after.body).toContain('Показано план у редакції, чинній на 01.01.2025.');
    expect(after.body).toContain('4.8');
    const today = await t.get(plan);
    expect(today.body).toContain('Зміни за розпорядженням від 10.07.2024 № 145 набирають чинності 01.01.2025.');
    expect(today.body).not.toContain('id="measure-4.8"');
    const history = await t.get(`${plan}/history`);
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain('Зміни: розпорядження від 10.07.2024 № 145');
    expect(history.body).toContain('Змінено захід 2.5');
    expect(history.body).toContain('Додано захід 4.8');
    const m25 = (await measureIdByCode(t.database.db, PLAN_609, '2.5'))!;
    const measure = await t.get(`${plan}/measures/${m25}?on=2025-06-01`);
    expect(measure.body).toContain('(щокварталу)');
    expect(measure.body).toContain('Редакції заходу');
    expect(measure.body).toContain('первинна редакція');
    expect(measure.body).toContain('зміни від 10.07.2024 № 145');
    const before = await t.get(`${plan}/measures/${m25}?on=2024-12-31`);
    const text = (html: string) => /<div class="measure-text">([\s\S]*?)<\/div>/.exec(html)![1]!;
    expect(text(before.body)).not.toContain('(щокварталу)');
    expect(text(measure.body)).toContain('(щокварталу)');
    expect(before.body).toContain('Редакція, чинна на 31.12.2024.');
    // Until the amendment takes effect, the measure page and the list of plans read as today.
    const todayPage = await t.get(`${plan}/measures/${m25}`);
    expect(text(todayPage.body)).not.toContain('(щокварталу)');
    expect(todayPage.body).toContain('Чинна редакція з 04.09.2023');
    const m48 = (await measureIdByCode(t.database.db, PLAN_609, '4.8'))!;
    expect((await t.get(`${plan}/measures/${m48}`)).body).toContain('Цей захід набирає чинності 01.01.2025');
    expect((await t.get('/plans')).body).toContain('30 заходів');
    const police = await t.get('/organisations/poltava-police');
    expect(police.body).toContain('<strong>2.5</strong>');
    // Applied amendments are the plan's public history: everyone who reads the plan reads them.
    expect((await t.get(amendment, 'executorA')).statusCode).toBe(200);
    const api = (await t.get(`/api/v1/plans/${PLAN_609}?on=2025-01-01`)).json();
    expect(api.amendments).toMatchObject([{ legal: { number: '145' }, effectiveFrom: '2025-01-01' }]);
    expect(api.goals[3].tasks[0].measures.map((m: { code: string }) => m.code)).toContain('4.8');
  });
});

describe(`copying, closing and archiving through the pages on ${DIALECT}`, () => {
  it('copies plan 609 as the programme to 2030, proposing its dates, and opens the new draft\u2019s review', async () => {
    const form = await coordinator(`${plan}/copy`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="01.01.2026"');
    expect(form.body).toContain('value="31.12.2028"');
    const bad = await post(`${plan}/copy`, { title: '', legalKind: 'розпорядження', legalIssuer: 'ОВА', legalNumber: '1', legalDate: '01.01.2026', start: '01.01.2026', end: '01.01.2020', periodKind: 'half_year', executorDueDay: '15', consolidationDueDay: '10' });
    expect(bad.statusCode).toBe(400);
    for (const message of ['Введіть назву плану', 'Дата закінчення має бути не раніше дати початку', 'Узагальнену інформацію готують не раніше, ніж звітують виконавці']) expect(bad.body).toContain(message);
    const ok = await post(`${plan}/copy`, { title: 'Програма протидії торгівлі людьми до 2030 року', legalKind: 'розпорядження', legalIssuer: 'Начальник Полтавської ОВА', legalNumber: '12', legalDate: '10.01.2026', start: '01.01.2026', end: '31.12.2030', periodKind: 'half_year', executorDueDay: '15', consolidationDueDay: '20' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/plans/poltava-ctb-2026-2030/review');
    const review = await coordinator('/plans/poltava-ctb-2026-2030/review');
    expect(review.body).toContain('Скопійовано з плану «План протидії торгівлі людьми до 2025 року»');
    expect(review.body).toContain('Строк закінчується до початку плану: виправте строк');
    // A draft: nobody but its coordinators knows it exists.
    expect((await t.get('/plans/poltava-ctb-2026-2030', 'supervisor')).statusCode).toBe(404);
  });

  it('closes a plan only when confirmed, and archives it only once closed', async () => {
    expect((await coordinator(`${plan}/archive`)).statusCode).toBe(303);
    const unconfirmed = await post(`${plan}/close`, {});
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.body).toContain('Позначте, що ви справді це робите');
    const done = await post(`${plan}/close`, { confirm: 'yes' });
    expect(done.statusCode).toBe(303);
    const closed = await coordinator(String(done.headers.location));
    expect(closed.body).toContain('План завершено.');
    expect(closed.body).not.toContain('Внести зміни');
    expect((await post(`${plan}/amendments`, { legalNumber: '1', legalDate: '01.02.2025', effectiveFrom: '01.03.2025' })).statusCode).toBe(409);
    expect((await post(`${plan}/close`, { confirm: 'yes' })).statusCode).toBe(409);
    expect((await post(`${plan}/archive`, { confirm: 'yes' })).statusCode).toBe(303);
    const list = await t.get('/plans');
    expect(list.body).toContain('Архів: 1 план');
  });
});
