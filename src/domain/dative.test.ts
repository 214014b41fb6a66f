import { describe, expect, it } from 'vitest';
import { organisationDative } from './dative.ts';

describe('organisationDative', () => {
  it('puts the head noun of a department, a service, an administration in the dative; the genitive tail stays', () => {
    expect(organisationDative('Департамент соціального захисту населення Полтавської обласної військової адміністрації')).toBe('Департаменту соціального захисту населення Полтавської обласної військової адміністрації');
    expect(organisationDative('Служба у справах дітей Полтавської обласної військової адміністрації')).toBe('Службі у справах дітей Полтавської обласної військової адміністрації');
    expect(organisationDative('Управління молоді та спорту Полтавської обласної військової адміністрації')).toBe('Управлінню молоді та спорту Полтавської обласної військової адміністрації');
    expect(organisationDative('Відділ освіти Хорольської міської ради')).toBe('Відділу освіти Хорольської міської ради');
  });

  it('puts the adjectives before the head noun in the dative of its gender', () => {
    expect(organisationDative('Головне управління Національної поліції в Полтавській області')).toBe('Головному управлінню Національної поліції в Полтавській області');
    expect(organisationDative('Полтавська обласна військова адміністрація')).toBe('Полтавській обласній військовій адміністрації');
    expect(organisationDative('Регіональний центр з надання безоплатної правничої допомоги')).toBe('Регіональному центру з надання безоплатної правничої допомоги');
    expect(organisationDative('Кременчуцька районна військова адміністрація')).toBe('Кременчуцькій районній військовій адміністрації');
    expect(organisationDative('Решетилівська міська рада')).toBe('Решетилівській міській раді');
  });

  it('leaves a name it cannot read (null), and reads a lower-case adjective before the head', () => {
    expect(organisationDative('ГУНП в Полтавській області')).toBeNull();
    expect(organisationDative('Полтавський обласний центр')).toBe('Полтавському обласному центру');
    expect(organisationDative('')).toBeNull();
  });
});
