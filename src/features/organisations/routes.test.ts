import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { compareUkrainian } from '../../domain/text.ts';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const get = (url: string) => t.get(url);

describe(`organisation directory on ${DIALECT}`, () => {
  it('shows the hierarchy in Ukrainian alphabetical order', async () => {
    const res = await get('/organisations');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('78 організацій');
    // The communities under the Myrhorod district administration, in the order the page lists them.
    const section = res.body.slice(res.body.indexOf('Миргородська районна військова адміністрація'));
    const names = [...section.matchAll(/<a href="\/organisations\/community-[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!).slice(0, 17);
    expect(names).toHaveLength(17);
    expect(names).toEqual([...names].sort(compareUkrainian));
    // Б before В; Ш after Х.
    expect(names[0]).toBe('Білоцерківська територіальна громада');
    expect(names.indexOf('Хомутецька територіальна громада')).toBeLessThan(names.indexOf('Шишацька територіальна громада'));
  });

  it('marks the probable communities and the by-consent ones', async () => {
    const res = await get('/organisations/community-zavodska');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Заводська територіальна громада');
    expect(res.body).toContain('потребує перевірки');
    expect(res.body).toContain('за згодою');
    expect(res.body).toContain('Миргородська районна військова адміністрація');
  });

  it('lists the measures of an organisation, including those it owes through a group', async () => {
    const res = await get('/organisations/community-reshetylivska');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('як учасник групи «Органи місцевого самоврядування»');
    expect([...res.body.matchAll(/<strong>([\d.]+)<\/strong>/g)]).toHaveLength(17);
  });

  it('shows a group and its empty state', async () => {
    const dma = await get('/organisations/groups/district-military-administrations');
    expect(dma.statusCode).toBe(200);
    expect(dma.body).toContain('4 учасники');
    const ngos = await get('/organisations/groups/ngos');
    expect(ngos.statusCode).toBe(200);
    expect(ngos.body).toContain('Громадські організації (за згодою)');
    expect(ngos.body).toContain('учасників ще не визначено');
    expect(ngos.body).toContain('координатор додає їх');
    // The group's measures are listed.
    expect(ngos.body).toContain('<strong>2.6</strong>');
  });

  it('answers an unknown organisation or group with 404', async () => {
    expect((await get('/organisations/nobody')).statusCode).toBe(404);
    expect((await get('/organisations/groups/nobody')).statusCode).toBe(404);
    expect((await get('/organisations/%3Cscript%3E')).statusCode).toBe(404);
  });
});
