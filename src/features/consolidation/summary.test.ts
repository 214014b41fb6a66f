import { describe, expect, it } from 'vitest';
import type { OrganisationKind } from '../../db/schema.ts';
import { ENTRY_STATES, type EntryState, type IndicatorKind } from '../../domain/reports.ts';
import type { OrganisationView } from '../organisations/service.ts';
import type { ConsolidationDocument, DocMeasure } from './document.ts';
import { publicationDocument } from './publication.ts';
import type { ConsolidatedMeasure, IndicatorTotal, SourceEntry } from './service.ts';
import { draftSummary, joinNames, neutralSentence, rollupClause, totalSentence } from './summary.ts';
import { closingSection, measureParagraphs, ratesSentence, uk } from './text.ts';

// ---- crafted inputs ------------------------------------------------------------------------------

function org(id: string, name: string, kind: OrganisationKind, shortName: string | null = null): OrganisationView {
  return { id, name, shortName, kind, parentId: null, byConsent: kind === 'community', sourceConfidence: 'listed', katottg: null, edrpou: null, email: null, phone: null, contactPerson: null, declinedZvitAt: null, contactPosition: null, mergedInto: null, note: null, aliases: [], formerNames: [] };
}

const POLICE = org('police', 'Головне управління Національної поліції в Полтавській області', 'territorial_body', 'ГУНП в Полтавській області');
const SOCIAL = org('social', 'Департамент соціального захисту населення Полтавської обласної військової адміністрації', 'department', 'Департамент соціального захисту населення');
const EDUCATION = org('education', 'Департамент освіти і науки Полтавської обласної військової адміністрації', 'department', 'Департамент освіти і науки');
const KREM = org('krem', 'Кременчуцька районна військова адміністрація', 'district_administration', 'Кременчуцька РВА');
const LUB = org('lub', 'Лубенська районна військова адміністрація', 'district_administration', 'Лубенська РВА');
const POLT = org('polt', 'Полтавська районна військова адміністрація', 'district_administration', 'Полтавська РВА');
const community = (i: number) => org(`c${i}`, `Громада${i}ська територіальна громада`, 'community');

function source(o: OrganisationView, state: EntryState | null, narrative: string, values: Record<number, number | null> = {}, extra: Partial<SourceEntry> = {}): SourceEntry {
  return { organisation: o, kind: o.kind, districtId: null, byConsent: o.kind === 'community', isLead: false, reportState: 'accepted', submission: 1, state, reason: null, narrative, links: [], values: new Map(Object.entries(values).map(([k, v]) => [Number(k), v])), ...extra };
}

function total(id: number, name: string, unit: string, sources: SourceEntry[], o: { kind?: IndicatorKind; additive?: boolean; sensitive?: boolean } = {}): IndicatorTotal {
  const withValue = sources.filter((s) => s.values.get(id) !== undefined && s.values.get(id) !== null);
  const kinds = [...new Set(withValue.map((s) => s.kind))];
  const sum = (list: SourceEntry[]) => list.reduce((n, s) => n + (s.values.get(id) ?? 0), 0);
  return {
    indicatorId: id,
    name,
    unit,
    kind: o.kind ?? 'count',
    sensitive: o.sensitive ?? false,
    threshold: 5,
    additive: o.additive ?? false,
    byKind: kinds.map((kind) => ({ kind, total: sum(withValue.filter((s) => s.kind === kind)), reporting: withValue.filter((s) => s.kind === kind).length })),
    byDistrict: [],
    grand: o.additive ? sum(withValue) : null,
  };
}

function measure(sources: SourceEntry[], totals: IndicatorTotal[] = []): ConsolidatedMeasure {
  const rollup = Object.fromEntries(ENTRY_STATES.map((s) => [s, 0])) as Record<EntryState, number>;
  for (const s of sources) if (s.state) rollup[s.state] += 1;
  return { measure: { id: 1 } as ConsolidatedMeasure['measure'], sources, expected: sources.length, rollup, rollupByKind: [], totals, missing: [], notProvided: [] };
}

/** A document measure as buildDocument makes it, from a crafted consolidated measure. */
function docMeasure(m: ConsolidatedMeasure, over: Partial<DocMeasure> = {}): DocMeasure {
  const d = draftSummary(m);
  return {
    id: 1,
    code: '1.1',
    title: 'Захід',
    executors: [],
    summary: d.text,
    edited: false,
    publicText: null,
    draft: d.specifics.map((s) => ({ organisationId: s.organisationIds[0]!, organisation: s.by, text: s.text })),
    draftText: d.text,
    draftFromFigures: true,
    state: null,
    expected: m.expected,
    rollup: m.rollup,
    rollupByKind: [],
    totals: m.totals.map((t) => ({ name: t.name, unit: t.unit, kind: t.kind, sensitive: t.sensitive, threshold: t.threshold, byKind: t.byKind, byDistrict: [], grand: t.grand })),
    missing: [],
    notProvided: [],
    sources: m.sources.map((s) => ({ organisationId: s.organisation.id, organisation: s.organisation.name, kind: s.kind, district: null, byConsent: s.byConsent, isLead: s.isLead, accepted: true, state: s.state, reason: s.reason, narrative: s.narrative, values: [] })),
    ...over,
  };
}

function doc(measures: DocMeasure[], over: Partial<ConsolidationDocument> = {}): ConsolidationDocument {
  const rate = { expected: 17, submitted: 17, onTime: 14, completeness: 1, timeliness: 14 / 17 };
  return {
    plan: { id: 'p', title: 'План', shortTitle: null, legal: { kind: 'розпорядження', issuer: 'Начальник', number: '1', date: '2023-09-04' }, reportsTo: null, controlledBy: null },
    period: { key: '2025-H2', label: 'H2', year: 2025, start: '2025-07-01', end: '2025-12-31', executorDeadline: '2026-01-15', consolidationDeadline: '2026-01-20' },
    coordinator: 'Департамент',
    counts: { accepted: 60, submitted: 0, returned: 0, expected: 77 },
    rates: { overall: rate, byKind: [], byConsent: { expected: 60, submitted: 48, onTime: 45, completeness: 0.8, timeliness: 0.75, declined: 2 } },
    goals: [{ number: 1, title: 'Ціль', measures }],
    notReported: [],
    declined: ['Драбинівська територіальна громада', 'Оржицька територіальна громада'],
    silent: ['Зіньківська територіальна громада'],
    late: ['Департамент освіти і науки Полтавської обласної військової адміністрації', 'Кременчуцька районна військова адміністрація', 'Полтавська районна військова адміністрація'],
    lateByConsent: ['Білицька територіальна громада'],
    byLetter: ['Білицька територіальна громада', 'Гадяцька територіальна громада'],
    ...over,
  };
}

// ---- the draft -----------------------------------------------------------------------------------

describe('the draft summary written from the figures', () => {
  it('gives the totals region-wide with their breakdown by kind of executor, for any indicator name', () => {
    const sources = [source(SOCIAL, 'done', '', { 1: 110 }), source(KREM, 'done', '', { 1: 40 }), source(LUB, 'done', '', { 1: 59 }), ...[1, 2, 3].map((i) => source(community(i), 'done', '', { 1: 200 + i }))];
    const additive = total(1, 'Кількість проведених заходів', 'од.', sources, { additive: true });
    expect(totalSentence(uk, additive)).toBe('Кількість проведених заходів — 815 од. (обласні органи — 110, райвійськадміністрації — 99, громади — 606).');
    // Not adding up across kinds (a district's figure may hold its communities'): no grand total, the unit once.
    const apart = total(1, 'Проведено заходів', 'од.', sources);
    expect(totalSentence(uk, apart)).toBe('Проведено заходів (од.): обласні органи — 110, райвійськадміністрації — 99, громади — 606.');
    const d = draftSummary(measure(sources, [additive]));
    expect(d.text).toContain('Кількість проведених заходів — 815 од. (обласні органи — 110');
    expect(d.text.split('\n')).toHaveLength(1);
  });

  it('writes money as hryvnias with kopecks, and a count of persons without "осіб" twice', () => {
    const sources = [source(KREM, 'done', '', { 1: 150050, 2: 3 }), source(LUB, 'done', '', { 1: 50000, 2: 1 })];
    expect(totalSentence(uk, total(1, 'Сума виплаченої допомоги', 'грн', sources, { kind: 'money', additive: true }))).toBe('Сума виплаченої допомоги — 2\u202f000,50 грн (райвійськадміністрації).');
    expect(totalSentence(uk, total(2, 'Осіб, яким надано допомогу', 'осіб', sources, { additive: true }))).toBe('Осіб, яким надано допомогу — 4 (райвійськадміністрації).');
  });

  it('says nothing of an indicator with no values, and "no information" for a measure nobody reported', () => {
    const sources = [source(KREM, 'done', 'Проведено нараду з питань протидії торгівлі людьми.', { 1: null })];
    const d = draftSummary(measure(sources, [total(1, 'Проведено заходів', 'од.', sources)]));
    expect(d.totals).toEqual([]);
    expect(d.text).toBe('За інформацією виконавця захід виконано. Проведено нараду з питань протидії торгівлі людьми (Кременчуцька РВА).');
    expect(draftSummary(measure([])).text).toBe('Інформації від виконавців не надходило.');
  });

  it('for one executor needs no kind beside its figure', () => {
    const sources = [source(POLICE, 'in_progress', 'Розпочато досудові розслідування, які тривають.', { 1: 3 })];
    const d = draftSummary(measure(sources, [total(1, 'Виявлено кримінальних правопорушень', 'од.', sources, { sensitive: true })]));
    expect(d.text).toBe('За інформацією виконавця захід виконується. Виявлено кримінальних правопорушень — 3 од. Розпочато досудові розслідування, які тривають (ГУНП в Полтавській області).');
  });

  it('rolls the states up in one clause', () => {
    expect(rollupClause(uk, { done: 12, in_progress: 0, not_done: 0, not_held: 0 }, 12)).toBe('За інформацією всіх 12 виконавців, що її надали, захід виконано.');
    expect(rollupClause(uk, { done: 20, in_progress: 0, not_done: 0, not_held: 0 }, 21)).toBe('За інформацією 21 виконавця: виконано — 20, стан не зазначено — 1.');
    expect(rollupClause(uk, { done: 40, in_progress: 12, not_done: 0, not_held: 6 }, 58)).toBe('За інформацією 58 виконавців: виконано — 40, виконується — 12, не проводився — 6.');
  });

  it('says a sentence many executors wrote once, naming them together, whatever the period opener', () => {
    const same = 'проведено інформаційну кампанію щодо запобігання торгівлі людьми: поширено буклети й листівки з номером гарячої лінії 1547.';
    const sources = [
      source(KREM, 'done', `У звітному періоді ${same}`),
      source(LUB, 'done', `Протягом звітного періоду ${same}`),
      source(POLT, 'done', `За звітний період ${same.replace('й листівки ', '')}`),
      ...[1, 2, 3, 4].map((i) => source(community(i), 'done', `Упродовж півріччя ${same}`)),
    ];
    const d = draftSummary(measure(sources));
    expect(d.specifics).toHaveLength(1);
    expect(d.specifics[0]!.text).toBe('Проведено інформаційну кампанію щодо запобігання торгівлі людьми: поширено буклети й листівки з номером гарячої лінії 1547 (Кременчуцька, Лубенська і Полтавська РВА, 4 територіальні громади).');
    // No sentence is prefixed with its source.
    expect(d.text).not.toMatch(/РВА: /);
  });

  it('puts the lead’s words first, in its wording, and counts by kind where more than three wrote it', () => {
    const sentence = 'Забезпечено взаємодію із суб’єктами протидії торгівлі людьми: проведено спільні наради.';
    const sources = [
      source(KREM, 'done', `У звітному періоді ${sentence.toLowerCase()}`),
      source(LUB, 'done', sentence),
      source(POLT, 'done', sentence),
      source(EDUCATION, 'done', sentence),
      source(SOCIAL, 'done', `Упродовж півріччя проведено навчання для фахівців служб у справах дітей і центрів соціальних служб.`, {}, { isLead: true }),
    ];
    const d = draftSummary(measure(sources));
    expect(d.specifics.map((s) => s.text)).toEqual([
      'Проведено навчання для фахівців служб у справах дітей і центрів соціальних служб (Департамент соціального захисту населення).',
      'Забезпечено взаємодію із суб’єктами протидії торгівлі людьми: проведено спільні наради (1 виконавець обласного рівня, 3 районні військові адміністрації).',
    ]);
  });

  it('keeps a cell short: a few sentences at most', () => {
    const sources = [1, 2, 3, 4, 5, 6].map((i) => source(community(i), 'done', `Сентенція номер ${'абвгдеєжзиіїйклмнопрстуфхцчшщюя'.slice(i * 3, i * 3 + 5)} ${'про різні речі громади '.repeat(6)}${['альфа', 'бета', 'гама', 'дельта', 'епсилон', 'дзета'][i - 1]} кінець.`));
    const d = draftSummary(measure(sources));
    expect(d.specifics.length).toBeLessThanOrEqual(3);
    expect(d.text.length).toBeLessThan(900);
  });

  it('writes in the third person: "нами"/"Управлінням" before an impersonal verb dropped, a first-person sentence left out, a figures-only sentence left to the totals', () => {
    const names = new Set(['прове', 'заход']);
    expect(neutralSentence('Нами проведено 3 наради з представниками громад.', names)).toBe('Проведено 3 наради з представниками громад.');
    expect(neutralSentence('У звітному періоді управлінням проведено семінар для соціальних працівників', names)).toBe('Проведено семінар для соціальних працівників.');
    expect(neutralSentence('Наш відділ провів перевірки у закладах.', names)).toBeNull();
    expect(neutralSentence('У цифрах: проведено заходів — 17.', names)).toBeNull();
    const d = draftSummary(measure([source(POLICE, 'done', 'Нами забезпечено патрулювання місць масового перебування людей. Ми також провели 5 рейдів. У цифрах: заходів — 5.', { 1: 5 })], []));
    expect(d.specifics.map((s) => s.text)).toEqual(['Забезпечено патрулювання місць масового перебування людей (ГУНП в Полтавській області).']);
  });

  it('never repeats a sentence word for word in a later measure of the document', () => {
    const said = new Set<string>();
    const a = draftSummary(measure([source(POLICE, 'done', 'Проведено навчання поліцейських з питань протидії торгівлі людьми. Розроблено пам’ятку.')]), uk, said);
    const b = draftSummary(measure([source(POLICE, 'done', 'Проведено навчання поліцейських з питань протидії торгівлі людьми. Оновлено план реагування.')]), uk, said);
    expect(a.specifics.map((s) => s.text)).toContain('Проведено навчання поліцейських з питань протидії торгівлі людьми (ГУНП в Полтавській області).');
    expect(b.specifics.map((s) => s.text)).toEqual(['Оновлено план реагування (ГУНП в Полтавській області).']);
  });

  it('joins names as an official writes them', () => {
    expect(joinNames(['Кременчуцька районна військова адміністрація', 'Полтавська районна військова адміністрація'])).toBe('Кременчуцька і Полтавська районні військові адміністрації');
    expect(joinNames(['Драбинівська територіальна громада', 'Оржицька територіальна громада', 'Сергіївська територіальна громада'], 'та')).toBe('Драбинівська, Оржицька та Сергіївська територіальні громади');
    expect(joinNames(['Департамент освіти і науки', 'Лубенська РВА', 'Полтавська РВА'])).toBe('Департамент освіти і науки, Лубенська і Полтавська РВА');
    expect(joinNames(['Гадяцька територіальна громада'])).toBe('Гадяцька територіальна громада');
  });
});

// ---- the document --------------------------------------------------------------------------------

describe('the measure’s cell and the closing section', () => {
  const sources = [source(KREM, 'done', 'Проведено нараду щодо встановлення статусу.', { 1: 3 }), source(LUB, 'done', 'Розглянуто звернення щодо встановлення статусу.', { 1: 1 }), source(POLT, 'done', 'Розглянуто звернення щодо встановлення статусу.', { 1: 14 })];
  const m = measure(sources, [total(1, 'Встановлено статус особи, яка постраждала від торгівлі людьми', 'осіб', sources, { sensitive: true, additive: true })]);

  it('is the state and one paragraph: no "не надали" list, no by-consent counts, no separate roll-up line', () => {
    const paragraphs = measureParagraphs(uk, docMeasure(m, { state: 'done', missing: ['Миргородська районна військова адміністрація'], notProvided: [{ organisation: 'Громада', declined: true }] }));
    expect(paragraphs.map((p) => p.text)).toEqual(['Виконано.', draftSummary(m).text]);
    expect(paragraphs.some((p) => p.italic)).toBe(false);
  });

  it('keeps the coordinator’s own text as written, with nothing added', () => {
    expect(measureParagraphs(uk, docMeasure(m, { summary: 'Свій текст.', edited: true, draftFromFigures: false })).map((p) => p.text)).toEqual(['Свій текст.']);
  });

  it('renders a version frozen before issue 15 as it was: its pasted summary, roll-up and totals lines', () => {
    const old = docMeasure(m, { summary: 'Кременчуцька РВА: Проведено нараду.', draftFromFigures: undefined, draftText: undefined });
    const texts = measureParagraphs(uk, old).map((p) => p.text);
    expect(texts[0]).toBe('Кременчуцька РВА: Проведено нараду.');
    expect(texts[1]).toMatch(/^За інформацією виконавців: виконано — 3 \(надали 3 з 3\)\.$/);
    expect(texts[2]).toContain('Встановлено статус особи, яка постраждала від торгівлі людьми, осіб: районні військові адміністрації — 18; усього — 18');
  });

  it('never lets a sensitive figure or an executor’s words into the document for publication', () => {
    const published = publicationDocument(doc([docMeasure(m, { state: 'done' })]));
    const pm = published.goals[0]!.measures[0]!;
    expect(pm.draftText).toBe('');
    expect(pm.draft).toEqual([]);
    const text = measureParagraphs(uk, pm).map((p) => p.text).join(' ');
    expect(text).not.toContain('нараду');
    expect(text).not.toContain('звернення');
    expect(text).not.toMatch(/— (3|1|14)(?!\d)/);
    expect(text).toContain('За інформацією всіх 3 виконавців, що її надали, захід виконано.');
    expect(text).toContain('Встановлено статус особи, яка постраждала від торгівлі людьми — 18 осіб (райвійськадміністрації).');
    // One group below the threshold and no other to hide it among: the grand total goes too.
    const small = measure([source(KREM, 'done', '', { 1: 2 }), source(LUB, 'done', '', { 1: 1 })], [total(1, 'Встановлено статус', 'осіб', [source(KREM, 'done', '', { 1: 2 }), source(LUB, 'done', '', { 1: 1 })], { sensitive: true, additive: true })]);
    const smallText = measureParagraphs(uk, publicationDocument(doc([docMeasure(small)])).goals[0]!.measures[0]!).map((p) => p.text).join(' ');
    expect(smallText).toContain('Встановлено статус — <5 (райвійськадміністрації).');
    expect(smallText).not.toMatch(/— [123]\b/);
  });

  it('says reporting discipline once, in plain words, naming who was late, declined, kept silent and wrote by letter', () => {
    const closing = closingSection(uk, doc([docMeasure(m)]), false);
    expect(closing.title).toBe('Надання інформації виконавцями');
    expect(closing.paragraphs).toEqual([
      'Інформацію надали всі 17 виконавців, з них 3 — із порушенням встановленого строку (Департамент освіти і науки Полтавської обласної військової адміністрації, Кременчуцька та Полтавська районні військові адміністрації).',
      'Із 60 виконавців, які залучаються до виконання плану за згодою, інформацію надали 48, з них 1 — після встановленого строку.',
      'Відмовилися надати інформацію: Драбинівська та Оржицька територіальні громади.',
      'Не надали інформації та не повідомили про відмову: Зіньківська територіальна громада.',
      'Інформацію листом надали: Білицька та Гадяцька територіальні громади.',
    ]);
    for (const p of closing.paragraphs) expect(p).not.toMatch(/повнота|своєчасність|координатор|підпорядкован/);
  });

  it('gives counts where a version frozen earlier has no lists, and says who has not reported yet while the deadline runs', () => {
    const old = doc([], { late: undefined, lateByConsent: undefined, byLetter: undefined, rates: { overall: { expected: 77, submitted: 70, onTime: 58, completeness: 70 / 77, timeliness: 58 / 77 }, byKind: [], byConsent: { expected: 0, submitted: 0, onTime: 0, completeness: null, timeliness: null, declined: 0 } }, notReported: ['Миргородська районна військова адміністрація'] });
    expect(ratesSentence(uk, old)).toBe('Інформацію надали 70 з 77 виконавців, з них 12 — із порушенням встановленого строку.');
    expect(closingSection(uk, old, false).paragraphs[1]).toBe('Не надали інформації: Миргородська районна військова адміністрація.');
    const consentOnly = doc([], { rates: { overall: { expected: 0, submitted: 0, onTime: 0, completeness: null, timeliness: null }, byKind: [], byConsent: { expected: 3, submitted: 3, onTime: 3, completeness: 1, timeliness: 1, declined: 0 } }, declined: [], silent: [], late: [], lateByConsent: [], byLetter: [] });
    expect(closingSection(uk, consentOnly, false).paragraphs).toEqual(['Із 3 виконавців, які залучаються до виконання плану за згодою, інформацію надали 3.']);
    const running = closingSection(uk, old, true).paragraphs;
    expect(running[0]).toBe('Строк надання інформації — 15.01.2026; на час складання документа її надали 70 з 77 виконавців.');
    expect(running[1]).toBe('Ще не надали інформації: Миргородська районна військова адміністрація.');
  });
});
