import { adjustableClock, type Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { compareLocalDates } from '../../domain/dates.ts';
import { localDateOf } from '../../domain/time.ts';
import { SYSTEM_ACTOR, type AuditActor } from '../audit/service.ts';
import { consolidate } from '../consolidation/service.ts';
import { latestVersion, saveMeasureText } from '../consolidation/texts.ts';
import { approve, markSent, signOff } from '../consolidation/versions.ts';
import { databaseStorage } from '../files/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { getPlan, measureIdByCode } from '../plans/service.ts';
import { publicationOf, publish } from '../public/service.ts';
import { periodsOf } from '../reports/service.ts';
import { DEMO_SOURCE_PLAN } from './cycle.ts';

/**
 * The demo's published plan (issue 17): the information of the half-year before the latest one whose
 * consolidation deadline has passed (the latest is left for whoever tries Zvit to approve, sign and
 * send) is approved, signed off and sent on its deadline day, with public texts approved for two
 * measures; the plan is published with a note to the public. One period only: its DOCX, XLSX, PDF
 * and registered set are rendered on the demo's first start. Once: a demo that has any version
 * beyond a draft, or a publication, is left as it is.
 */

const NOTE = 'Потрібна допомога або є підозра, що людина потрапила в ситуацію торгівлі людьми? Телефонуйте на Національну гарячу лінію з протидії торгівлі людьми 1547 — безкоштовно й цілодобово.\n\nДні інформування: 30 липня — Всесвітній день протидії торгівлі людьми, 18 жовтня — Європейський день боротьби з торгівлею людьми, 2 грудня — Міжнародний день боротьби за скасування рабства.';

const PUBLIC_TEXTS: Record<string, string> = {
  '1.1': 'Проведено інформаційні кампанії до Всесвітнього дня протидії торгівлі людьми та Європейського дня боротьби з торгівлею людьми в усіх районах області; матеріали розміщено в громадах і на сайтах органів влади.',
  '1.9': 'Інформацію про Національну гарячу лінію 1547 розміщено в центрах надання адміністративних послуг, закладах освіти й охорони здоров’я.',
};

export async function createDemoPublication(db: Db, now: Clock): Promise<number> {
  const plan = await getPlan(db, DEMO_SOURCE_PLAN);
  if (!plan || plan.state === 'draft') return 0;
  if (await publicationOf(db, plan.id)) return 0;
  if (await db.selectFrom('consolidation_versions').select('id').where('plan_id', '=', plan.id).where('state', '!=', 'draft').executeTakeFirst()) return 0;
  const coordinator = await db.selectFrom('users').select('id').where('email', '=', 'coordinator@zvit.example').executeTakeFirst();
  const supervisor = await db.selectFrom('users').select('id').where('email', '=', 'supervisor@zvit.example').executeTakeFirst();
  const official = await db.selectFrom('organisation_officials').select('id').where('organisation_id', '=', plan.coordinatorOrganisationId).where('archived_at', 'is', null).orderBy('sort').executeTakeFirst();
  if (!coordinator || !official) return 0;
  const actor: AuditActor = { ...SYSTEM_ACTOR, userId: coordinator.id, organisationId: plan.coordinatorOrganisationId };
  const today = localDateOf(now.now(), plan.schedule.timeZone);
  const due = periodsOf(plan).filter((p) => compareLocalDates(p.consolidationDeadline.date, today) < 0);
  const directory = await loadDirectory(db);
  let sent = 0;
  for (const period of due.slice(-2, -1)) {
    const clock = adjustableClock(`${period.consolidationDeadline.date}T08:00:00.000Z`);
    const storage = databaseStorage(clock);
    const measureIds = (await consolidate(db, directory, plan, period)).goals.flatMap((g) => g.measures.map((m) => m.measure.id));
    for (const [code, text] of Object.entries(PUBLIC_TEXTS)) {
      const id = await measureIdByCode(db, plan.id, code);
      if (!id || !measureIds.includes(id)) continue;
      const draft = await latestVersion(db, plan.id, period.key);
      await saveMeasureText(db, clock, actor, plan, period, measureIds, id, { summary: '', state: 'done', publicText: text, publicApproved: true, version: String(draft?.number ?? 1), revision: '0' });
    }
    const approved = await approve(db, clock, storage, actor, directory, plan, period, { signatoryId: Number(official.id), confirmed: true });
    if (!(typeof approved === 'object' && 'number' in approved)) continue;
    clock.advance(2 * 3600_000);
    if ((await signOff(db, clock, { ...SYSTEM_ACTOR, userId: supervisor?.id ?? null, organisationId: plan.ownerOrganisationId }, plan, period, approved.number, '')) !== null) continue;
    clock.advance(2 * 3600_000);
    const result = await markSent(db, clock, storage, actor, plan, period, approved.number, { sentNumber: `01-17/${1000 + sent * 37}`, sentDate: period.consolidationDeadline.date, signatory: '' });
    if (result === null) sent += 1;
  }
  await publish(db, now, actor, plan, NOTE);
  return sent;
}
