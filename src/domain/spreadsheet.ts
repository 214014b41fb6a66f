const FORMULA_START = /^[=+\-@\t\r]/;

/** A text as a spreadsheet may safely hold it (formula injection, control characters, the cell limit). */
export function safeText(s: string): string {
  const clean = s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').slice(0, 32_000);
  return FORMULA_START.test(clean) ? `'${clean}` : clean;
}

/** One CSV cell as the exports write them: semicolon-separated, decimal commas, text quoted and neutralised. */
export function csvCell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v).replace('.', ',');
  return `"${safeText(v).replace(/"/g, '""')}"`;
}
