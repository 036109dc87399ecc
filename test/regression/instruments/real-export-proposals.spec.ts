import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { proposeTemplate } from '../../../src/ingest/instruments/proposal/propose-template';
import { readTableFile } from '../../../src/ingest/instruments/read-table';
import { DEFAULT_READ_LIMITS } from '../../../src/ingest/instruments/table-file';
import type { ParseContext } from '../../../src/ingest/source-adapter';
import { instrumentTemplate } from '../../generators/instruments/instrument-templates';
import { KNOWN_DIFFERENCES, PROPOSALS_MATCHING } from './known-proposal-differences';
import { digestResults } from './proposal-compare';

/**
 * For every real export in ../shared/samples/instruments: the template the proposal engine proposes, accepted
 * unchanged, reads the same results as the hand-written template (per sample: analyte, value, unit), or the same
 * refusal. The files where it does not are listed in KNOWN_DIFFERENCES with the reason, and checked to differ still.
 */
const INSTRUMENTS = path.resolve(__dirname, '../../../../shared/samples/instruments');
const EXPECTED = path.join(__dirname, 'expected');
const available = fs.existsSync(INSTRUMENTS);
if (!available) console.warn(`SKIPPED: ${INSTRUMENTS} not found; the proposal comparison on real exports did not run`);
const d = available ? describe : describe.skip;

/** What the upload gives beyond the file, the same for both templates (unit, prep data). */
const CONTEXT: Record<string, ParseContext> = {
  'shimadzu-labsolutions-lc2040c-cannabinoids.txt': { defaultUnit: 'ug/mL', mapping: { unit: 'ug/mL' } },
  'shimadzu-labsolutions-lc2040c-cannabinoids.csv': { defaultUnit: 'ug/mL', mapping: { unit: 'ug/mL' } },
  'agilent-masshunter-quant.csv': { defaultUnit: 'ng/mL', mapping: { unit: 'ng/mL' } },
};

const files = available
  ? fs
      .readdirSync(EXPECTED)
      .map((f) => JSON.parse(fs.readFileSync(path.join(EXPECTED, f), 'utf8')) as { file: string; template: string })
  : [];

d('proposals for the real exports, accepted unchanged', () => {
  const outcome: string[] = [];
  let matching = 0;
  afterAll(() => console.log(`proposal vs hand-written template:\n${outcome.join('\n')}`));

  it.each(files.map((f) => [f.file, f.template] as const))('%s', (name, templateId) => {
    const bytes = fs.readFileSync(path.join(INSTRUMENTS, name));
    const file = { name, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
    const table = readTableFile(bytes, DEFAULT_READ_LIMITS);
    const ctx = CONTEXT[name] ?? {};
    const proposal = proposeTemplate(table, name);
    const hand = digestResults(file, table, instrumentTemplate(templateId), ctx);
    const proposed = proposal.template
      ? digestResults(file, table, proposal.template, ctx)
      : { refused: `no proposal: ${proposal.missing.join('; ')}` };
    const same = JSON.stringify(hand) === JSON.stringify(proposed);
    outcome.push(
      `${same ? 'SAME' : 'DIFF'} ${name} (${proposal.layout.type})${same ? '' : `: ${KNOWN_DIFFERENCES[name] ?? 'not explained'}`}`,
    );
    if (same) matching++;
    if (KNOWN_DIFFERENCES[name]) expect(proposed).not.toEqual(hand);
    else expect(proposed).toEqual(hand);
  });

  it(`reads the same results as the hand-written template for ${PROPOSALS_MATCHING} of the ${files.length} real exports`, () => {
    expect([matching, files.length - Object.keys(KNOWN_DIFFERENCES).length]).toEqual([PROPOSALS_MATCHING, PROPOSALS_MATCHING]);
  });
});
