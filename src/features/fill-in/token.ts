import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The identifier a fill-in form carries (a custom document property and a hidden paragraph):
 * whose form it is — plan, period, organisation — signed with the installation's own key, so an
 * edited identifier is refused rather than read into another organisation's report.
 */

export const FORM_PROPERTY = 'ZvitForm';
export const MARKER_PREFIX = 'ZVIT-FORM ';
const VERSION = 'zf1';

export interface FormIdentity {
  planId: string;
  periodKey: string;
  organisationId: string;
}

function mac(key: Buffer, id: FormIdentity): string {
  return createHmac('sha256', key).update(`${VERSION}|${id.planId}|${id.periodKey}|${id.organisationId}`).digest('base64url').slice(0, 32);
}

/** "zf1.<plan>.<period>.<organisation>.<signature>": the ids never hold a dot. */
export function formToken(key: Buffer, id: FormIdentity): string {
  return [VERSION, id.planId, id.periodKey, id.organisationId, mac(key, id)].join('.');
}

export type TokenReading = { kind: 'valid'; identity: FormIdentity } | { kind: 'tampered' } | { kind: 'none' };

/** Reads a token: valid only when its signature is this installation's for exactly these ids. */
export function readToken(key: Buffer, raw: string | null): TokenReading {
  if (raw === null) return { kind: 'none' };
  const m = /^zf1\.([a-z0-9][a-z0-9-]{0,99})\.(\d{4}-(?:H[12]|Q[1-4]))\.([a-z0-9][a-z0-9-]{0,99})\.([A-Za-z0-9_-]{32})$/.exec(raw.trim());
  if (!m) return raw.includes(VERSION) ? { kind: 'tampered' } : { kind: 'none' };
  const identity = { planId: m[1]!, periodKey: m[2]!, organisationId: m[3]! };
  const expected = Buffer.from(mac(key, identity));
  const given = Buffer.from(m[4]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { kind: 'valid', identity } : { kind: 'tampered' };
}
