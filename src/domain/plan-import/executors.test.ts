import { describe, expect, it } from 'vitest';
import { ExecutorMatcher, matchKey, similarity, splitExecutors, type ImportDirectory } from './executors.ts';

const directory: ImportDirectory = {
  organisations: [
    { id: 'sp', name: 'Департамент соціального захисту населення Полтавської обласної військової адміністрації', aliases: ['Департамент соціального захисту населення'], byConsent: false },
    { id: 'ed', name: 'Департамент освіти і науки Полтавської обласної військової адміністрації', aliases: [], byConsent: false },
    { id: 'he', name: "Департамент охорони здоров'я Полтавської обласної військової адміністрації", aliases: [], byConsent: false },
    { id: 'in', name: 'Департамент інформаційної діяльності та комунікацій з громадськістю Полтавської обласної військової адміністрації', aliases: [], byConsent: false },
    { id: 'ch', name: 'Служба у справах дітей Полтавської обласної військової адміністрації', aliases: [], byConsent: false },
    { id: 'po', name: 'Головне управління Національної поліції в Полтавській області', aliases: [], byConsent: false },
  ],
  groups: [
    { id: 'dma', name: 'Районні військові адміністрації', aliases: ['райвійськадміністрації'], byConsent: false },
    { id: 'oms', name: 'Органи місцевого самоврядування', aliases: [], byConsent: true },
  ],
};
const matcher = new ExecutorMatcher(directory);
const ids = (list: string) => matcher.read(list).map((e) => e.organisationId ?? `?${e.name}`);

describe('executor phrases', () => {
  it('folds case, apostrophes (\u0027 \u2019 \u02bc) and spaces', () => {
    expect(matchKey("Департамент  охорони здоров’я")).toBe(matchKey("ДЕПАРТАМЕНТ охорони здоров'я"));
    expect(ids('Департамент охорони здоровʼя обласної адміністрації')).toEqual(['he']);
  });

  it('tolerates the typos of real documents', () => {
    expect(ids('Департамент освіти і науки обласької адміністрації')).toEqual(['ed']);
    expect(ids('райвійськкадрової адміністрації')).toEqual(['dma']);
    expect(ids('Райвійськкадміністрації')).toEqual(['dma']);
    expect(similarity('департамент освіти і науки', 'департамент освти і науки')).toBeGreaterThan(0.86);
  });

  it('splits "Департаменти X; Y; Z обласної військової адміністрації" into departments', () => {
    expect(ids('Департаменти соціального захисту населення; освіти і науки; інформаційної діяльності та комунікації з громадськістю обласної військової адміністрації')).toEqual([
      'sp',
      'ed',
      'in',
    ]);
  });

  it('splits "Департаменти X: Y, Z, …" and stops at a name that stands on its own', () => {
    expect(ids("Департаменти соціального захисту населення: охорони здоров'я, освіти і науки, служба у справах дітей обласької адміністрації, Головне управління Національної поліції в Полтавській області")).toEqual([
      'sp',
      'he',
      'ed',
      'ch',
      'po',
    ]);
  });

  it('separates two names run together without a comma', () => {
    expect(ids('Департамент освіти і науки обласної адміністрації служба у справах дітей Полтавської обласної військової адміністрації, Головне управління Національної поліції в Полтавській області')).toEqual(['ed', 'ch', 'po']);
  });

  it('recognises groups and keeps "(за згодою)"', () => {
    const read = matcher.read('районні військові адміністрації, органи місцевого самоврядування (за згодою)');
    expect(read.map((e) => [e.organisationId, e.group, e.byConsent])).toEqual([
      ['dma', true, false],
      ['oms', true, true],
    ]);
    expect(read[1]!.asWritten).toBe('органи місцевого самоврядування (за згодою)');
  });

  it('proposes an unknown executor instead of dropping it', () => {
    const read = matcher.read('Головне управління Національної поліції в Полтавській області, Обласний центр екстреної медичної допомоги (за згодою)');
    expect(read[1]).toMatchObject({ organisationId: null, proposed: true, name: 'Обласний центр екстреної медичної допомоги', byConsent: true, match: 'none' });
  });

  it('keeps parentheses together when splitting', () => {
    expect(splitExecutors('А (б, в), Г').map((p) => p.text)).toEqual(['А (б, в)', 'Г']);
  });
});

describe('a name that says its region', () => {
  it('is never matched to another region\u2019s body: proposed instead; its own region\u2019s is matched', async () => {
    const { curatedImportDirectory } = await import('../../features/seed/service.ts');
    const poltava = new ExecutorMatcher(curatedImportDirectory());
    const read = (list: string) => poltava.read(list).map((e) => (e.proposed ? `?${e.name}` : e.organisationId));
    expect(read('Рівненський обласний центр соціальних служб')).toEqual(['?Рівненський обласний центр соціальних служб']);
    expect(read('Служба у справах дітей Харківської обласної військової адміністрації, ГУНП в Харківській області')).toEqual([
      '?Служба у справах дітей Харківської обласної військової адміністрації',
      '?ГУНП в Харківській області',
    ]);
    expect(read('Полтавський обласний центр соціальних служб, ГУНП в Полтавській області, ГУНП')).toEqual(['poltava-social-services-centre', 'poltava-police']);
  });
});
