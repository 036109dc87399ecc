import * as fs from 'node:fs';
import * as path from 'node:path';

/** The real sample files beside the project (`../shared/samples`), when present. */
export const SHARED_SAMPLES = path.resolve(__dirname, '..', '..', '..', 'shared', 'samples');

/** `describe` when ../shared/samples exists, else a skipped describe that says so loudly. */
export function describeWithSharedSamples(title: string): jest.Describe {
  if (fs.existsSync(SHARED_SAMPLES)) return describe;
  console.warn(`SKIPPED: ${title} — ${SHARED_SAMPLES} not found; the real-file regression suite did not run`);
  return describe.skip;
}
