import type { MessageEntry } from './entry.ts';

/** Messages of the consolidation's draft summary and its closing section (issue 15): Ukrainian first, English second. */
export const summaryMessages = {
  'summary.rollup.all': {
    uk: '{count, plural, =1 {За інформацією виконавця захід {state}.} one {За інформацією всіх # виконавця, що її надали, захід {state}.} other {За інформацією всіх # виконавців, що її надали, захід {state}.}}',
    en: '{count, plural, =1 {According to the executor, the measure is {state}.} other {According to all # executors who reported, the measure is {state}.}}',
  },
  'summary.rollup.mixed': {
    uk: '{count, plural, one {За інформацією # виконавця: {states}.} other {За інформацією # виконавців: {states}.}}',
    en: '{count, plural, one {According to # executor: {states}.} other {According to # executors: {states}.}}',
  },
  'summary.state.done': { uk: 'виконано', en: 'done' },
  'summary.state.in_progress': { uk: 'виконується', en: 'in progress' },
  'summary.state.not_done': { uk: 'не виконано', en: 'not done' },
  'summary.state.not_held': { uk: 'не проводився', en: 'not held' },
  'summary.stateCount.done': { uk: 'виконано', en: 'done' },
  'summary.stateCount.in_progress': { uk: 'виконується', en: 'in progress' },
  'summary.stateCount.not_done': { uk: 'не виконано', en: 'not done' },
  'summary.stateCount.not_held': { uk: 'не проводився', en: 'not held' },
  'summary.stateCount.none': { uk: 'стан не зазначено', en: 'no state given' },
  'summary.group.regional': { uk: 'обласні органи', en: 'regional bodies' },
  'summary.group.district': { uk: 'райвійськадміністрації', en: 'district administrations' },
  'summary.fromStatisticsPartial': {
    uk: '(за даними статистичної форми «{form}» за {quarters, plural, one {# квартал} few {# квартали} many {# кварталів} other {# кварталу}}; враховано {accepted} з {expected} форм, решту ще не прийнято)',
    en: '(from the statistical form “{form}” for {quarters, plural, one {# quarter} other {# quarters}}; {accepted} of {expected} submissions counted, the rest not yet accepted)',
  },
  'summary.fromReconciliations': {
    uk: '(за даними Звіту: «{title}» — завершено {closed} з {quarters, plural, one {# квартальної звірки} few {# квартальних звірок} many {# квартальних звірок} other {# квартальної звірки}})',
    en: '(from Zvit: “{title}” — {closed} of {quarters, plural, one {# quarterly reconciliation} other {# quarterly reconciliations}} closed)',
  },
  'summary.fromStatistics': {
    uk: '(за даними статистичної форми «{form}» за {quarters, plural, one {# квартал} few {# квартали} many {# кварталів} other {# кварталу}})',
    en: '(from the statistical form “{form}” for {quarters, plural, one {# quarter} other {# quarters}})',
  },
  'summary.group.community': { uk: 'громади', en: 'communities' },
  'summary.group.ngo': { uk: 'громадські організації', en: 'NGOs' },
  'summary.count.regional': {
    uk: '{count, plural, one {# виконавець обласного рівня} few {# виконавці обласного рівня} many {# виконавців обласного рівня} other {# виконавця обласного рівня}}',
    en: '{count, plural, one {# regional body} other {# regional bodies}}',
  },
  'summary.count.district': {
    uk: '{count, plural, one {# районна військова адміністрація} few {# районні військові адміністрації} many {# районних військових адміністрацій} other {# районної військової адміністрації}}',
    en: '{count, plural, one {# district administration} other {# district administrations}}',
  },
  'summary.count.community': {
    uk: '{count, plural, one {# територіальна громада} few {# територіальні громади} many {# територіальних громад} other {# територіальної громади}}',
    en: '{count, plural, one {# community} other {# communities}}',
  },
  'summary.count.ngo': {
    uk: '{count, plural, one {# громадська організація} few {# громадські організації} many {# громадських організацій} other {# громадської організації}}',
    en: '{count, plural, one {# NGO} other {# NGOs}}',
  },
  'summary.closing.all': {
    uk: '{expected, plural, =1 {Інформацію надав виконавець} one {Інформацію надали всі # виконавець} few {Інформацію надали всі # виконавці} many {Інформацію надали всі # виконавців} other {Інформацію надали всі # виконавця}}{late, plural, =0 {, усі — у встановлений строк.} other {, з них # — із порушенням встановленого строку{names}.}}',
    en: '{expected, plural, =1 {The executor reported} other {All # executors reported}}{late, plural, =0 {, all on time.} other {, # of them late{names}.}}',
  },
  'summary.closing.some': {
    uk: 'Інформацію надали {submitted} з {expected, plural, one {# виконавця} other {# виконавців}}{late, plural, =0 {, усі — у встановлений строк.} other {, з них # — із порушенням встановленого строку{names}.}}',
    en: '{submitted} of {expected} executors reported{late, plural, =0 {, all on time.} other {, # of them late{names}.}}',
  },
  'summary.closing.running': {
    uk: 'Строк надання інформації — {deadline}; на час складання документа її надали {submitted} з {expected, plural, one {# виконавця} other {# виконавців}}.',
    en: 'Reports are due by {deadline}; when this document was made, {submitted} of {expected} executors had reported.',
  },
  'summary.closing.none': { uk: 'Жоден із {expected, plural, one {# виконавця} other {# виконавців}} інформації не надав.', en: 'None of the {expected} executors reported.' },
  'summary.closing.consent': {
    uk: 'Із {expected, plural, one {# виконавця, який залучається} other {# виконавців, які залучаються}} до виконання плану за згодою, {submitted, plural, =0 {інформації не надав жоден} other {інформацію надали #}}{late, plural, =0 {.} other {, з них # — після встановленого строку.}}',
    en: 'Of the {expected} executors taking part by consent, {submitted} reported{late, plural, =0 {.} other {, # of them late.}}',
  },
  'summary.closing.consentRunning': {
    uk: 'Із {expected, plural, one {# виконавця, який залучається} other {# виконавців, які залучаються}} до виконання плану за згодою, {submitted, plural, =0 {інформації не надав жоден} other {інформацію надали #}}.',
    en: 'Of the {expected} executors taking part by consent, {submitted} have reported.',
  },
  'summary.closing.byLetter': { uk: 'Інформацію листом надали: {list}.', en: 'Reported by letter: {list}.' },
  'summary.closing.notYetAccepted': {
    uk: 'Інформація, що надійшла від {count, plural, one {# виконавця} other {# виконавців}}, ще опрацьовується.',
    en: 'What {count, plural, one {# executor} other {# executors}} sent is still being reviewed.',
  },
  'summary.page.showSources': {
    uk: '{count, plural, one {Показати # звіт} few {Показати # звіти} many {Показати # звітів} other {Показати # звіту}}',
    en: '{count, plural, one {Show # report} other {Show # reports}}',
  },
  'summary.page.showMore': {
    uk: '{count, plural, one {Ще # звіт} few {Ще # звіти} many {Ще # звітів} other {Ще # звіту}}',
    en: '{count, plural, one {# more report} other {# more reports}}',
  },
  'summary.page.notProvided': {
    uk: 'За згодою: відмовилися — {declined}, не надали інформації — {silent} (перелік — наприкінці сторінки).',
    en: 'By consent: declined — {declined}, sent nothing — {silent} (listed at the end of the page).',
  },
  'summary.page.draftHint': {
    uk: 'Проєкт складено з цифр і звітів виконавців: хто що написав — поруч. Відредагуйте текст; у документі він стоятиме без змін.',
    en: 'Drafted from the figures and the executors’ reports: who wrote what is beside it. Edit the text; the document will hold it as it is.',
  },
  'summary.page.editedHint': { uk: 'Ваш текст. Проєкт за поточними цифрами:', en: 'Your text. The draft from the current figures:' },
} as const satisfies Record<string, MessageEntry>;
