import { parentPort } from 'node:worker_threads';
import type { ImportDirectory } from '../../domain/plan-import/executors.ts';
import { ImportError, readOrderFile } from './reading.ts';

/** One reading per message: { bytes, directory } → { kind: 'read', reading } | { kind: 'refused', problem }. */
parentPort!.on('message', async (message: { bytes: Uint8Array; directory: ImportDirectory }) => {
  try {
    const reading = await readOrderFile(message.bytes, message.directory);
    parentPort!.postMessage({ kind: 'read', reading });
  } catch (err) {
    if (err instanceof ImportError) parentPort!.postMessage({ kind: 'refused', problem: err.problem });
    else parentPort!.postMessage({ kind: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
