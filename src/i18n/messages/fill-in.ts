import type { MessageEntry } from './entry.ts';

/**
 * The fill-in form a community that reports by letter fills in Word or LibreOffice and sends
 * back: the document's own words (Ukrainian only in the file, English here for the catalogue
 * test), the upload and preview pages, the warnings of a form read back.
 */
export const fillInMessages = {
  // ---- the document --------------------------------------------------------------------------
  'fillIn.doc.title': { uk: 'ФОРМА ЗВІТУ', en: 'REPORT FORM' },
  'fillIn.doc.aboutGenitive': { uk: 'про стан виконання {plan}, затвердженого {approvedBy}, за {period}', en: 'on the implementation of {plan}, approved by {approvedBy}, for {period}' },
  'fillIn.doc.about': { uk: 'про стан виконання «{plan}» за {period}', en: 'on the implementation of “{plan}” for {period}' },
  'fillIn.doc.organisation': { uk: 'Організація: {name}', en: 'Organisation: {name}' },
  'fillIn.doc.returnBy': { uk: 'Строк подання: до {date}', en: 'Return by: {date}' },
  'fillIn.doc.instructions': {
    uk: 'Заповніть поля в сірих клітинках; не змінюйте структуру таблиць і не видаляйте рядків. Стан виконання впишіть одним із варіантів: виконано, виконується, не виконано, заходи не проводились. Якщо захід не виконано або заходи не проводились, зазначте причину. Числа пишіть цифрами, без слів.',
    en: 'Fill in the grey cells; do not change the tables or delete rows. Write the state as one of: done (виконано), in progress (виконується), not done (не виконано), nothing held (заходи не проводились). If a measure was not done or nothing was held, give the reason. Write numbers in figures.',
  },
  'fillIn.doc.sendTo': { uk: 'Збережіть файл у форматі DOCX і надішліть його на адресу {email} ({organisation}).', en: 'Save the file as DOCX and send it to {email} ({organisation}).' },
  'fillIn.doc.sendToNoEmail': { uk: 'Збережіть файл у форматі DOCX і надішліть його до {organisation}.', en: 'Save the file as DOCX and send it to {organisation}.' },
  'fillIn.doc.measure': { uk: 'Захід {code}. {title}', en: 'Measure {code}. {title}' },
  'fillIn.doc.deadline': { uk: 'Строк виконання', en: 'Deadline' },
  'fillIn.doc.noDeadline': { uk: 'не зазначено', en: 'not given' },
  'fillIn.doc.state': { uk: 'Стан виконання', en: 'State' },
  'fillIn.doc.stateHint': { uk: '(впишіть одне: виконано / виконується / не виконано / заходи не проводились)', en: '(write one: виконано / виконується / не виконано / заходи не проводились)' },
  'fillIn.doc.narrative': { uk: 'Що зроблено', en: 'What was done' },
  'fillIn.doc.narrativeHint': { uk: '(коротко, з датами і цифрами)', en: '(briefly, with dates and figures)' },
  'fillIn.doc.indicator': { uk: 'Показник {number}: {name}, {unit}', en: 'Indicator {number}: {name}, {unit}' },
  'fillIn.doc.hint.count': { uk: '(ціле число)', en: '(a whole number)' },
  'fillIn.doc.hint.sum': { uk: '(ціле число)', en: '(a whole number)' },
  'fillIn.doc.hint.money': { uk: '(сума, грн; копійки — після коми)', en: '(a sum in UAH; kopecks after the comma)' },
  'fillIn.doc.hint.boolean': { uk: '(так або ні)', en: '(yes or no: так / ні)' },
  'fillIn.doc.reason': { uk: 'Причина', en: 'Reason' },
  'fillIn.doc.reasonHint': { uk: '(якщо не виконано або заходи не проводились)', en: '(if not done or nothing was held)' },
  'fillIn.doc.signature': { uk: 'Керівник ____________________ (Власне ім’я ПРІЗВИЩЕ)', en: 'Head ____________________ (Name SURNAME)' },
  'fillIn.doc.executor': { uk: 'Виконавець: ____________________, тел. ____________', en: 'Prepared by: ____________________, tel. ____________' },
  'fillIn.doc.fileName': { uk: 'Форма звіту — {organisation} — {period}', en: 'Report form — {organisation} — {period}' },

  // ---- pages ---------------------------------------------------------------------------------
  'fillIn.link.download': { uk: 'Форма для заповнення (DOCX)', en: 'Form to fill in (DOCX)' },
  'fillIn.link.upload': { uk: 'Завантажити заповнену форму', en: 'Upload the filled form' },
  'fillIn.upload.title': { uk: 'Заповнена форма: {organisation}', en: 'Filled form: {organisation}' },
  'fillIn.upload.intro': {
    uk: 'Надішліть організації форму звіту (DOCX) — вона заповнить її у Word чи LibreOffice і поверне листом. Завантажте повернений файл: система прочитає його і покаже прочитане, перш ніж ви підтвердите внесення звіту за листом.',
    en: 'Send the organisation its report form (DOCX); it fills it in Word or LibreOffice and returns it by letter. Upload the returned file: Zvit reads it and shows what it read before you confirm entering the report from the letter.',
  },
  'fillIn.upload.download': { uk: 'Завантажити форму для організації (DOCX)', en: 'Download the organisation’s form (DOCX)' },
  'fillIn.upload.mailNote': { uk: 'Форму надсилайте зі своєї службової пошти: система не надсилає файлів у листах.', en: 'Send the form from your own work mailbox: Zvit does not send files by e-mail.' },
  'fillIn.upload.file': { uk: 'Заповнена форма (DOCX, до {mb} МБ)', en: 'The filled form (DOCX, up to {mb} MB)' },
  'fillIn.upload.submit': { uk: 'Прочитати форму', en: 'Read the form' },
  'fillIn.upload.letterExists': { uk: 'Звіт уже вноситься за листом № {number} від {date}. Заповнені поля форми замінять внесене; порожні поля внесеного не змінять.', en: 'The report is already being entered from letter No. {number} of {date}. The form’s filled fields replace what was entered; its empty fields change nothing.' },
  'fillIn.preview.title': { uk: 'Прочитано з форми: {organisation}', en: 'Read from the form: {organisation}' },
  'fillIn.preview.intro': { uk: 'Перевірте прочитане. Після підтвердження звіт буде внесено за листом як чернетку: ви зможете виправити заходи і подати звіт як зазвичай.', en: 'Check what was read. Once confirmed, the report is entered from the letter as a draft: you can correct measures and submit it as usual.' },
  'fillIn.preview.file': { uk: 'Файл: {name}, {size} КБ', en: 'File: {name}, {size} KB' },
  'fillIn.preview.warnings': { uk: 'Застереження', en: 'Warnings' },
  'fillIn.preview.noWarnings': { uk: 'Форму прочитано без застережень.', en: 'The form was read without warnings.' },
  'fillIn.preview.col.read': { uk: 'Прочитано за заходами', en: 'Read, measure by measure' },
  'fillIn.preview.measure': { uk: 'Захід {code}', en: 'Measure {code}' },
  'fillIn.preview.deadline': { uk: 'Строк виконання: {deadline}', en: 'Deadline: {deadline}' },
  'fillIn.preview.notInFile': { uk: 'немає у файлі', en: 'not in the file' },
  'fillIn.preview.empty': { uk: '—', en: '—' },
  'fillIn.preview.letter': { uk: 'Лист: № {number} від {date}', en: 'Letter: No. {number} of {date}' },
  'fillIn.preview.confirm': { uk: 'Підтвердити і внести звіт за листом', en: 'Confirm and enter the report from the letter' },
  'fillIn.preview.again': { uk: 'Завантажити інший файл', en: 'Upload another file' },
  'fillIn.notice.filled': { uk: 'Звіт внесено з форми: {count, plural, one {# захід} few {# заходи} many {# заходів} other {# заходу}}.', en: 'Entered from the form: {count, plural, one {# measure} other {# measures}}.' },

  // ---- refusals ------------------------------------------------------------------------------
  'fillIn.error.noFile': { uk: 'Виберіть заповнений файл форми (DOCX)', en: 'Choose the filled form file (DOCX)' },
  'fillIn.error.tooLarge': { uk: 'Файл завеликий: форма має бути до {mb} МБ', en: 'The file is too large: the form must be up to {mb} MB' },
  'fillIn.error.notDocx': { uk: 'Це не файл DOCX. Збережіть форму у Word чи LibreOffice у форматі DOCX («Документ Word») і завантажте ще раз.', en: 'This is not a DOCX file. Save the form in Word or LibreOffice as DOCX and upload it again.' },
  'fillIn.error.notForm': { uk: 'Цей файл DOCX — не форма звіту з системи: у ньому немає її позначки. Завантажте форму, яку ви надсилали організації.', en: 'This DOCX is not a Zvit report form: it has no form mark. Upload the form you sent the organisation.' },
  'fillIn.error.tampered': { uk: 'Позначку форми змінено або пошкоджено, тож невідомо, чия це форма. Надішліть організації нову форму.', en: 'The form’s mark was changed or damaged, so it is unknown whose form this is. Send the organisation a new form.' },
  'fillIn.error.otherOrganisation': { uk: 'Це форма іншої організації: {organisation}. Завантажте її на сторінці звіту тієї організації.', en: 'This is the form of another organisation: {organisation}. Upload it on that organisation’s page.' },
  'fillIn.error.otherPlan': { uk: 'Це форма за іншим планом: «{plan}».', en: 'This form belongs to another plan: “{plan}”.' },
  'fillIn.error.otherPeriod': { uk: 'Це форма за інший період: {period}. Завантажте її на сторінці того періоду.', en: 'This form is for another period: {period}. Upload it on that period’s page.' },
  'fillIn.error.empty': { uk: 'У формі не заповнено жодного поля: немає чого вносити.', en: 'No field of the form is filled in: there is nothing to enter.' },
  'fillIn.error.zipBomb': { uk: 'Файл розпаковується в надто великий обсяг; це не схоже на форму звіту.', en: 'The file inflates to too much data; it does not look like a report form.' },
  'fillIn.error.executorStarted': { uk: 'Організація вже заповнює цей звіт сама; внести його з форми не можна.', en: 'The organisation is filling in this report itself; it cannot be entered from the form.' },
  'fillIn.error.notEditable': { uk: 'Звіт уже подано або прийнято. Щоб внести нову форму, спершу поверніть звіт на виправлення.', en: 'The report is already submitted or accepted. To enter a new form, return the report for correction first.' },
  'fillIn.error.noMeasures': { uk: 'Ця організація нічого не звітує за цей період.', en: 'This organisation owes nothing in this period.' },

  // ---- warnings (each names the measure) ----------------------------------------------------
  'fillIn.warn.missingMeasure': { uk: 'Захід {code}: таблицю заходу не знайдено у файлі (рядки видалено?) — нічого не прочитано.', en: 'Measure {code}: its table is not in the file (rows deleted?) — nothing read.' },
  'fillIn.warn.unknownMeasure': { uk: 'У файлі є таблиця заходу «{code}», якого організація за цей період не звітує, — пропущено.', en: 'The file has a table for measure “{code}”, which the organisation does not owe this period — skipped.' },
  'fillIn.warn.duplicateMeasure': { uk: 'Захід {code}: таблиця трапляється у файлі двічі — прочитано першу.', en: 'Measure {code}: its table appears twice — the first one is read.' },
  'fillIn.warn.reordered': { uk: 'Заходи у файлі переставлено — прочитано за номерами заходів.', en: 'The measures in the file were reordered — read by their numbers.' },
  'fillIn.warn.missingField': { uk: 'Захід {code}: рядок «{field}» не знайдено — поле не прочитано.', en: 'Measure {code}: the row “{field}” is missing — not read.' },
  'fillIn.warn.noState': { uk: 'Захід {code}: стан виконання не вказано.', en: 'Measure {code}: no state given.' },
  'fillIn.warn.stateRead': { uk: 'Захід {code}: стан «{typed}» прочитано як «{state}».', en: 'Measure {code}: the state “{typed}” was read as “{state}”.' },
  'fillIn.warn.stateUnknown': { uk: 'Захід {code}: стан «{typed}» не вдалося прочитати — вкажіть його вручну.', en: 'Measure {code}: the state “{typed}” could not be read — set it by hand.' },
  'fillIn.warn.noReason': { uk: 'Захід {code}: стан «{state}» потребує причини, а її не зазначено.', en: 'Measure {code}: the state “{state}” needs a reason, and none is given.' },
  'fillIn.warn.numberRead': { uk: 'Захід {code}, показник «{name}»: «{typed}» прочитано як {value}.', en: 'Measure {code}, indicator “{name}”: “{typed}” was read as {value}.' },
  'fillIn.warn.numberBad': { uk: 'Захід {code}, показник «{name}»: «{typed}» не є {kind, select, money {сумою в гривнях} boolean {відповіддю так/ні} other {цілим числом}} — не прочитано.', en: 'Measure {code}, indicator “{name}”: “{typed}” is not {kind, select, money {a sum in UAH} boolean {a yes/no answer} other {a whole number}} — not read.' },
  'fillIn.warn.tooLong': { uk: 'Захід {code}: текст поля «{field}» задовгий — скорочено до {max} символів.', en: 'Measure {code}: the text of “{field}” is too long — cut to {max} characters.' },
  'fillIn.warn.markerOnly': { uk: 'Властивості документа змінено; форму впізнано за прихованою позначкою в тексті.', en: 'The document properties were changed; the form was recognised by the hidden mark in its text.' },

  // ---- audit ---------------------------------------------------------------------------------
  'audit.action.report.filled_from_form': { uk: 'звіт внесено з форми', en: 'report entered from a form' },
  'audit.summary.report.filled_from_form': { uk: 'Внесено з заповненої форми ({count, plural, one {# захід} few {# заходи} many {# заходів} other {# заходу}}): {report}', en: 'Entered from a filled form ({count, plural, one {# measure} other {# measures}}): {report}' },
} as const satisfies Record<string, MessageEntry>;
