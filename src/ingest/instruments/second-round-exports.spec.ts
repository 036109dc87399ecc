import { asUpload, type GeneratedFile } from '../../../test/generators/instruments/fixture-file';
import { instrumentTemplate, instrumentTemplates } from '../../../test/generators/instruments/instrument-templates';
import * as fixtures from '../../../test/generators/instruments/second-round-fixtures';
import { ImportRejected } from '../import-rejected.error';
import { parseWithTemplateDetailed } from './instrument-engine';
import { InstrumentTemplateSchema, type InstrumentTemplate } from './instrument-template.schema';
import { readTableFile } from './read-table';
import { DEFAULT_READ_LIMITS } from './table-file';
import { detectTemplates } from './template-detection';

const parse = (file: GeneratedFile, template: InstrumentTemplate | string, mapping?: Record<string, string>) =>
  parseWithTemplateDetailed(
    asUpload(file),
    typeof template === 'string' ? instrumentTemplate(template) : template,
    mapping ? { mapping } : {},
  );

function refusal(run: () => unknown): ImportRejected {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportRejected) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const rowsOf = (result: ReturnType<typeof parse>) =>
  result.batch.samples.map((s) => [
    s.ref.labSampleId ?? s.ref.sampleName,
    s.rows.map((r) => `${r.analyteKey ?? r.name}=${r.valueText}`),
  ]);

describe('the second round of instrument exports', () => {
  it.each<[string, () => GeneratedFile, string]>([
    ['TargetLynx compound summary', fixtures.targetLynxSummaryTxt, 'waters-targetlynx-compound-summary'],
    ['MultiQuant areas table', fixtures.multiQuantAreasTxt, 'sciex-multiquant-results-table'],
    ['TraceFinder per-compound CSV', fixtures.traceFinderCompoundCsv, 'thermo-tracefinder-compound-csv'],
    ['MassHunter batch table without a Name column', fixtures.massHunterBatchTableCsv, 'agilent-masshunter-quant-batch-table'],
    ['OpenLab CDS boxed text report', fixtures.openLabTextReport, 'agilent-openlab-cds-text-report'],
    [
      'QuantStudio presence/absence workbook',
      fixtures.quantStudioPresenceAbsenceXlsx,
      'appbio-quantstudio-design-analysis-presence-absence',
    ],
    ['CFX Maestro Cq results', fixtures.cfxMaestroCqCsv, 'biorad-cfx-maestro-cq-results'],
    ['LightCycler 480 Cp export', fixtures.lightCyclerCpTxt, 'roche-lightcycler480-cp-export'],
  ])('detects exactly one template for a %s', (_name, make, template) => {
    expect(detectTemplates(asUpload(make()), instrumentTemplates())).toEqual([{ template, score: 100 }]);
  });

  it('reads TargetLynx compound blocks named "Compound N:  <name>", leaving out QC, reference pools and labelled standards', () => {
    const result = parse(fixtures.targetLynxSummaryTxt(), 'waters-targetlynx-compound-summary', { unit: 'ng/mL' });

    expect(rowsOf(result)).toEqual([
      ['2502RLI0135-0489', ['Delta-9 THC=1402.118']],
      ['2502RLI0135-0490', ['Delta-9 THC=12.040', 'Myclobutanil=0.450']],
    ]);
    expect(result.batch.samples[0].rows[0]).toMatchObject({
      unitText: 'ng/mL',
      provenance: { row: 10, column: 'H' },
      extra: { injection: 'RUN0205_2502RLI0135-0489_3' },
    });
    expect(result.qcRecords.map((q) => `${q.sampleName}/${q.name}:${q.reason}`)).toEqual([
      'Cal 3/Delta-9 THC:calibration',
      'LTR_POOL/Delta-9 THC:reference_material',
      'QC 1/Delta-9 THC:qc',
      'Cal 3/Myclobutanil:calibration',
      'LTR_POOL/Myclobutanil:reference_material',
      'QC 1/Myclobutanil:qc',
      ...['Cal 3', '2502RLI0135-0489', 'LTR_POOL', '2502RLI0135-0490', 'QC 1'].map(
        (s) => `${s}/SIL Myclobutanil D4:internal_standard`,
      ),
    ]);
  });

  it('reads a MassHunter batch table whose sample columns have no group label, the Data File naming the sample', () => {
    const calibratorsOnly = parse(fixtures.massHunterBatchTableCsv(), 'agilent-masshunter-quant-batch-table');
    const withSamples = parse(fixtures.massHunterBatchTableCsv({ withSamples: true }), 'agilent-masshunter-quant-batch-table', {
      unit: 'ng/mL',
    });

    expect(calibratorsOnly.batch.samples).toEqual([]);
    expect(calibratorsOnly.batch.qcRowsSkipped).toBe(7);
    expect(calibratorsOnly.batch.warnings).toEqual([
      'no sample results: all 7 result row(s) are QC (blanks, calibration, checks, spikes, controls) or internal standards',
    ]);
    expect(rowsOf(withSamples)).toEqual([
      ['2502RLI0135-0489.d', ['Myclobutanil=0.412']],
      ['2502RLI0135-0490.d', ['Myclobutanil=0.05', 'Bifenazate=1.2']],
    ]);
    expect(withSamples.batch.samples[1].rows[1].provenance).toMatchObject({ row: 8, column: 'K', header: 'Final Conc.' });
  });

  it('reads a box-drawn text report, joining the halves of values wrapped inside a box', () => {
    const table = readTableFile(fixtures.openLabTextReport({ samples: ['2502RLI0135-0489_100_min'] }).bytes, DEFAULT_READ_LIMITS);
    const texts = table.sheets[0].rows.map((r) => r.cells.map((c) => c.text));

    expect(table.kind).toBe('txt');
    expect(texts).toContainEqual(['Sample Name', '2502RLI0135-0489_100_min']);
    expect(texts).toContainEqual(['RT[min]', 'Type', 'Width[min]', 'Area', 'Height', 'Area%', 'Name']);
    expect(texts).toContainEqual(['3.331', 'BV', '0.7823', '7620.7030', '925.5433', '52.6804', 'THCA-A@3,327min']);
  });

  it.each<[string, () => GeneratedFile, string, string]>([
    [
      'an OpenLab report printing areas only',
      () => fixtures.openLabTextReport({ samples: ['S-1', 'S-2'] }),
      'agilent-openlab-cds-text-report',
      'D',
    ],
    ['a MultiQuant table of peak areas', fixtures.multiQuantAreasTxt, 'sciex-multiquant-results-table', 'C'],
    ['an uncalibrated TraceFinder export', fixtures.traceFinderCompoundCsv, 'thermo-tracefinder-compound-csv', 'O'],
  ])('refuses %s: peak areas cannot become results', (_name, make, template, column) => {
    const error = refusal(() => parse(make(), template));

    expect(error.details.code).toBe('peak_areas_only');
    expect(error.message).toContain('the file holds peak areas ("Area") and no concentration: it cannot produce results');
    expect(error.details.location?.column).toBe(column);
    expect(error.details.expected).toContain('a concentration column');
  });

  it('does not take a MultiQuant table that has a concentration column for an areas-only one', () => {
    const rows = [
      ['Sample Name', 'Component Name', 'Area', 'Calculated Concentration'],
      ['S-1', 'Myclobutanil', '4758.8', '0.12'],
    ];
    const file = { name: 'mq.txt', bytes: Buffer.from(rows.map((r) => r.join('\t')).join('\n')) };

    expect(detectTemplates(asUpload(file), instrumentTemplates()).map((d) => d.template)).not.toContain(
      'sciex-multiquant-results-table',
    );
  });

  it('takes the QuantStudio call as the result, leaving out the internal positive control and the no-template control', () => {
    const result = parse(fixtures.quantStudioPresenceAbsenceXlsx(), 'appbio-quantstudio-design-analysis-presence-absence');

    expect(rowsOf(result)).toEqual([
      ['2502RLI0135-0489', ['STEC=Absence']],
      ['2502RLI0135-0490', ['Salmonella=Presence']],
    ]);
    expect(result.batch.samples[1].rows[0]).toMatchObject({
      unitText: 'CFU/g',
      provenance: { sheet: 'Target Call', row: 12, column: 'F' },
    });
    expect(result.qcRecords.map((q) => `${q.sampleName}/${q.name}:${q.reason}`)).toEqual([
      'NTC/STEC:sample_type',
      'NTC/IPC:internal_standard',
      '2502RLI0135-0489/IPC:internal_standard',
    ]);
  });

  it.each<[string, () => GeneratedFile, string]>([
    ['a CFX Maestro Cq table', () => fixtures.cfxMaestroCqCsv({ targets: true }), 'biorad-cfx-maestro-cq-results'],
    ['a LightCycler Cp export', fixtures.lightCyclerCpTxt, 'roche-lightcycler480-cp-export'],
  ])('refuses %s without a kit table: a Cq is not a call', (_name, make, template) => {
    const error = refusal(() => parse(make(), template));

    expect(error.details.code).toBe('cq_without_call');
    expect(error.message).toContain('without a presence/absence call, and the template has no kit table');
  });

  it('says so when no line names a target, so no kit table could map one either', () => {
    const error = refusal(() => parse(fixtures.cfxMaestroCqCsv(), 'biorad-cfx-maestro-cq-results'));

    expect(error.details.code).toBe('cq_without_call');
    expect(error.message).toContain('and no line names a target ("Target" is empty on every line)');
    expect(
      refusal(() => parse(fixtures.cfxMaestroCqCsv({ targets: true }), 'biorad-cfx-maestro-cq-results')).message,
    ).not.toContain('no line names a target');
  });

  it("turns Cq into presence/absence through a kit's target table, with its cut-off", () => {
    const kit = {
      name: 'PathoSEEK STEC/Salmonella multiplex',
      targets: { STEC: 'stec', Salm: 'salmonella' },
      presentAtOrBelowCq: '35',
    };
    const template = InstrumentTemplateSchema.parse({ ...instrumentTemplate('biorad-cfx-maestro-cq-results'), kit });
    const result = parse(fixtures.cfxMaestroCqCsv({ targets: true }), template);

    expect(rowsOf(result)).toEqual([
      ['2502RLI0135-0489', ['stec=Present', 'salmonella=Absent']],
      ['2502RLI0135-0490', ['stec=Absent']],
    ]);
    expect(result.batch.samples[0].rows[0].extra).toMatchObject({ cq: '21.1877528266099', kit: kit.name });
    expect(result.batch.warnings).toContain(
      '1 Cq row(s) of target(s) the kit "PathoSEEK STEC/Salmonella multiplex" does not list ("Listeria") are not results',
    );
    expect(result.qcRecords.map((q) => `${q.sampleName}/${q.name}:${q.reason}`)).toEqual([
      '2502RLI0135-0490/IC-SE:internal_standard',
      'NTC/STEC:sample_type',
    ]);
  });
});
