import { MethodDefinitionSchema } from '../methods/method-definition.schema';
import type { ParsedBatch, RawResultRow, SampleReference } from './parsed-batch';
import { normalize, type NormalizedSample } from './pipeline';
import { planDrafts, testedOn } from './plan-drafts';

const at = (row: number): RawResultRow['provenance'] => ({ kind: 'cell', sha256: 'a'.repeat(64), row, column: 'J' });

/** A row of a concentration in the injected solution, waiting for the sample's mass and extraction volume. */
const waitingForPrep = (name: string, measured: string, row: number): RawResultRow => ({
  name,
  valueText: measured,
  unitText: 'ug/mL',
  provenance: at(row),
  pendingCalculation: {
    operation: 'concentration_to_mass_fraction',
    measured,
    measuredUnit: 'ug/mL',
    inputs: { dilution: '1' },
    resultUnit: 'ug/g',
    missing: ['mass', 'volume'],
  },
});

async function normalized(samples: Array<{ ref: SampleReference; rows: RawResultRow[]; meta?: Record<string, string> }>) {
  const batch: ParsedBatch = {
    adapter: 'instrument',
    template: 't',
    templateVersion: '1',
    samples,
    qcRowsSkipped: 0,
    warnings: [],
  };
  return (await normalize(batch, 't')).samples;
}

const sample = (labSampleId: string, prep: Record<string, string> | null = null) => ({ labSampleId, prep });
const today = new Date('2026-03-04T12:00:00Z');

describe('planDrafts: the middle step of the pipeline, without a database', () => {
  let parsed: NormalizedSample[];
  beforeAll(async () => {
    parsed = await normalized([
      { ref: { labSampleId: 'S-1' }, rows: [{ name: 'Lead', valueText: '0.42', unitText: 'ug/g', provenance: at(2) }] },
      {
        ref: { labSampleId: 'S-2' },
        rows: [
          { name: 'THCA', valueText: '1.5', unitText: '%', provenance: at(3) },
          waitingForPrep('CBDA', '12.4', 4),
          waitingForPrep('Zorbitol X-9', '8.1', 5),
        ],
      },
      { ref: { labSampleId: 'NOBODY' }, rows: [{ name: 'Lead', valueText: '0.1', unitText: 'ug/g', provenance: at(6) }] },
    ]);
  });

  it('drafts matched samples, lists the unmatched ones, and reports unknown analytes of rows completed with prep data', () => {
    const plan = planDrafts(parsed, [sample('S-1'), sample('S-2', { mass: '0.5', volume: '25' }), undefined], {
      template: 't',
      today,
    });

    expect(plan.drafts.map((d) => [d.sample.labSampleId, d.incoming.map((r) => [r.analyte, r.value])])).toEqual([
      ['S-1', [['lead', '0.42']]],
      [
        'S-2',
        [
          ['thca', '1.5'],
          ['cbda', '0.0620'],
        ],
      ],
    ]);
    expect(plan.drafts[1].incoming[1].provenance).toMatchObject({
      printed: '12.4 ug/mL printed in J4',
      computation: expect.any(String),
    });
    expect(plan.unmatched.map((u) => [u.reason, u.message])).toEqual([['no_sample', 'no registered sample matches NOBODY']]);
    expect(plan.unknownAnalytes.map((u) => [u.name, u.provenance])).toEqual([['Zorbitol X-9', expect.objectContaining(at(5))]]);
    expect(plan.drafts.map((d) => d.testedOn)).toEqual(['2026-03-04', '2026-03-04']);
  });

  it('keeps rows whose sample lacks prep data waiting, and drafts the rest of the sample', () => {
    const plan = planDrafts(parsed.slice(1, 2), [sample('S-2', { mass: '0.5' })], { template: 't', today });

    expect(plan.drafts.map((d) => d.incoming.map((r) => r.analyte))).toEqual([['thca']]);
    expect(plan.unmatched).toEqual([
      expect.objectContaining({
        reason: 'missing_prep',
        message: 'sample S-2 lacks preparation data for 2 row(s)',
        parsed: expect.objectContaining({ results: [] }),
      }),
    ]);
    expect(plan.unmatched[0].pending.map((p) => p.row.name)).toEqual(['CBDA', 'Zorbitol X-9']);
    expect(plan.unknownAnalytes).toEqual([]);
  });

  it("completes prep data from the lab method's defaults and judges results by its limits", () => {
    const method = {
      key: 'hplc-potency',
      version: 3,
      definition: MethodDefinitionSchema.parse({
        key: 'hplc-potency',
        name: 'Potency by HPLC',
        instrument: 'LC-2040C',
        templates: ['t'],
        limitsUnit: 'ug/g',
        calculationDefaults: { volume: '25' },
        analytes: [{ analyte: 'cbda', lod: '100', loq: '1000' }],
      }),
    };
    const plan = planDrafts(parsed.slice(1, 2), [sample('S-2', { mass: '0.5' })], { template: 't', method, today });

    const cbda = plan.drafts[0].incoming.find((r) => r.analyte === 'cbda');
    expect([cbda?.value, cbda?.qualifier, cbda?.provenance.method]).toEqual([null, '<LOQ', 'hplc-potency v3']);
  });

  it('asks for the unit before anything else when rows wait for it', async () => {
    const [unitless] = await normalized([
      { ref: { labSampleId: 'S-3' }, rows: [{ name: 'CBDA', valueText: '12.4', provenance: at(8) }] },
    ]);
    const plan = planDrafts([unitless], [sample('S-3', { mass: '0.5', volume: '25' })], { template: 't', today });

    expect(plan.drafts).toEqual([]);
    expect(plan.unmatched.map((u) => [u.reason, u.message])).toEqual([
      [
        'missing_unit',
        '1 row(s) of sample S-3 wait for the unit the instrument reports in: the file prints none and no lab method gives it',
      ],
    ]);
  });

  it("dates the draft by the certificate's test date and keeps its facts and printed panel status", async () => {
    const [certificate] = await normalized([
      {
        ref: { labSampleId: 'S-4' },
        meta: { testedOn: '2025-11-02T10:00', lab: 'Other Lab' },
        rows: [{ name: 'Lead', valueText: '0.42', unitText: 'ug/g', provenance: at(9) }],
      },
    ]);
    const plan = planDrafts([{ ...certificate, panelStatus: { 'Heavy metals': 'PASS' } }], [sample('S-4')], {
      template: 't',
      today,
    });

    expect(plan.drafts[0]).toMatchObject({
      testedOn: '2025-11-02',
      meta: { certificate: { testedOn: '2025-11-02T10:00', lab: 'Other Lab' }, printedPanelStatus: { 'Heavy metals': 'PASS' } },
    });
    expect(testedOn({ reportCreated: 'not a date', sampleReceived: '2025-10-30' }, today)).toBe('2025-10-30');
  });
});
