import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import type { OrganisationKind } from '../../db/schema.ts';
import { writeTransaction } from '../../db/transaction.ts';
import type { Contact } from '../../domain/contacts.ts';
import { fillContacts, loadDirectory, type OrganisationView } from '../organisations/service.ts';
import { chance } from './cycle.ts';

/**
 * The demo directory's contacts: one person per organisation, with a position that fits the kind
 * of body and an address on the reserved example.org domain (RFC 2606), so no message of the demo
 * can reach anyone. No phone numbers: any plausible Ukrainian number may be somebody's. Chosen
 * from the organisation's id, so the same directory always gets the same contacts.
 */

const SURNAMES = ['Коваленко', 'Шевченко', 'Бондаренко', 'Ткаченко', 'Кравчук', 'Олійник', 'Мельник', 'Савчук', 'Поліщук', 'Марченко', 'Руденко', 'Гончаренко', 'Литвиненко', 'Мороз', 'Лисенко', 'Павленко', 'Кузьменко', 'Симоненко', 'Петренко', 'Романюк', 'Левченко', 'Клименко', 'Білоус', 'Гребенюк'];
const WOMEN = ['Олена Петрівна', 'Наталія Іванівна', 'Оксана Миколаївна', 'Ірина Василівна', 'Тетяна Олександрівна', 'Світлана Григорівна', 'Людмила Андріївна', 'Юлія Сергіївна', 'Галина Степанівна', 'Вікторія Олегівна'];
const MEN = ['Олександр Іванович', 'Сергій Миколайович', 'Андрій Петрович', 'Віктор Васильович', 'Юрій Олексійович', 'Ігор Степанович', 'Дмитро Володимирович', 'Василь Григорович', 'Микола Федорович', 'Роман Богданович'];

const POSITIONS: Record<OrganisationKind, [string, string]> = {
  regional_administration: ['головний спеціаліст відділу з питань взаємодії', 'головна спеціалістка відділу з питань взаємодії'],
  department: ['начальник відділу', 'начальниця відділу'],
  territorial_body: ['заступник начальника управління', 'заступниця начальника управління'],
  institution: ['заступник директора', 'заступниця директора'],
  district_administration: ['головний спеціаліст з питань соціального захисту', 'головна спеціалістка з питань соціального захисту'],
  community: ['секретар ради', 'секретарка ради'],
  ngo: ['голова правління', 'голова правління'],
  other: ['відповідальна особа', 'відповідальна особа'],
};

/** Latin letters for the address's local part: the id's own, at most 40. */
function localPart(id: string): string {
  return id.replace(/[^a-z0-9-]/g, '').replace(/^community-/, 'hromada-').slice(0, 40) || 'viddil';
}

export function demoContactOf(o: Pick<OrganisationView, 'id' | 'kind'>): Contact {
  const woman = chance('contact-gender', o.id) < 0.6;
  const surname = SURNAMES[Math.floor(chance('contact-surname', o.id) * SURNAMES.length)]!;
  const names = woman ? WOMEN : MEN;
  const given = names[Math.floor(chance('contact-name', o.id) * names.length)]!;
  return {
    contactPerson: `${surname} ${given}`,
    contactPosition: POSITIONS[o.kind][woman ? 1 : 0],
    email: `${localPart(o.id)}@example.org`,
    phone: null,
  };
}

/** Gives every organisation of the demo without a contact person one; the number given. */
export async function createDemoContacts(db: Db, clock: Clock): Promise<number> {
  const directory = await loadDirectory(db);
  const entries = directory.organisations.filter((o) => !o.mergedInto && !o.contactPerson && !o.email).map((o) => ({ id: o.id, contact: demoContactOf(o) }));
  await writeTransaction(db, (tx) => fillContacts(tx, clock, entries));
  return entries.length;
}
