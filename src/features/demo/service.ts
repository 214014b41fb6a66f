import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../../clock.ts';
import { ensureDir, type Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import * as organisations from '../organisations/service.ts';
import * as users from '../users/service.ts';
import { totpCode } from '../auth/service.ts';

export const DEMO_ACCOUNTS_FILE = 'demo-accounts.txt';

interface DemoAccount {
  role: Role;
  login: string;
  displayName: string;
  organisationId: string;
}

/** One account per role, at the organisations the foundation names. */
const DEMO_ACCOUNTS: DemoAccount[] = [
  { role: 'admin', login: 'admin@zvit.example', displayName: 'Адміністратор системи', organisationId: 'poltava-ova' },
  { role: 'coordinator', login: 'coordinator@zvit.example', displayName: 'Оксана Демченко (координатор)', organisationId: 'poltava-ova-social-protection' },
  { role: 'supervisor', login: 'supervisor@zvit.example', displayName: 'Заступник начальника ОВА', organisationId: 'poltava-ova' },
  { role: 'executor', login: 'police@zvit.example', displayName: 'Виконавець (ГУНП)', organisationId: 'poltava-police' },
  { role: 'executor', login: 'children@zvit.example', displayName: 'Виконавець (Служба у справах дітей)', organisationId: 'poltava-ova-children' },
  { role: 'executor', login: 'district@zvit.example', displayName: 'Виконавець (Полтавська РВА)', organisationId: 'poltava-district-ma' },
  { role: 'executor', login: 'community@zvit.example', displayName: 'Виконавець (Решетилівська громада)', organisationId: 'community-reshetylivska' },
];

/** Roles that must have a second factor (issue 3); their demo accounts come enrolled. */
const ROLES_WITH_TOTP: readonly Role[] = ['admin', 'coordinator', 'supervisor'];

export interface DemoAccountsResult {
  file: string;
  /** The file's lines: role, login, password, organisation, TOTP secret — tab-separated. */
  lines: string[];
}

/**
 * Creates the demo accounts on a database that has no users, writes them to
 * `<dataDir>/demo-accounts.txt` (readable by the owner only) and returns the lines. Returns null
 * when the database already has users.
 */
export async function createDemoAccounts(db: Db, clock: Clock, dataDir: string, cost: users.PasswordHashCost): Promise<DemoAccountsResult | null> {
  const lines = await db.transaction().execute(async (tx) => {
    if ((await users.countUsers(tx)) > 0) return null;
    const directory = await organisations.loadDirectory(tx);
    const out: string[] = [];
    for (const account of DEMO_ACCOUNTS) {
      const organisation = directory.organisation(account.organisationId);
      if (!organisation) throw new Error(`Demo account ${account.login}: no organisation ${account.organisationId}`);
      const password = users.generatePassword();
      const totpSecret = ROLES_WITH_TOTP.includes(account.role) ? users.generateTotpSecret() : null;
      await users.createUser(tx, clock, cost, {
        email: account.login,
        displayName: account.displayName,
        organisationId: account.organisationId,
        roles: [account.role],
        password,
        totpSecret,
        isDemo: true,
      });
      out.push([account.role, account.login, password, organisation.name, totpSecret ?? ''].join('\t'));
    }
    await demoLetterheads(tx, clock);
    return out;
  });
  if (!lines) return null;
  ensureDir(dataDir);
  const file = path.join(dataDir, DEMO_ACCOUNTS_FILE);
  fs.writeFileSync(file, lines.join('\n') + '\n', { mode: 0o600 });
  return { file, lines };
}

/**
 * The letterheads of the demo's organisations (fictional addresses, phones, e-mails and codes,
 * clearly not real ones): the cover letter and an executor's own letter show where they go.
 * Only what the directory leaves empty is filled; the demo's executors get a phone for the
 * executor line.
 */
const DEMO_LETTERHEADS: Record<string, { address: string; phone: string; email: string; edrpou: string }> = {
  'poltava-ova-social-protection': { address: 'вул. Зразкова, 1, м. Полтава, 36000', phone: '(0532) 00-00-01', email: 'dszn@zvit.example', edrpou: '00000001' },
  'poltava-ova-children': { address: 'вул. Зразкова, 3, м. Полтава, 36000', phone: '(0532) 00-00-03', email: 'ssd@zvit.example', edrpou: '00000003' },
  'community-reshetylivska': { address: 'вул. Зразкова, 5, м. Решетилівка, Полтавський р-н, Полтавська обл., 38400', phone: '(05363) 0-00-05', email: 'rada@reshetylivska.zvit.example', edrpou: '00000005' },
};

async function demoLetterheads(tx: Parameters<typeof users.countUsers>[0], clock: Clock): Promise<void> {
  const now = clock.now().toISOString();
  for (const [id, l] of Object.entries(DEMO_LETTERHEADS)) {
    const row = await tx.selectFrom('organisations').select(['address', 'phone', 'email', 'edrpou']).where('id', '=', id).executeTakeFirst();
    if (!row) continue;
    await tx
      .updateTable('organisations')
      .set({ address: row.address ?? l.address, phone: row.phone ?? l.phone, email: row.email ?? l.email, edrpou: row.edrpou ?? l.edrpou, updated_at: now })
      .where('id', '=', id)
      .execute();
  }
  for (const [login, phone] of [['coordinator@zvit.example', '(0532) 00-00-05'], ['children@zvit.example', '(0532) 00-00-30'], ['community@zvit.example', '(05363) 0-00-50']] as const) {
    await tx.updateTable('users').set({ phone }).where('email', '=', login).where('phone', 'is', null).execute();
  }
}

/** The current TOTP code of a demo account (never of a real one), for people trying Zvit. */
export async function demoTotpCode(db: Db, clock: Clock, login: string): Promise<string | null> {
  const account = await users.findDemoAccount(db, login.trim().toLowerCase());
  if (!account?.totpSecret) return null;
  return totpCode(account.totpSecret, clock.now());
}
