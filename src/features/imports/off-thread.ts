import { Worker } from 'node:worker_threads';
import type { ImportDirectory } from '../../domain/plan-import/executors.ts';
import type { OrderReading as PlanReading } from './reading.ts';
import { ImportError, type ImportProblem } from './reading.ts';

/**
 * Reading an uploaded order off the event loop: each reading runs in a worker thread of its own,
 * with a time limit and a memory limit, so that one upload — however large or hostile — never
 * stops the server answering everyone else. A reading over its time is stopped and refused
 * ('timeout'); one that runs out of memory is refused ('too-complex'); either is a 4xx beside
 * the upload field, never a 500. At most two readings run at once; the others wait their turn.
 */

export interface ReadLimits {
  /** Wall time a reading may take, from the start of its worker. */
  timeMs: number;
  /** The worker's heap (V8's old generation), in MB; at least 64 (see below). */
  memoryMb: number;
}

export const READ_LIMITS: ReadLimits = { timeMs: 30_000, memoryMb: 512 };
const MAX_READERS = 2;

let running = 0;
const waiting: (() => void)[] = [];

async function turn(): Promise<() => void> {
  if (running >= MAX_READERS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

export async function readOrderOffThread(bytes: Uint8Array, directory: ImportDirectory, limits: ReadLimits = READ_LIMITS): Promise<PlanReading> {
  if (limits.memoryMb < 64) throw new RangeError('a reader needs at least 64 MB');
  const done = await turn();
  try {
    return await readInWorker(bytes, directory, limits);
  } finally {
    done();
  }
}

function readInWorker(bytes: Uint8Array, directory: ImportDirectory, limits: ReadLimits): Promise<PlanReading> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./read-worker.mjs', import.meta.url), {
      // A young generation large enough for a big order's many small objects (fewer collections).
      // The old generation's limit must stay well above the largest single allocation (the text
      // of a 20 MB order): V8 ends the whole process, not the worker, when one allocation fails.
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: Math.max(1, Math.min(64, Math.floor(limits.memoryMb / 8))), stackSizeMb: 4 },
      // The parent's flags (a debugger, vitest's) are not the reader's.
      execArgv: [],
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const finish = (outcome: { reading: PlanReading } | { problem: ImportProblem } | { error: Error }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if ('reading' in outcome) resolve(outcome.reading);
      else if ('problem' in outcome) reject(new ImportError(outcome.problem));
      else reject(outcome.error);
    };
    const timer = setTimeout(() => finish({ problem: 'timeout' }), limits.timeMs);
    worker.on('message', (m: { kind: 'read'; reading: PlanReading } | { kind: 'refused'; problem: ImportProblem } | { kind: 'failed'; message: string }) => {
      if (m.kind === 'read') finish({ reading: m.reading });
      else if (m.kind === 'refused') finish({ problem: m.problem });
      else finish({ error: new Error(`reading the order failed in its worker: ${m.message}`) });
    });
    worker.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') finish({ problem: 'too-complex' });
      else finish({ error: err });
    });
    worker.on('exit', (code) => finish({ error: new Error(`the order's reader stopped (exit code ${code})`) }));
    // A copy of the bytes goes to the worker: the upload's own buffer stays with the request.
    const copy = new Uint8Array(bytes);
    worker.postMessage({ bytes: copy, directory }, [copy.buffer]);
  });
}
