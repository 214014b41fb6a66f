import { zipEntries, ZipGuardError, type ZipLimits } from '../../domain/plan-import/zip-guard.ts';
import { displayIndicatorValue, formatIndicatorValue, MAX_NARRATIVE, MAX_REASON, needsReason, parseIndicatorValue, type EntryState } from '../../domain/reports.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { uk } from '../consolidation/text.ts';
import { inflateDocx } from '../imports/unzip.ts';
import { FIELD_LABELS, indicatorLabel, type FormMeasure } from './generate.ts';
import { FORM_PROPERTY, MARKER_PREFIX, readToken, type FormIdentity } from './token.ts';

/**
 * Reading a filled form back: the DOCX inflated under hard limits (imports/unzip.ts), its
 * identifier checked, then each measure's table found by its heading ("Захід 2.1. …") and each
 * field by the label in its row's first cell — the structure survives a save by Word or by
 * LibreOffice, which may drop or keep content controls. What was typed beyond the form's rules
 * (a state in other words, "1 234", a row deleted, tables reordered) is read where it can be,
 * with a warning naming the measure. No database, no clock: bounded, linear regular expressions
 * over at most a few MB of XML.
 */

/** A filled form is a few dozen KB; a scan pasted in may make it a few MB. */
export const MAX_FORM_BYTES = 5 * 1024 * 1024;
// A 60-measure form with 2 MB of text reads in about 0.1 s; these caps keep the worst near 0.6 s (3.7 MB holding 9.3 MB of XML).
const FORM_LIMITS: ZipLimits = { maxEntries: 500, maxTotalUncompressed: 20 * 1024 * 1024, maxEntryUncompressed: 10 * 1024 * 1024, maxRatio: 200 };

export type ReadProblem = 'empty-file' | 'too-large' | 'not-docx' | 'zip-bomb' | 'not-form' | 'tampered' | 'empty';

export class FormReadError extends Error {
  constructor(readonly problem: ReadProblem) {
    super(problem);
    this.name = 'FormReadError';
  }
}

export type WarningKey = Extract<MessageKey, `fillIn.warn.${string}`>;
export interface ReadWarning {
  key: WarningKey;
  params: Record<string, string | number>;
  /** The measure it is about (null: the whole form). */
  code: string | null;
}

export interface ReadMeasure {
  measureId: number;
  code: string;
  found: boolean;
  state: EntryState | null;
  /** The state as typed. */
  stateTyped: string;
  narrative: string;
  reason: string;
  /** Minor units by indicator id (only those read). */
  values: Record<number, number>;
  typedValues: Record<number, string>;
  /** Fields whose row is not in the file: what was saved for them is kept. */
  missing: ('state' | 'narrative' | 'reason' | `value-${number}`)[];
}

export interface FormReading {
  identity: FormIdentity;
  measures: ReadMeasure[];
  warnings: ReadWarning[];
  /** Measures with at least one field filled in. */
  filled: number;
}

// ---- the package -------------------------------------------------------------------------------

function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** The parts of a DOCX that matter here, inflated under the limits. */
function partsOf(bytes: Uint8Array): { document: string; custom: string | null } {
  if (bytes.length === 0) throw new FormReadError('empty-file');
  if (bytes.length > MAX_FORM_BYTES) throw new FormReadError('too-large');
  if (!looksLikeZip(bytes)) throw new FormReadError('not-docx');
  let stored: Buffer;
  try {
    stored = inflateDocx(bytes, FORM_LIMITS);
  } catch (err) {
    if (err instanceof ZipGuardError) throw new FormReadError(err.problem === 'too-large' || err.problem === 'ratio' || err.problem === 'too-many-entries' ? 'zip-bomb' : 'not-docx');
    throw err;
  }
  // The inflated copy holds stored entries only: each one's bytes follow its local header.
  const part = (name: string): string | null => {
    const e = zipEntries(stored).find((x) => x.name === name);
    if (!e) return null;
    const start = e.localOffset + 30 + stored.readUInt16LE(e.localOffset + 26) + stored.readUInt16LE(e.localOffset + 28);
    return stored.subarray(start, start + e.compressedSize).toString('utf8');
  };
  const document = part('word/document.xml');
  if (document === null) throw new FormReadError('not-docx');
  return { document, custom: part('docProps/custom.xml') };
}

// ---- WordprocessingML, as little as needed ----------------------------------------------------

function decode(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g, (_, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/** A paragraph's visible text: its runs' text, tabs and line breaks (deleted text and properties left out). */
function paragraphText(xml: string): string {
  const body = xml.replace(/<w:pPr\b[\s\S]*?<\/w:pPr>/g, '').replace(/<w:rPr\b[\s\S]*?<\/w:rPr>/g, '');
  let out = '';
  for (const m of body.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:(tab|br|cr)\b[^>]*\/>/g)) {
    if (m[1] !== undefined) out += decode(m[1]);
    else out += m[2] === 'tab' ? '\t' : '\n';
  }
  return out;
}

/** A cell's paragraphs. */
function cellText(xml: string): string {
  const paragraphs = [...xml.matchAll(/<w:p\b[^>]*\/>|<w:p\b[^>]*>[\s\S]*?<\/w:p>/g)].map((m) => paragraphText(m[0]).replace(/[\u00a0\u202f]/g, ' ').replace(/\s+$/, ''));
  while (paragraphs.length && paragraphs[paragraphs.length - 1] === '') paragraphs.pop();
  while (paragraphs.length && paragraphs[0] === '') paragraphs.shift();
  return paragraphs.join('\n');
}

/** Tables as rows of cells’ text (the form has no table inside a cell; one pasted in is not read). */
function tablesOf(document: string): string[][][] {
  return [...document.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) =>
    [...t[0].matchAll(/<w:tr\b[^>]*>[\s\S]*?<\/w:tr>/g)].map((r) => [...r[0].matchAll(/<w:tc\b[^>]*>[\s\S]*?<\/w:tc>/g)].map((c) => cellText(c[0]))),
  );
}

function customToken(custom: string | null): string | null {
  if (!custom) return null;
  const m = new RegExp(`<property\\b[^>]*\\bname="${FORM_PROPERTY}"[^>]*>\\s*<vt:lpwstr>([^<]*)</vt:lpwstr>`).exec(custom);
  return m ? decode(m[1]!) : null;
}

function markerToken(document: string): string | null {
  const text = [...document.matchAll(/<w:p\b[^>]*>[\s\S]*?<\/w:p>/g)].map((m) => paragraphText(m[0])).find((t) => t.includes(MARKER_PREFIX.trim()));
  if (!text) return null;
  return text.slice(text.indexOf(MARKER_PREFIX.trim()) + MARKER_PREFIX.trim().length).trim() || null;
}

// ---- values ------------------------------------------------------------------------------------

const STATE_WORDS: Record<string, EntryState> = {
  виконано: 'done',
  виконаний: 'done',
  виконана: 'done',
  виконане: 'done',
  'виконано повністю': 'done',
  'повністю виконано': 'done',
  виконується: 'in_progress',
  виконуються: 'in_progress',
  'в процесі виконання': 'in_progress',
  'у процесі виконання': 'in_progress',
  'в стадії виконання': 'in_progress',
  'у стадії виконання': 'in_progress',
  триває: 'in_progress',
  'не виконано': 'not_done',
  невиконано: 'not_done',
  'не виконаний': 'not_done',
  'не виконана': 'not_done',
  'заходи не проводились': 'not_held',
  'заходи не проводилися': 'not_held',
  'заходи не проводилось': 'not_held',
  'не проводились': 'not_held',
  'не проводилися': 'not_held',
  'не проводилось': 'not_held',
};

const stateName = (s: EntryState) => uk.t(`report.entryState.${s}` as MessageKey);

/** A state as typed: one of the four words, in any case, with or without a full stop or quotes. */
export function readState(typed: string): { state: EntryState | null; exact: boolean } {
  const t = typed.trim();
  if (t === '') return { state: null, exact: true };
  const exact = (Object.keys(STATE_WORDS) as string[]).find((w) => w === t && stateName(STATE_WORDS[w]!) === w);
  if (exact) return { state: STATE_WORDS[exact]!, exact: true };
  const norm = t
    .toLowerCase()
    .replace(/[«»"“”„'’]/g, '')
    .replace(/[.;,!]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return { state: STATE_WORDS[norm] ?? null, exact: false };
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? '').trim();
}

// ---- the form ----------------------------------------------------------------------------------

/** The measure heading's code: "Захід 2.1. Title" → "2.1". */
function headingCode(text: string): string | null {
  const m = /^Захід\s+(\S+?)\.(?:\s|$)/.exec(text.trim());
  return m ? m[1]! : null;
}

/** Reads the identifier only (for refusing another's form before reading anything else). */
export function readIdentity(bytes: Uint8Array, key: Buffer): { identity: FormIdentity; markerOnly: boolean; document: string } {
  const { document, custom } = partsOf(bytes);
  const fromProperty = readToken(key, customToken(custom));
  const fromMarker = readToken(key, markerToken(document));
  if (fromProperty.kind === 'tampered' || fromMarker.kind === 'tampered') throw new FormReadError('tampered');
  if (fromProperty.kind === 'valid' && fromMarker.kind === 'valid') {
    const a = fromProperty.identity;
    const b = fromMarker.identity;
    if (a.planId !== b.planId || a.periodKey !== b.periodKey || a.organisationId !== b.organisationId) throw new FormReadError('tampered');
  }
  if (fromProperty.kind === 'valid') return { identity: fromProperty.identity, markerOnly: false, document };
  if (fromMarker.kind === 'valid') return { identity: fromMarker.identity, markerOnly: true, document };
  throw new FormReadError('not-form');
}

/**
 * Reads a filled form against the measures the organisation owes. Throws FormReadError for a
 * file that is not a form of this installation, or one with nothing filled in; the caller
 * checks whose form it is (`identity`).
 */
export function readFilledForm(bytes: Uint8Array, key: Buffer, measures: readonly FormMeasure[]): FormReading {
  const { identity, markerOnly, document } = readIdentity(bytes, key);
  const warnings: ReadWarning[] = [];
  const warn = (key: WarningKey, code: string | null, params: Record<string, string | number> = {}) => warnings.push({ key, code, params: code === null ? params : { code, ...params } });
  if (markerOnly) warn('fillIn.warn.markerOnly', null);

  const byCode = new Map(measures.map((m) => [m.code, m]));
  const tables = new Map<string, string[][]>();
  const order: string[] = [];
  for (const rows of tablesOf(document)) {
    const code = rows[0]?.[0] !== undefined ? headingCode(rows[0][0]) : null;
    if (code === null) continue;
    if (!byCode.has(code)) {
      warn('fillIn.warn.unknownMeasure', null, { code });
      continue;
    }
    if (tables.has(code)) {
      warn('fillIn.warn.duplicateMeasure', code);
      continue;
    }
    tables.set(code, rows.slice(1));
    order.push(code);
  }
  const expectedOrder = measures.map((m) => m.code).filter((c) => tables.has(c));
  if (order.join('\n') !== expectedOrder.join('\n')) warn('fillIn.warn.reordered', null);

  const out: ReadMeasure[] = [];
  let filled = 0;
  for (const m of measures) {
    const r: ReadMeasure = { measureId: m.id, code: m.code, found: tables.has(m.code), state: null, stateTyped: '', narrative: '', reason: '', values: {}, typedValues: {}, missing: [] };
    out.push(r);
    const rows = tables.get(m.code);
    if (!rows) {
      warn('fillIn.warn.missingMeasure', m.code);
      continue;
    }
    const fields = rows.filter((cells) => cells.length >= 2).map((cells) => ({ label: firstLine(cells[0]!), value: cells.slice(1).join('\n').trim() }));
    const take = (label: string) => {
      const i = fields.findIndex((f) => f.label.startsWith(label));
      if (i < 0) return null;
      return fields.splice(i, 1)[0]!.value;
    };
    const state = take(FIELD_LABELS.state);
    const narrative = take(FIELD_LABELS.narrative);
    const reason = take(FIELD_LABELS.reason);
    let any = false;
    if (state === null) r.missing.push('state');
    if (narrative === null) r.missing.push('narrative');
    if (reason === null) r.missing.push('reason');
    if (state === null) warn('fillIn.warn.missingField', m.code, { field: FIELD_LABELS.state });
    else {
      r.stateTyped = state;
      const s = readState(state);
      r.state = s.state;
      if (state !== '') any = true;
      if (state === '') warn('fillIn.warn.noState', m.code);
      else if (s.state === null) warn('fillIn.warn.stateUnknown', m.code, { typed: state });
      else if (!s.exact) warn('fillIn.warn.stateRead', m.code, { typed: state, state: stateName(s.state) });
    }
    if (narrative === null) warn('fillIn.warn.missingField', m.code, { field: FIELD_LABELS.narrative });
    else {
      if (narrative !== '') any = true;
      r.narrative = narrative.slice(0, MAX_NARRATIVE);
      if (narrative.length > MAX_NARRATIVE) warn('fillIn.warn.tooLong', m.code, { field: FIELD_LABELS.narrative, max: MAX_NARRATIVE });
    }
    if (reason === null) warn('fillIn.warn.missingField', m.code, { field: FIELD_LABELS.reason });
    else {
      if (reason !== '') any = true;
      r.reason = reason.slice(0, MAX_REASON);
      if (reason.length > MAX_REASON) warn('fillIn.warn.tooLong', m.code, { field: FIELD_LABELS.reason, max: MAX_REASON });
    }
    for (const [n, ind] of m.indicators.entries()) {
      const label = firstLine(indicatorLabel(ind, n + 1));
      // By its whole label; else by its name (rows reordered or renumbered); else by its number ("Показник 2:").
      let i = fields.findIndex((f) => f.label === label);
      if (i < 0) i = fields.findIndex((f) => f.label.startsWith(FIELD_LABELS.indicator) && f.label.includes(ind.name));
      if (i < 0) i = fields.findIndex((f) => f.label.startsWith(label.slice(0, label.indexOf(':') + 1)));
      if (i < 0) {
        r.missing.push(`value-${ind.id}`);
        warn('fillIn.warn.missingField', m.code, { field: label });
        continue;
      }
      const typed = fields.splice(i, 1)[0]!.value;
      if (typed === '') continue;
      any = true;
      r.typedValues[ind.id] = typed;
      const parsed = parseIndicatorValue(ind.kind, ind.kind === 'boolean' ? typed.toLowerCase().replace(/[.!]+$/, '') : typed);
      if ('problem' in parsed || parsed.value === null) {
        warn('fillIn.warn.numberBad', m.code, { name: ind.name, typed, kind: ind.kind });
        continue;
      }
      r.values[ind.id] = parsed.value;
      if (typed !== formatIndicatorValue(ind.kind, parsed.value)) warn('fillIn.warn.numberRead', m.code, { name: ind.name, typed, value: displayIndicatorValue(ind.kind, parsed.value) });
    }
    if (r.state && needsReason(r.state) && r.reason.trim() === '') warn('fillIn.warn.noReason', m.code, { state: stateName(r.state) });
    if (any) filled++;
  }
  if (filled === 0) throw new FormReadError('empty');
  return { identity, measures: out, warnings, filled };
}

/** A warning in words. */
export function warningText(tr: { t: (key: MessageKey, params?: Record<string, string | number>) => string }, w: ReadWarning): string {
  return tr.t(w.key, w.params);
}
