import { parentPort, workerData } from 'node:worker_threads';
import { InstrumentJobs, type TableRead } from './instrument-jobs';
import { sendError, type TableAnswer, type TableJob, type TableWorkerData } from './table-worker-protocol';

/**
 * Worker-thread entry: runs `InstrumentJobs` on the files `TableWorker` sends, one at a time, so SheetJS and the
 * template pass never hold the service's event loop. It keeps the table of the file it detected last, so
 * detect then parse of one file reads it once; parsing lets it go (a 100,000-row table must not stay in memory
 * until the next upload).
 */
const data = workerData as TableWorkerData;
const jobs = new InstrumentJobs(data.templates, data.limits);
let kept: { sha256: string; size: number; read: TableRead } | undefined;

function tableOf(file: { sha256: string; bytes: Buffer }): TableRead {
  if (kept && kept.sha256 === file.sha256 && kept.size === file.bytes.length) return kept.read;
  const read = jobs.read(file as Parameters<InstrumentJobs['read']>[0]);
  kept = { sha256: file.sha256, size: file.bytes.length, read };
  return read;
}

parentPort?.on('message', (job: TableJob) => {
  const file = { ...job.file, bytes: Buffer.from(job.file.bytes.buffer, job.file.bytes.byteOffset, job.file.bytes.byteLength) };
  let answer: TableAnswer;
  try {
    if (job.op === 'detect') {
      const read = tableOf(file);
      const detections = jobs.detect(file, read);
      // A file no template fits is not parsed next: its table goes now.
      if (detections.length === 0) kept = undefined;
      // No template fits: the reason comes along while the table is at hand, as the service asks for it next.
      answer = {
        id: job.id,
        ok: true,
        op: 'detect',
        detections,
        rejection: detections.length ? undefined : sendError(jobs.explain(file, read)),
      };
    } else {
      const read = tableOf(file);
      kept = undefined;
      answer = { id: job.id, ok: true, op: 'parse', batch: jobs.parse(file, job.ctx, read) };
    }
  } catch (error) {
    answer = { id: job.id, ok: false, error: sendError(error) };
  }
  parentPort?.postMessage(answer);
});
