import request from 'supertest';
import { importedResults, registerSamples, upload } from '../../support/lab-setup';
import { realExport, realExportExpectations, realExportMethods, realExportSampleIds } from '../../support/real-exports';
import { describeWithSharedSamples } from '../../support/shared-samples';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';
import { KNOWN_DIFFERENCES, PROPOSALS_MATCHING } from '../../regression/instruments/known-proposal-differences';

/**
 * For each real export in ../shared/samples/instruments, through HTTP: one lab imports it with the hand-written
 * template; another lab proposes a template for it (POST /api/instrument-templates/proposals), saves the proposal
 * unchanged but for a unique id (POST /api/instrument-templates) and imports it with that template. Both labs hold
 * the same samples and methods; the stored results (per sample: analyte, value or qualifier, unit, LOQ), the rows
 * waiting, the QC rows skipped and the unknown analytes, or the refusal, must be the same, except for the files in
 * KNOWN_DIFFERENCES, which must still differ; and as many files as PROPOSALS_MATCHING must read the same.
 */

const UPLOAD_FIELDS: Record<string, Record<string, string>> = {
  'shimadzu-labsolutions-lc2040c-cannabinoids.txt': { mass: '0.5', volume: '25' },
  'shimadzu-labsolutions-lc2040c-cannabinoids.csv': { mass: '0.5', volume: '25' },
  'perkinelmer-nexion350x-simple.xlsx': { mass: '0.25', volume: '50' },
  'agilent-masshunter-quant.csv': { unit: 'ng/mL' },
};

interface Expected {
  file: string;
  template: string;
  samples: Array<{ ref: { labSampleId?: string; sampleName?: string } }>;
}
const expectations = (): Expected[] => realExportExpectations<Expected>();
const labId = (file: string) => `lab-${file.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

describeWithSharedSamples('proposals for the real exports, through HTTP')('proposals for the real exports, through HTTP', () => {
  let handLab: TestApp;
  let taughtLab: TestApp;
  const tokens: Record<'hand' | 'taught', { tech: string; manager: string }> = {
    hand: { tech: '', manager: '' },
    taught: { tech: '', manager: '' },
  };
  const outcome: string[] = [];
  let matching = 0;

  beforeAll(async () => {
    handLab = await startTestApp();
    taughtLab = await startTestApp();
    const refs = realExportSampleIds(expectations());
    for (const [name, lab] of [
      ['hand', handLab],
      ['taught', taughtLab],
    ] as const) {
      tokens[name] = {
        tech: await lab.userToken('tara.tech', 'technician'),
        manager: await lab.userToken('mona.manager', 'manager'),
      };
      await registerSamples(
        lab.http,
        tokens[name].tech,
        refs.map((labSampleId) => ({ labSampleId })),
      );
    }
    for (const m of realExportMethods(['shimadzu-labsolutions-ascii'], ['perkinelmer-syngistix-summary-report']))
      await request(handLab.http).post('/api/methods').set(bearer(tokens.hand.manager)).send(m).expect(201);
    for (const m of realExportMethods(
      ['shimadzu-labsolutions-lc2040c-cannabinoids.txt', 'shimadzu-labsolutions-lc2040c-cannabinoids.csv'].map(labId),
      [labId('perkinelmer-nexion-icpms-heavy-metals.xlsx')],
    ))
      await request(taughtLab.http).post('/api/methods').set(bearer(tokens.taught.manager)).send(m).expect(201);
  }, 120_000);
  afterAll(async () => {
    console.log(`proposal accepted unchanged vs hand-written template, through HTTP:\n${outcome.join('\n')}`);
    await handLab?.close();
    await taughtLab?.close();
  });

  async function results(lab: TestApp, token: string, name: string, fields: Record<string, string>) {
    const res = await upload(lab.http, token, realExport(name), fields);
    if (res.status === 422) return { refused: res.body.details?.code as string };
    expect(res.status).toBe(201);
    const bySample: Record<string, string[]> = {};
    for (const set of await importedResults(lab.http, token, res.body))
      bySample[set.labSampleId] = set.results
        .map((r) => `${r.analyte} ${String(r.qualifier ?? r.valueText)} ${String(r.unit)} LOQ ${String(r.loq ?? '')}`)
        .sort();
    return {
      samples: bySample,
      waiting: (res.body.unmatched as Array<{ reason: string }>).map((u) => u.reason).sort(),
      qcRowsSkipped: res.body.qcRowsSkipped as number,
      unknownAnalytes: (res.body.unknownAnalytes as Array<{ name: string }>).map((u) => u.name).sort(),
    };
  }

  it.each(expectations().map((e) => [e.file] as const))(
    '%s',
    async (name) => {
      const { bytes } = realExport(name);
      const proposed = await request(taughtLab.http)
        .post('/api/instrument-templates/proposals')
        .set(bearer(tokens.taught.tech))
        .field('choices', JSON.stringify({ id: labId(name) }))
        .attach('file', bytes, name)
        .expect(200);
      const fields = UPLOAD_FIELDS[name] ?? {};
      const hand = await results(handLab, tokens.hand.tech, name, fields);
      let taught: unknown = { noProposal: proposed.body.proposal.missing };
      if (proposed.body.template) {
        await request(taughtLab.http)
          .post('/api/instrument-templates')
          .set(bearer(tokens.taught.manager))
          .send(proposed.body.template)
          .expect(201);
        taught = await results(taughtLab, tokens.taught.tech, name, { ...fields, template: labId(name) });
      }
      const same = JSON.stringify(hand) === JSON.stringify(taught);
      outcome.push(`${same ? 'SAME' : 'DIFF'} ${name}${same ? '' : `: ${KNOWN_DIFFERENCES[name] ?? 'not explained'}`}`);
      if (same) matching++;
      if (KNOWN_DIFFERENCES[name]) expect(taught).not.toEqual(hand);
      else expect(taught).toEqual(hand);
    },
    300_000,
  );

  it(`imports the same as the hand-written template for ${PROPOSALS_MATCHING} of the real exports`, () => {
    expect([matching, expectations().length - Object.keys(KNOWN_DIFFERENCES).length]).toEqual([
      PROPOSALS_MATCHING,
      PROPOSALS_MATCHING,
    ]);
  });
});
