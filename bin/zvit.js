#!/usr/bin/env node
// The `zvit` command. TypeScript runs through tsx's loader, so a checkout needs no build step.
import { register } from 'tsx/esm/api';

register();
// `zvit plan parse … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { run } = await import('../src/cli/main.ts');
try {
  const code = await run(process.argv.slice(2));
  if (code >= 0) process.exitCode = code;
} catch (err) {
  console.error(`Помилка: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
