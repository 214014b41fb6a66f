import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** `zvit serve` (or `start`) as its own process, as in production: for tests that stop or kill it. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output(): string;
}

const BIN = path.resolve('bin/zvit.js');

export function startServer(env: Record<string, string>, command: 'serve' | 'start' = 'serve'): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, command], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', PORT: '0', HOST: '127.0.0.1', ZVIT_LOG_LEVEL: 'warn', ZVIT_SOFFICE: 'off', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`zvit ${command} did not start:\n${out}`)), 100_000);
    child.stderr!.on('data', (d) => (out += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /Звіт працює: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`zvit ${command} exited (${code ?? signal}):\n${out}`));
    });
  });
}

/** Ends the process with a signal and waits for it to go. */
export async function stopServer(server: ServerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  server.child.removeAllListeners('exit');
  if (server.child.exitCode !== null || server.child.signalCode !== null) return { code: server.child.exitCode, signal: server.child.signalCode };
  return new Promise((resolve) => {
    server.child.once('exit', (code, sig) => resolve({ code, signal: sig }));
    server.child.kill(signal);
  });
}

/** Signs a user in through the form over HTTP (no second factor); returns the Cookie header and a CSRF token. */
export async function signInOverHttp(url: string, email: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const page = await fetch(`${url}/login`);
  const csrfCookie = /zvit_csrf=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')![1]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `zvit_csrf=${csrfCookie}` },
    body: new URLSearchParams({ _csrf: token, email, password }).toString(),
  });
  const session = /zvit_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (!session) throw new Error(`sign-in of ${email} failed: ${res.status}`);
  const cookie = `zvit_session=${session}`;
  const account = await fetch(`${url}/account`, { headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await account.text())![1]!;
  return { cookie, csrf };
}
