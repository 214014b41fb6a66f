#!/usr/bin/env node
// The `zvit` command. It runs the code compiled into dist/ (`npm ci` compiles it) when dist/ is
// newer than every source file; otherwise — an edited checkout, or no dist/ — it compiles the
// TypeScript on the fly through tsx's loader, so a checkout never runs stale code and needs no
// build step. ZVIT_COMPILED=0 forces the loader, ZVIT_COMPILED=1 the compiled code.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiled = path.join(root, 'dist', 'zvit.mjs');

/** The newest modification time of the files under a folder (in milliseconds). */
function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const time = entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs;
    if (time > latest) latest = time;
  }
  return latest;
}

function compiledIsFresh() {
  if (process.env.ZVIT_COMPILED === '0') return false;
  if (!fs.existsSync(compiled)) return false;
  if (process.env.ZVIT_COMPILED === '1') return true;
  try {
    return fs.statSync(compiled).mtimeMs >= newest(path.join(root, 'src'));
  } catch {
    return false;
  }
}

// `zvit plan parse … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
let run;
if (compiledIsFresh()) {
  ({ run } = await import(compiled));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ run } = await import('../src/cli/main.ts'));
}
try {
  const code = await run(process.argv.slice(2));
  if (code >= 0) process.exitCode = code;
} catch (err) {
  console.error(`Помилка: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
