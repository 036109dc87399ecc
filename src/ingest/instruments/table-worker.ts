import { parentPort, workerData } from 'node:worker_threads';
import { InstrumentJobs } from './instrument-jobs';
import { sendError, type TableAnswer, type TableJob, type TableWorkerData } from './table-worker-protocol';

/**
 * Worker-thread entry: runs `InstrumentJobs` on the files `TableWorker` sends, one at a time, so SheetJS and the
 * template pass never hold the service's event loop. It keeps the last table it read, like the adapter does,
 * so detect then parse of one file reads it once.
 */
const data = workerData as TableWorkerData;
const jobs = new InstrumentJobs(data.templates, data.limits);

parentPort?.on('message', (job: TableJob) => {
  const file = { ...job.file, bytes: Buffer.from(job.file.bytes.buffer, job.file.bytes.byteOffset, job.file.bytes.byteLength) };
  let answer: TableAnswer;
  try {
    if (job.op === 'detect') {
      const detections = jobs.detect(file);
      // No template fits: the reason comes along while the table is at hand, as the service asks for it next.
      answer = {
        id: job.id,
        ok: true,
        op: 'detect',
        detections,
        rejection: detections.length ? undefined : sendError(jobs.explain(file)),
      };
    } else answer = { id: job.id, ok: true, op: 'parse', batch: jobs.parse(file, job.ctx) };
  } catch (error) {
    answer = { id: job.id, ok: false, error: sendError(error) };
  }
  parentPort?.postMessage(answer);
});
