import type { MessageEntry } from './entry.ts';

/**
 * The consolidated document's table as the order's own (Найменування завдання · № з/п ·
 * Найменування заходу · Строк виконання · Відповідальні за виконання · Стан виконання), the
 * workbook's title rows and footer, and the CSV files' headers and codes in Ukrainian.
 */
export const documentTableMessages = {
  'documentTable.col.task': { uk: 'Найменування завдання', en: 'Task' },
  'documentTable.col.number': { uk: '№ з/п', en: 'No.' },
  'documentTable.col.measure': { uk: 'Найменування заходу', en: 'Measure' },
  'documentTable.col.deadline': { uk: 'Строк виконання', en: 'Deadline' },
  'documentTable.col.executors': { uk: 'Відповідальні за виконання', en: 'Responsible for implementation' },
  'documentTable.col.state': { uk: 'Стан виконання', en: 'Implementation' },
  'documentTable.task': { uk: 'Завдання {number}. {title}', en: 'Task {number}. {title}' },
  'documentTable.noDeadline': { uk: 'не визначено', en: 'not stated' },

  'documentTable.xlsx.title': { uk: '{plan} — {period}; {version}', en: '{plan} — {period}; {version}' },
  'documentTable.xlsx.version': { uk: 'версія {number} від {date}', en: 'version {number} of {date}' },
  'documentTable.xlsx.draft': { uk: 'чернетка', en: 'draft' },
  'documentTable.xlsx.footer': { uk: 'Сторінка &P з &N', en: 'Page &P of &N' },

  'documentTable.csv.plan': { uk: 'План', en: 'Plan' },
  'documentTable.csv.period': { uk: 'Період', en: 'Period' },
  'documentTable.csv.measure': { uk: 'Захід', en: 'Measure' },
  'documentTable.csv.title': { uk: 'Найменування заходу', en: 'Measure title' },
  'documentTable.csv.executors': { uk: 'Відповідальні за виконання', en: 'Responsible executors' },
  'documentTable.csv.state': { uk: 'Стан виконання', en: 'State' },
  'documentTable.csv.publicText': { uk: 'Текст для оприлюднення', en: 'Public text' },
  'documentTable.csv.indicator': { uk: 'Показник', en: 'Indicator' },
  'documentTable.csv.unit': { uk: 'Одиниця виміру', en: 'Unit' },
  'documentTable.csv.executorGroup': { uk: 'Виконавці', en: 'Executor group' },
  'documentTable.csv.value': { uk: 'Значення', en: 'Value' },
  'documentTable.csv.organisationId': { uk: 'Код організації', en: 'Organisation id' },
  'documentTable.csv.organisation': { uk: 'Виконавець', en: 'Executor' },
  'documentTable.csv.kind': { uk: 'Вид виконавця', en: 'Kind of executor' },
  'documentTable.csv.district': { uk: 'Район', en: 'District' },
  'documentTable.csv.report': { uk: 'Звіт', en: 'Report' },
  'documentTable.csv.submission': { uk: 'Подання №', en: 'Submission' },
  'documentTable.csv.reason': { uk: 'Причина', en: 'Reason' },
  'documentTable.csv.narrative': { uk: 'Що зроблено', en: 'Narrative' },
  'documentTable.csv.sensitive': { uk: 'Чутливий показник', en: 'Sensitive' },
  'documentTable.csv.report.accepted': { uk: 'прийнято', en: 'accepted' },
  'documentTable.csv.report.submitted': { uk: 'подано', en: 'submitted' },
} as const satisfies Record<string, MessageEntry>;
