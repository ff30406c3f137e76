/**
 * The worker thread of `loadDemoDossiers`: makes the demo data's COPY text (`makeDemoData`) from
 * the draws its parent posts, and posts each chunk back (its bytes transferred, not copied).
 */
import { parentPort } from 'node:worker_threads';
import { type DemoDataMessage, makeDemoData } from './demoDataChunks.ts';
import type { DossierDraws } from './dossierRows.ts';

const port = parentPort!;
port.once('message', (task: { draws: DossierDraws; firstId: number; count: number }) => {
  const send = (message: DemoDataMessage) =>
    port.postMessage(message, 'chunk' in message ? [message.chunk.buffer as ArrayBuffer] : []);
  try {
    makeDemoData(task.draws, task.firstId, task.count, send);
  } catch (error) {
    send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});
