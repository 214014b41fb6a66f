import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The code compiled ahead of time (scripts/build.mjs, run by `npm ci` as `prepare`) works as the
 * sources do: it finds its files (public/, seed-data/, the common passwords), reads an order in
 * its worker thread (DOCX through mammoth, PDF through pdfjs, both imported when first needed),
 * and serves compressed pages. Built into a folder of its own inside the checkout, so the suite's
 * other runs of bin/zvit.js are not disturbed.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUT = path.join(ROOT, `dist-test-${crypto.randomBytes(4).toString('hex')}`);
const run = (args: string[], env: Record<string, string> = {}) =>
  execFileSync(process.execPath, ['--input-type=module', '-e', `const { run } = await import(${JSON.stringify(path.join(OUT, 'zvit.mjs'))}); process.exitCode = await run(${JSON.stringify(args)});`], {
    cwd: os.tmpdir(),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', ...env },
    encoding: 'utf8',
  });

beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--out', OUT], { cwd: ROOT, encoding: 'utf8' });
}, 120_000);
afterAll(() => {
  fs.rmSync(OUT, { recursive: true, force: true });
});

describe('Zvit compiled ahead of time', () => {
  it('is one entry, a worker and chunks, with no TypeScript left', () => {
    const files = fs.readdirSync(OUT);
    expect(files).toEqual(expect.arrayContaining(['zvit.mjs', 'read-worker.mjs']));
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
  });

  it('reads orders as DOCX and PDF in its worker', () => {
    const docx = fs.readdirSync(path.join(ROOT, 'fixtures/orders')).find((f) => f.endsWith('.docx'))!;
    const pdf = fs.readdirSync(path.join(ROOT, 'fixtures/orders')).find((f) => f.endsWith('.pdf') && !f.startsWith('13-'))!;
    for (const file of [docx, pdf]) {
      const expected = JSON.parse(fs.readFileSync(path.join(ROOT, 'fixtures/orders', file.replace(/\.\w+$/, '.json')), 'utf8')) as { measures: unknown[] };
      const out = run(['plan', 'parse', '--json', path.join(ROOT, 'fixtures/orders', file)]);
      const reading = JSON.parse(out) as { goals: { tasks: { measures: unknown[] }[] }[] };
      const count = (r: { goals?: { tasks: { measures: unknown[] }[] }[] }) => (r.goals ?? []).flatMap((g) => g.tasks.flatMap((t) => t.measures)).length;
      expect(count(reading), file).toBe(expected.measures.length);
    }
  });

  it('starts on a new data folder, with its demo, and serves pages compressed', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-compiled-'));
    const child = spawn(process.execPath, ['--input-type=module', '-e', `const { run } = await import(${JSON.stringify(path.join(OUT, 'zvit.mjs'))}); await run(['start']);`], {
      cwd: os.tmpdir(),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', ZVIT_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ZVIT_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', (d) => {
          out += d;
          const m = /Звіт працює: (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.stderr!.on('data', (d) => (out += d));
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const login = await fetch(`${url}/login`, { headers: { 'accept-encoding': 'br' } });
      expect(login.status).toBe(200);
      expect(await login.text()).toContain('Увійти');
      const css = /href="(\/assets\/styles\.css\?v=[0-9a-f]+)"/.exec(await (await fetch(`${url}/login`)).text())![1]!;
      const asset = await fetch(`${url}${css}`);
      expect(asset.status).toBe(200);
      expect((await asset.text()).length).toBeGreaterThan(1000);
      // A public page, asked for in Brotli (fetch decodes it; the raw bytes are checked by hand).
      const raw = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
        import('node:http').then(({ get }) =>
          get(`${url}/healthz`.replace('/healthz', '/login?x=1'), { headers: { 'accept-encoding': 'gzip' } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
          }).on('error', reject),
        );
      });
      // The sign-in page is never compressed (BREACH); the body is plain HTML.
      expect(raw.encoding).toBeUndefined();
      expect(raw.body.toString('utf8')).toContain('<!doctype html>');
      expect(zlib.gzipSync(raw.body).length).toBeLessThan(raw.body.length);
      expect(fs.existsSync(path.join(dataDir, 'demo-accounts.txt'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
