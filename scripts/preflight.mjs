#!/usr/bin/env node
// Installs the system packages the tests need, once, before they start: Debian's Chromium for
// the end-to-end tests, poppler-utils and unzip for reading exported documents back, LibreOffice Writer
// for rendering them as they will print. As root it installs what is missing with apt-get; otherwise it stops
// and says what to install. (Parallel apt-get runs collide on dpkg's lock: this runs alone,
// before vitest starts its workers.)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

const required = [
  { pkg: 'chromium', file: '/usr/bin/chromium', why: 'end-to-end tests in a real browser' },
  { pkg: 'poppler-utils', file: '/usr/bin/pdftotext', why: 'reading exported PDFs back' },
  { pkg: 'unzip', file: '/usr/bin/unzip', why: 'opening exported DOCX files' },
  { pkg: 'libreoffice-writer-nogui', file: '/usr/bin/soffice', why: 'rendering exported DOCX files as they will print' },
  { pkg: 'libreoffice-calc-nogui', file: '/usr/lib/libreoffice/program/libsclo.so', why: 'rendering exported XLSX files as they will print' },
];

const missing = required.filter((r) => !fs.existsSync(r.file));
if (missing.length === 0) process.exit(0);

const names = missing.map((m) => m.pkg);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (!isRoot || !hasApt) {
  console.error(
    `Tests need these system packages: ${missing.map((m) => `${m.pkg} (${m.why})`).join(', ')}.\n` +
      `Install them, e.g.: sudo apt-get install -y ${names.join(' ')}`,
  );
  process.exit(1);
}
console.log(`preflight: installing ${names.join(', ')} with apt-get (once)…`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
try {
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...names], { stdio: 'inherit', env });
} catch {
  console.error(`preflight: apt-get could not install ${names.join(' ')}; install them by hand and run the tests again.`);
  process.exit(1);
}
const still = missing.filter((m) => !fs.existsSync(m.file));
if (still.length > 0) {
  console.error(`preflight: ${still.map((m) => m.file).join(', ')} still missing after apt-get.`);
  process.exit(1);
}
console.log('preflight: done.');
