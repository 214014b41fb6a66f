import type { MessageEntry } from './entry.ts';

/** Messages of each role's home page ("Головна"): Ukrainian first, English second (see ../catalogue.ts). */
export const homeMessages = {
  'nav.home': { uk: 'Головна', en: 'Home' },
  'home.title': { uk: 'Головна', en: 'Home' },
  'home.lead': { uk: 'Що потребує вашої уваги зараз.', en: 'What needs you now.' },
  'home.noPlans.title': { uk: 'Почнімо', en: 'Getting started' },
  'home.noPlans.coordinator': {
    uk: 'У системі ще немає жодного плану заходів. Почніть із наказу: завантажте його — Звіт прочитає заходи, строки й виконавців, а ви перевірите чернетку й уведете план у дію.',
    en: 'There is no plan of measures yet. Start from the order: upload it — Zvit reads the measures, deadlines and executors, and you check the draft and bring the plan into force.',
  },
  'home.noPlans.import': { uk: 'Завантажити наказ', en: 'Upload an order' },
  'home.noPlans.admin': {
    uk: 'У системі ще немає жодного плану заходів. Перевірте довідник організацій і запросіть координатора — він внесе план із наказу.',
    en: 'There is no plan of measures yet. Check the organisation directory and invite a coordinator, who will enter the plan from its order.',
  },
  'home.noPlans.other': {
    uk: 'У системі ще немає жодного плану заходів. Щойно координатор внесе план, тут з’являться ваші звіти та строки.',
    en: 'There is no plan of measures yet. As soon as the coordinator enters one, your reports and deadlines will appear here.',
  },
  'home.shown': { uk: 'Показано {shown} з {total}.', en: 'Showing {shown} of {total}.' },
  'home.daysLeft': {
    uk: '{days, plural, =0 {сьогодні останній день} one {залишився # день} few {залишилося # дні} many {залишилося # днів} other {залишилося # дня}}',
    en: '{days, plural, =0 {today is the last day} one {# day left} other {# days left}}',
  },
  'home.overdueBy': {
    uk: '{days, plural, one {прострочено на # день} few {прострочено на # дні} many {прострочено на # днів} other {прострочено на # дня}}',
    en: '{days, plural, one {# day overdue} other {# days overdue}}',
  },
  'home.deadline': { uk: 'строк — {date}', en: 'due {date}' },
  'home.measures': { uk: '{count, plural, one {# захід} few {# заходи} many {# заходів} other {# заходу}}', en: '{count, plural, one {# measure} other {# measures}}' },

  // executor
  'home.due.title': { uk: 'Звіти до подання', en: 'Reports due' },
  'home.due.empty': { uk: 'Усі звіти подано — дякуємо!', en: 'Every report is submitted — thank you.' },
  'home.due.nothingOwed': { uk: 'Ваша організація поки не має звітів за чинними планами.', en: 'Your organisation owes no report under the plans in force yet.' },
  'home.returned.title': { uk: 'Повернуто на доопрацювання', en: 'Returned for rework' },
  'home.returned.empty': { uk: 'Повернених звітів немає.', en: 'No report was returned to you.' },
  'home.returned.comments': {
    uk: '{count, plural, =0 {без зауважень} one {# зауваження} few {# зауваження} many {# зауважень} other {# зауваження}}',
    en: '{count, plural, =0 {no comments} one {# comment} other {# comments}}',
  },
  'home.returned.on': { uk: 'повернуто {date}', en: 'returned on {date}' },
  'home.submitted.title': { uk: 'Подані звіти', en: 'Submitted reports' },
  'home.submitted.empty': { uk: 'Ще нічого не подано.', en: 'Nothing submitted yet.' },
  'home.submitted.at': { uk: 'подано {at}', en: 'submitted {at}' },
  'home.allMyReports': { uk: 'Усі звіти організації', en: 'All the organisation’s reports' },

  // coordinator
  'home.review.title': { uk: 'Звіти на розгляді', en: 'Reports awaiting review' },
  'home.review.hint': { uk: 'Першими — ті, що чекають найдовше.', en: 'The longest waiting first.' },
  'home.review.empty': { uk: 'Усі звіти розглянуто.', en: 'Every report has been reviewed.' },
  'home.review.accept': { uk: 'Прийняти', en: 'Accept' },
  'home.review.open': { uk: 'Розглянути', en: 'Review' },
  'home.review.version': { uk: 'версія {number}', en: 'version {number}' },
  'home.review.warnings': {
    uk: 'Є попередження ({codes}) — прочитайте звіт перед рішенням',
    en: 'Has warnings ({codes}) — read the report before deciding',
  },
  'home.review.all': { uk: 'Усі подані звіти за {period}', en: 'All submitted reports for {period}' },
  'home.review.accepted': { uk: 'Звіт організації «{organisation}» за {period} прийнято.', en: 'The report of “{organisation}” for {period} was accepted.' },
  'home.review.refusedWarnings': {
    uk: 'Цей звіт має попередження, тож його не можна прийняти зі списку. Відкрийте звіт і розгляньте його повністю.',
    en: 'This report has warnings, so it cannot be accepted from the list. Open the report and review it in full.',
  },
  'home.review.changed': {
    uk: 'Звіт змінився, відколи ви відкрили список (його відкликали або подали знову). Відкрийте його, щоб розглянути.',
    en: 'The report changed since you opened the list (it was withdrawn or submitted again). Open it to review.',
  },
  'home.silent.title': { uk: 'Ще не звітували — строк близько', en: 'Not reported yet — deadline near' },
  'home.silent.period': { uk: '{period} ({plan}): строк — {date}, {left}. Не подали: {count} з {expected}.', en: '{period} ({plan}): due {date}, {left}. Not submitted: {count} of {expected}.' },
  'home.silent.none': { uk: 'Найближчого тижня строків подання звітів немає.', en: 'No reports are due within a week either side of today.' },
  'home.silent.empty': { uk: 'Усі, хто мав звітувати, уже подали звіти.', en: 'Everyone who owes a report has submitted it.' },
  'home.silent.remind': { uk: 'Нагадати тим, хто не подав', en: 'Remind those who have not submitted' },
  'home.silent.grid': { uk: 'Усі, хто не подав', en: 'Everyone who has not submitted' },
  'home.byConsent': { uk: 'за згодою', en: 'by consent' },
  'home.approve.title': { uk: 'Узагальнена інформація до затвердження', en: 'Consolidated reports to approve' },
  'home.approve.item': { uk: 'чернетка версії {number}, змінено {at}', en: 'draft of version {number}, changed {at}' },
  'home.approve.empty': { uk: 'Чернеток узагальненої інформації, що чекають затвердження, немає.', en: 'No consolidated draft waits for approval.' },
  'home.send.title': { uk: 'Погоджені — позначте як надіслані', en: 'Signed off — mark as sent' },
  'home.send.item': { uk: 'версію {number} погоджено {at}', en: 'version {number} signed off {at}' },
  'home.send.empty': { uk: 'Немає погодженої узагальненої інформації, що чекає відправлення.', en: 'No signed-off consolidated report waits to be sent.' },
  'home.invites.title': { uk: 'Запрошення, ще не прийняті', en: 'Invitations not yet accepted' },
  'home.invites.item': { uk: '{organisation}, запрошено {date}', en: '{organisation}, invited {date}' },
  'home.invites.empty': { uk: 'Усі запрошені вже приєдналися.', en: 'Everyone invited has joined.' },
  'home.invites.all': { uk: 'Усі користувачі', en: 'All users' },

  // supervisor
  'home.sign.title': { uk: 'Узагальнена інформація на погодження', en: 'Consolidated reports to sign off' },
  'home.sign.item': { uk: 'версія {number}, затверджено {at}', en: 'version {number}, approved {at}' },
  'home.sign.empty': { uk: 'Немає узагальненої інформації, що чекає вашого погодження.', en: 'No consolidated report waits for your sign-off.' },
  'home.sign.open': { uk: 'Переглянути й погодити', en: 'Read and sign off' },
  'home.sign.rates': { uk: 'Показники звітування за період', en: 'The period’s reporting rates' },
  'home.noSupervised': { uk: 'Планів вашої організації, за якими звітують, ще немає.', en: 'Your organisation owns no plan that is reported on yet.' },

  // admin
  'home.outbox.title': { uk: 'Вихідна пошта', en: 'Outbox' },
  'home.outbox.fine': { uk: 'Збоїв доставки немає.', en: 'No delivery failures.' },
  'home.outbox.failed': {
    uk: '{count, plural, one {# лист не доставлено} few {# листи не доставлено} many {# листів не доставлено} other {# листа не доставлено}}',
    en: '{count, plural, one {# message not delivered} other {# messages not delivered}}',
  },
  'home.outbox.unknown': {
    uk: '{count, plural, one {про # лист невідомо, чи його надіслано} few {про # листи невідомо, чи їх надіслано} many {про # листів невідомо, чи їх надіслано} other {про # листа невідомо, чи його надіслано}}',
    en: '{count, plural, one {# message may or may not have been sent} other {# messages may or may not have been sent}}',
  },
  'home.outbox.pending': { uk: 'У черзі: {count}.', en: 'Waiting: {count}.' },
  'home.outbox.open': { uk: 'Відкрити вихідну пошту', en: 'Open the outbox' },
  'home.admin.title': { uk: 'Адміністрування', en: 'Administration' },
  'home.admin.invite': { uk: 'Запросити користувача', en: 'Invite a user' },
} as const satisfies Record<string, MessageEntry>;
