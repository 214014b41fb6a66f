import type { EntryState } from '../../domain/reports.ts';

/**
 * What the demo's reports say, chosen by the measure's kind of activity — an information campaign
 * is answered with a campaign, a training measure with training — and with figures that are the
 * indicator values beside the text: every number is written as "назва показника — N", the name
 * taken from the indicator itself. Counts about victims and crimes (sensitive indicators) and
 * money stay in their fields only, never in the text.
 */

export const ACTIVITIES = ['education', 'training', 'information', 'enforcement', 'control', 'coordination', 'assistance'] as const;
export type Activity = (typeof ACTIVITIES)[number];

/** The kind of activity of a measure, read from its title (the first rule that matches). */
export function activityOf(title: string): Activity {
  const t = title.toLowerCase();
  if (/закладах освіти|учнівськ|студентськ/.test(t)) return 'education';
  if (/навча|тренінг|семінар|підвищення кваліфікації/.test(t)) return 'training';
  if (/інформаційн|роз['’]яснювальн|публікаці|популяризаці|обізнаност/.test(t)) return 'information';
  if (/кримінальн|притягнення|злочин/.test(t)) return 'enforcement';
  if (/контрол|моніторинг|дитячої праці/.test(t)) return 'control';
  if (/звір|статистичн|взаємоді|засідан|нарад|координаці|аналіз/.test(t)) return 'coordination';
  return 'assistance';
}

type Text = (opening: string) => string;

const DONE: Record<Activity, Text[]> = {
  information: [
    (o) => `${o} проведено інформаційну кампанію щодо запобігання торгівлі людьми: поширено буклети й листівки з номером національної гарячої лінії 1547, матеріали розміщено на офіційному вебсайті та в соціальних мережах.`,
    (o) => `${o} поширено інформацію про ризики потрапляння в ситуацію торгівлі людьми і про те, куди звертатися по допомогу, зокрема серед внутрішньо переміщених осіб.`,
    (o) => `${o} до Європейського дня боротьби з торгівлею людьми проведено інформаційні акції; матеріали підготовлено спільно з поліцією та центром соціальних служб.`,
  ],
  education: [
    (o) => `${o} у закладах освіти проведено виховні години, бесіди й інтерактивні заняття про безпечну поведінку дітей і підлітків в інтернеті та ризики вербування.`,
    (o) => `${o} для учнів і студентів організовано профілактичні заходи щодо протидії торгівлі людьми за участю ювенальних поліцейських і практичних психологів.`,
  ],
  training: [
    (o) => `${o} проведено навчальні заняття та семінари для фахівців, які можуть виявити осіб, що постраждали від торгівлі людьми.`,
    (o) => `${o} організовано тренінги з питань протидії торгівлі людьми для працівників соціальної сфери, освіти та поліції.`,
  ],
  coordination: [
    (o) => `${o} забезпечено взаємодію із суб’єктами протидії торгівлі людьми: проведено спільні наради, обмін інформацією здійснюється щокварталу.`,
    (o) => `${o} з територіальними підрозділами поліції та службами у справах дітей звірено дані й узгоджено порядок обміну інформацією.`,
  ],
  control: [
    (o) => `${o} здійснено перевірки в межах повноважень; виявлені недоліки доведено до відповідальних осіб і надано рекомендації щодо їх усунення.`,
    (o) => `${o} забезпечено постійний контроль; інформацію про його результати передано до координаційної ради.`,
  ],
  enforcement: [
    (o) => `${o} проведено оперативно-розшукові заходи, спрямовані на виявлення кримінальних правопорушень, пов’язаних з торгівлею людьми; відомості внесено до Єдиного реєстру досудових розслідувань.`,
    (o) => `${o} забезпечено взаємодію з прокуратурою та іншими правоохоронними органами у виявленні та розслідуванні злочинів, пов’язаних з торгівлею людьми.`,
  ],
  assistance: [
    (o) => `${o} особам, які постраждали від торгівлі людьми, надано консультації та забезпечено супровід для отримання допомоги відповідно до законодавства.`,
    (o) => `${o} звернення щодо встановлення статусу особи, яка постраждала від торгівлі людьми, розглянуто у встановлені строки; допомогу надано з урахуванням потреб постраждалих.`,
  ],
};

const IN_PROGRESS: Record<Activity, Text[]> = {
  information: [(o) => `${o} розпочато інформаційну кампанію; решту заходів заплановано на наступне півріччя.`],
  education: [(o) => `${o} розпочато цикл заходів у закладах освіти; частину перенесено на наступний семестр.`],
  training: [(o) => `${o} розпочато навчання фахівців; його завершення заплановано на наступне півріччя.`],
  coordination: [(o) => `${o} розпочато обмін інформацією із суб’єктами протидії торгівлі людьми; робота триває.`],
  control: [(o) => `${o} розпочато перевірки; їх результати буде наведено в наступному звіті.`],
  enforcement: [(o) => `${o} розпочато досудові розслідування, які тривають.`],
  assistance: [(o) => `${o} розпочато розгляд звернень і надання допомоги; робота триває.`],
};

const NOT_HELD: Record<Activity, string[]> = {
  information: ['Фінансування на виготовлення друкованої продукції у звітному періоді не передбачалося.', 'Заходи перенесено через безпекову ситуацію (оголошення повітряної тривоги); їх буде проведено в наступному періоді.'],
  education: ['Заходи перенесено через безпекову ситуацію (оголошення повітряної тривоги); їх буде проведено в наступному періоді.'],
  training: ['Навчання перенесено через безпекову ситуацію; його буде проведено в наступному періоді.'],
  coordination: ['Засідання перенесено на наступний період через безпекову ситуацію.'],
  control: ['Перевірки в умовах воєнного стану не проводилися (мораторій на заходи державного нагляду).'],
  enforcement: ['Відомостей про такі кримінальні правопорушення у звітному періоді не надходило.'],
  assistance: ['Звернень від осіб, які могли постраждати від торгівлі людьми, у звітному періоді не надходило.'],
};

export const OPENINGS = ['Протягом звітного періоду', 'У звітному періоді', 'Упродовж півріччя', 'За звітний період'];

/** An indicator as the text names it: its name without the leading "Проведено", "Розміщено"…, in lower case. */
export function figureLabel(name: string): string {
  const rest = name.replace(/^(Проведено|Розповсюджено|Розміщено|Охоплено|Отримано|Встановлено|Відмовлено|Здійснено|Виявлено|Розкрито|Підготовлено)\s+/, '');
  return rest.charAt(0).toLowerCase() + rest.slice(1);
}

/** "У цифрах: публікацій — 7; учасників — 120." — the values of the indicators fit to be told, or nothing. */
export function figuresSentence(figures: readonly { name: string; value: number }[]): string {
  // A short name that is part of another indicator's name ("дітей і молоді") keeps its verb ("охоплено дітей і молоді").
  const label = (name: string) => {
    const short = figureLabel(name);
    return figures.some((f) => f.name !== name && f.name.toLowerCase().includes(short)) ? name.toLowerCase() : short;
  };
  const told = figures.filter((f) => f.value > 0);
  return told.length ? ` У цифрах: ${told.map((f) => `${label(f.name)} — ${f.value}`).join('; ')}.` : '';
}

export function narrativeOf(activity: Activity, state: Extract<EntryState, 'done' | 'in_progress'>, opening: string, choose: (n: number) => number, figures: readonly { name: string; value: number }[]): string {
  const list = state === 'done' ? DONE[activity] : IN_PROGRESS[activity];
  return list[choose(list.length)]!(opening) + figuresSentence(figures);
}

export function notHeldReason(activity: Activity, choose: (n: number) => number): string {
  const list = NOT_HELD[activity];
  return list[choose(list.length)]!;
}

export const RETURN_COMMENTS = [
  'Зазначте кількісні показники виконання заходу.',
  'Додайте посилання на публікації чи документи, про які йдеться.',
  'Уточніть, що саме зроблено у звітному періоді, а не в попередньому.',
];

