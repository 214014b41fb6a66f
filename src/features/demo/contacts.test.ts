import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { validateContact } from '../../domain/contacts.ts';
import { loadDirectory } from '../organisations/service.ts';
import { createDemoContacts, demoContactOf } from './contacts.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

describe(`the demo directory's contacts on ${DIALECT}`, () => {
  it('gives each organisation one contact on example.org, the same every time, valid by the form’s own rules', async () => {
    const db = t.database.db;
    const count = await createDemoContacts(db, t.clock);
    expect(count).toBe(78);
    const directory = await loadDirectory(db);
    const emails = new Set<string>();
    for (const o of directory.organisations) {
      expect(o.email, o.id).toMatch(/^[a-z0-9-]+@example\.org$/);
      emails.add(o.email!);
      expect(o.contactPerson).toMatch(/^\S+ \S+ \S+$/);
      expect(o.contactPosition).toBeTruthy();
      expect(validateContact({ contactPerson: o.contactPerson!, contactPosition: o.contactPosition!, email: o.email!, phone: '' }).errors).toEqual({});
      expect(demoContactOf(o)).toEqual({ contactPerson: o.contactPerson, contactPosition: o.contactPosition, email: o.email, phone: null });
    }
    expect(emails.size).toBe(directory.organisations.length);
    expect(directory.organisation('community-reshetylivska')!.email).toBe('hromada-reshetylivska@example.org');
    // Run again: nothing to give.
    expect(await createDemoContacts(db, t.clock)).toBe(0);
    const page = await t.get('/organisations/poltava-police');
    expect(page.body).toContain('poltava-police@example.org');
  });
});
