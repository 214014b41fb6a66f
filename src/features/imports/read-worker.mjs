// The worker thread that reads an uploaded order (see off-thread.ts). A worker starts without the
// parent's module loader, so it registers tsx's itself — the same in `zvit serve` (bin/zvit.js)
// and under vitest — and then runs the TypeScript body.
import { register } from 'tsx/esm/api';

register();
await import('./read-worker.ts');
