import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has defaults that run Zvit on SQLite in ./data on port 3000', () => {
    const c = loadConfig({}, '/srv/zvit');
    expect(c.port).toBe(3000);
    expect(c.host).toBe('localhost');
    expect(c.dataDir).toBe(path.resolve('/srv/zvit/data'));
    expect(c.databaseUrl).toBeNull();
    expect(c.baseUrl).toBe('http://localhost:3000');
    expect(c.logLevel).toBe('info');
    expect(c.fixedNow).toBeNull();
  });

  it('reads every variable', () => {
    const c = loadConfig(
      {
        PORT: '8080',
        HOST: '0.0.0.0',
        ZVIT_DATA_DIR: '/var/lib/zvit',
        DATABASE_URL: 'postgres://zvit@db/zvit',
        ZVIT_BASE_URL: 'https://zvit.example.gov.ua/',
        ZVIT_LOG_LEVEL: 'warn',
        ZVIT_NOW: '2024-07-16T09:00:00+03:00',
      },
      '/',
    );
    expect(c).toMatchObject({ port: 8080, host: '0.0.0.0', dataDir: '/var/lib/zvit', databaseUrl: 'postgres://zvit@db/zvit', baseUrl: 'https://zvit.example.gov.ua', logLevel: 'warn' });
    expect(c.fixedNow?.toISOString()).toBe('2024-07-16T06:00:00.000Z');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['HOST', 'a b'],
    ['DATABASE_URL', 'mysql://x'],
    ['ZVIT_BASE_URL', 'ftp://x'],
    ['ZVIT_BASE_URL', 'not a url'],
    ['ZVIT_LOG_LEVEL', 'loud'],
    ['ZVIT_NOW', 'yesterday'],
    ['ZVIT_ARGON2_MEMORY_KIB', '10'],
  ])('names the bad variable %s=%s', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(name);
    expect((error as ConfigError).message).toContain(name);
    // DATABASE_URL may hold a password: its value is never echoed.
    if (name === 'DATABASE_URL') expect((error as ConfigError).message).not.toContain(value);
    else expect((error as ConfigError).message).toContain(value);
  });

  it('reads the mail settings: none by default (messages wait in the outbox), an SMTP address and a sender', () => {
    const none = loadConfig({}, '/');
    expect(none.mail).toEqual({ smtpUrl: null, from: 'Звіт <noreply@localhost>', intervalSeconds: 30 });
    const set = loadConfig({ ZVIT_SMTP_URL: 'smtps://zvit:s3cret@mail.example.gov.ua:465', ZVIT_MAIL_FROM: 'Департамент <zvit@example.gov.ua>', ZVIT_MAIL_INTERVAL_SECONDS: '10' }, '/');
    expect(set.mail).toEqual({ smtpUrl: 'smtps://zvit:s3cret@mail.example.gov.ua:465', from: 'Департамент <zvit@example.gov.ua>', intervalSeconds: 10 });
    expect(loadConfig({ ZVIT_MAIL_FROM: 'zvit@example.gov.ua' }, '/').mail.from).toBe('zvit@example.gov.ua');
  });

  it('refuses a mail server address that is not smtp:// or smtps://, without repeating its password', () => {
    for (const bad of ['http://user:hunter2@mail.example.org', 'smtp://', 'mail.example.org:25', 'smtp//user:hunter2@x']) {
      let error: unknown;
      try {
        loadConfig({ ZVIT_SMTP_URL: bad }, '/');
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe('ZVIT_SMTP_URL');
      expect((error as ConfigError).message).not.toContain('hunter2');
    }
    for (const bad of ['not an address', 'Звіт <>', 'a@b\nBcc: x@y', 'x'.repeat(400) + '@example.org']) {
      expect(() => loadConfig({ ZVIT_MAIL_FROM: bad }, '/'), bad).toThrow(ConfigError);
    }
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ' }).port).toBe(3000);
    expect(loadConfig({ DATABASE_URL: ' ' }).databaseUrl).toBeNull();
  });
});
