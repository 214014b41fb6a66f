import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { addOfficial, listOfficials } from '../organisations/officials.ts';
import { suggestIssuerGenitive, suggestTitleGenitive } from '../../domain/genitive.ts';

/**
 * The demo's officials: the head and a deputy of the coordinating department and of the regional
 * administration, so a demo consolidation can be approved with a signatory. The names are made up
 * for the demo; the numbers are the administration's switchboard format with zeros, no one's line.
 * The demo coordinator gets a position (its phone, for the executor line, comes with the demo
 * letterheads in service.ts).
 */

const DEMO_OFFICIALS: Record<string, { position: string; givenName: string; surname: string; phone: string }[]> = {
  'poltava-ova-social-protection': [
    { position: 'Директор Департаменту соціального захисту населення Полтавської обласної військової адміністрації', givenName: 'Марина', surname: 'Демоненко', phone: '(0532) 00-00-01' },
    { position: 'Заступник директора Департаменту соціального захисту населення Полтавської обласної військової адміністрації', givenName: 'Андрій', surname: 'Прикладний', phone: '(0532) 00-00-02' },
  ],
  'poltava-ova': [
    { position: 'Начальник Полтавської обласної військової адміністрації', givenName: 'Василь', surname: 'Зразковий', phone: '(0532) 00-00-10' },
    { position: 'Заступник начальника Полтавської обласної військової адміністрації', givenName: 'Ольга-Марія', surname: 'Тестова-Вигадана', phone: '(0532) 00-00-11' },
  ],
};

/** Adds the demo officials where the organisation has none; the number added. */
export async function createDemoOfficials(db: Db, clock: Clock): Promise<number> {
  let added = 0;
  for (const [organisationId, officials] of Object.entries(DEMO_OFFICIALS)) {
    if (!(await db.selectFrom('organisations').select('id').where('id', '=', organisationId).executeTakeFirst())) continue;
    if ((await listOfficials(db, organisationId)).length > 0) continue;
    for (const o of officials) {
      const result = await addOfficial(db, clock, SYSTEM_ACTOR, organisationId, o);
      if ('errors' in result) throw new Error(`Demo official ${o.surname}: ${JSON.stringify(result.errors)}`);
      added += 1;
    }
  }
  await db
    .updateTable('users')
    .set({ position: 'Головна спеціалістка відділу з питань протидії торгівлі людьми' })
    .where('email', '=', 'coordinator@zvit.example')
    .where('is_demo', '=', 1)
    .where('position', 'is', null)
    .execute();
  return added;
}

/**
 * The demo plans' requisites, confirmed as a coordinator would from Zvit's suggestions, and the
 * cover letter's addressee (the demo head of the administration, in the dative), so the demo's
 * documents read as they will be signed. Plans whose requisites someone already set are left alone.
 */
const DEMO_ADDRESSEE: Record<string, string> = {
  'poltava-ova': 'Начальникові Полтавської обласної військової адміністрації\nВасилеві ЗРАЗКОВОМУ',
};

export async function confirmDemoRequisites(db: Db, clock: Clock): Promise<number> {
  const plans = await db.selectFrom('plans').select(['id', 'title', 'legal_issuer', 'owner_organisation_id']).where('title_genitive', 'is', null).where('issuer_genitive', 'is', null).where('discarded_at', 'is', null).execute();
  let confirmed = 0;
  for (const plan of plans) {
    const title = suggestTitleGenitive(plan.title);
    const issuer = suggestIssuerGenitive(plan.legal_issuer);
    if (!title || !issuer) continue;
    await db
      .updateTable('plans')
      .set({ title_genitive: title, issuer_genitive: issuer, letter_addressee: DEMO_ADDRESSEE[plan.owner_organisation_id] ?? null, updated_at: clock.now().toISOString() })
      .where('id', '=', plan.id)
      .where('title_genitive', 'is', null)
      .execute();
    confirmed += 1;
  }
  return confirmed;
}
