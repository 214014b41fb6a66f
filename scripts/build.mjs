// Compiles Zvit ahead of time into dist/ (run by `npm ci` and `npm install` as the `prepare`
// step, and by `npm run build`). bin/zvit.js runs dist/ when it is newer than every source file,
// and falls back to compiling on the fly (tsx) otherwise, so an edited checkout never runs stale
// code. Packages stay in node_modules; only our own code is bundled.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// `--out DIR` (inside the checkout, so that its files are found from there) is for the tests.
const at = process.argv.indexOf('--out');
const out = at > 0 ? path.resolve(root, process.argv[at + 1]) : path.join(root, 'dist');
const started = Date.now();
fs.rmSync(out, { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: root,
  entryPoints: { zvit: 'src/cli/main.ts', 'read-worker': 'src/features/imports/read-worker.ts' },
  outdir: out,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  sourcemap: 'linked',
  logLevel: 'warning',
});
console.log(`zvit: compiled into dist/ in ${Date.now() - started} ms`);
