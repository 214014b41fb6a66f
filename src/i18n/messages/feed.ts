import type { MessageEntry } from './entry.ts';

/** The calendar feed (.ics) and its link on the account page: Ukrainian first, English second (see ../catalogue.ts). */
export const feedMessages = {
  'feed.name': { uk: 'Звіт: строки — {organisation}', en: 'Zvit: deadlines — {organisation}' },
  'feed.event.report': { uk: 'Строк звіту за {period} — {plan}', en: 'Report for {period} due — {plan}' },
  'feed.event.reportDetail': {
    uk: '«{organisation}» подає звіт за {period} за планом «{planFull}» до {deadline} включно ({count, plural, one {# захід} few {# заходи} many {# заходів} other {# заходу}}).',
    en: '“{organisation}” reports for {period} under the plan “{planFull}” by {deadline} inclusive ({count, plural, one {# measure} other {# measures}}).',
  },
  'feed.event.reportsDue': { uk: 'Звіти виконавців за {period} — {plan}', en: 'Executors’ reports for {period} due — {plan}' },
  'feed.event.reportsDueDetail': {
    uk: 'До {deadline} включно виконавці подають звіти за {period} за планом «{planFull}»; далі — розгляд поданих звітів.',
    en: 'The executors report for {period} under the plan “{planFull}” by {deadline} inclusive; then the submitted reports are reviewed.',
  },
  'feed.event.consolidation': { uk: 'Узагальнення за {period} — {plan}', en: 'Consolidation for {period} due — {plan}' },
  'feed.event.consolidationDetail': {
    uk: 'Строк узагальнення звітів за {period} за планом «{planFull}»: {deadline}. Розгляньте подані звіти й затвердьте зведений звіт.',
    en: 'The reports for {period} under the plan “{planFull}” are consolidated by {deadline}. Review the submitted reports and approve the consolidated report.',
  },
  'feed.event.signOff': { uk: 'Зведений звіт за {period} на підпис — {plan}', en: 'Consolidated report for {period} to sign off — {plan}' },
  'feed.event.signOffDetail': {
    uk: 'До {deadline} координатор узагальнює звіти за {period} за планом «{planFull}»; затверджений зведений звіт надходить вам на підпис.',
    en: 'By {deadline} the coordinator consolidates the reports for {period} under the plan “{planFull}”; the approved consolidated report comes to you to sign off.',
  },
  'feed.event.namedDay': { uk: '{name} (захід {code})', en: '{name} (measure {code})' },
  'feed.event.day': { uk: '{date}: дата із заходу {code} — {measure}', en: '{date}: a date in measure {code} — {measure}' },
  'feed.event.dayDetail': {
    uk: 'Щороку {date}, як названо в заході {code} плану «{planFull}»:\n{measureFull}',
    en: 'Every year on {date}, as measure {code} of the plan “{planFull}” names it:\n{measureFull}',
  },

  'account.calendar': { uk: 'Календар', en: 'Calendar' },
  'account.calendar.intro': {
    uk: 'Строки ваших звітів (або розгляду й узагальнення) і дні, які називають заходи, — у вашому календарі Google, Outlook чи Apple. Календар оновлюється сам: нові строки з’являються, змінені — змінюються.',
    en: 'The deadlines of your reports (or of review and consolidation) and the days the measures name — in your Google, Outlook or Apple calendar. It updates itself: new deadlines appear, changed ones change.',
  },
  'account.calendar.none': { uk: 'Посилання на календар ще не створено.', en: 'No calendar link yet.' },
  'account.calendar.active': {
    uk: 'Посилання діє з {date}. Повністю його показано лише раз, коли його створено; якщо ви його загубили, створіть нове.',
    en: 'The link works since {date}. It was shown in full only once, when it was made; if you lost it, make a new one.',
  },
  'account.calendar.create': { uk: 'Створити посилання на календар', en: 'Create a calendar link' },
  'account.calendar.renew': { uk: 'Створити нове посилання (старе перестане працювати)', en: 'Make a new link (the old one stops working)' },
  'account.calendar.revoke': { uk: 'Відкликати посилання', en: 'Revoke the link' },
  'account.calendar.revoked': { uk: 'Посилання на календар відкликано: календар більше не отримує строків.', en: 'The calendar link was revoked: the calendar gets no more deadlines.' },
  'account.calendar.nothingToRevoke': { uk: 'Посилання на календар не було.', en: 'There was no calendar link.' },

  'calendarLink.title': { uk: 'Посилання на ваш календар', en: 'Your calendar link' },
  'calendarLink.once': {
    uk: 'Скопіюйте посилання зараз: повністю його показано лише цього разу. Воно замінює пароль для вашого календаря — не пересилайте його й не публікуйте. Якщо воно потрапило до когось іще, відкличте його або створіть нове.',
    en: 'Copy the link now: it is shown in full only this once. It is the password to your calendar — do not forward or publish it. If someone else got it, revoke it or make a new one.',
  },
  'calendarLink.replaced': { uk: 'Попереднє посилання більше не працює.', en: 'The previous link no longer works.' },
  'calendarLink.label': { uk: 'Посилання на календар (.ics)', en: 'Calendar link (.ics)' },
  'calendarLink.copy': { uk: 'Копіювати', en: 'Copy' },
  'calendarLink.copied': { uk: 'Скопійовано', en: 'Copied' },
  'calendarLink.how': { uk: 'Як додати календар', en: 'How to add the calendar' },
  'calendarLink.google': { uk: 'Google Календар', en: 'Google Calendar' },
  'calendarLink.google.steps': {
    uk: 'На комп’ютері відкрийте calendar.google.com → ліворуч «Інші календарі» → «+» → «З URL-адреси» → вставте посилання → «Додати календар». Google оновлює такі календарі раз на кілька годин.',
    en: 'On a computer open calendar.google.com → on the left “Other calendars” → “+” → “From URL” → paste the link → “Add calendar”. Google refreshes such calendars every few hours.',
  },
  'calendarLink.outlook': { uk: 'Outlook', en: 'Outlook' },
  'calendarLink.outlook.steps': {
    uk: 'Outlook в інтернеті або новий Outlook: «Календар» → «Додати календар» → «Підписатися з Інтернету» → вставте посилання, дайте календарю назву → «Імпорт». Класичний Outlook для Windows: «Календар» → «Додати календар» → «З Інтернету…».',
    en: 'Outlook on the web or the new Outlook: “Calendar” → “Add calendar” → “Subscribe from web” → paste the link, name the calendar → “Import”. Classic Outlook for Windows: “Calendar” → “Add calendar” → “From Internet…”.',
  },
  'calendarLink.apple': { uk: 'Календар Apple', en: 'Apple Calendar' },
  'calendarLink.apple.steps': {
    uk: 'На Mac: «Файл» → «Нова підписка на календар…» → вставте посилання → «Підписатися», «Автооновлення» — щогодини. На iPhone чи iPad: «Параметри» → «Календар» → «Облікові записи» → «Додати обліковий запис» → «Інше» → «Додати підписку на календар».',
    en: 'On a Mac: “File” → “New Calendar Subscription…” → paste the link → “Subscribe”, “Auto-refresh” every hour. On an iPhone or iPad: “Settings” → “Calendar” → “Accounts” → “Add Account” → “Other” → “Add Subscribed Calendar”.',
  },
  'calendarLink.back': { uk: 'Повернутися до облікового запису', en: 'Back to my account' },
} as const satisfies Record<string, MessageEntry>;
