import { instrumentTemplate } from '../../../test/generators/instruments/instrument-templates';
import { compileQcRules } from './qc-rules';
import type { LocatedCell, SourceRecord } from './source-record';

/** Sample names seen in real runs, and what each template's QC rules must call them. */
describe.each([
  [
    'perkinelmer-syngistix-summary-report',
    [
      ['Cal Blank', 'blank'],
      ['Digestion Blank 06022021 + spike', 'blank'],
      ['Cal 1 0.25ppb 4 mix', 'calibration'],
      ['2.5ppb CCV 4 MIX', 'check'],
      ['KLS-1223 + SPIKE', 'spike'],
      ['KLS-1224 + POST MIC SPIKE', 'spike'],
      ['QC Std 3', 'qc'],
      ['KLS-1223', undefined],
      ['KLS-1222 RR', undefined],
    ],
  ],
  [
    'perkinelmer-syngistix-wide-export',
    [
      ['BLK', 'blank'],
      ['rBLK', 'blank'],
      ['R. Blk', 'blank'],
      ['STD 0.01PPM', 'calibration'],
      ['Calibration Curves', 'calibration'],
      ['PLP21-0003', undefined],
    ],
  ],
  [
    'agilent-chemstation-report-xls',
    [
      ['Cal 2', 'calibration'],
      ['CAL1', 'calibration'],
      ['BLANK', 'blank'],
      ['Calyx Gardens 0489', undefined],
      ['2502RLI0135-0489', undefined],
    ],
  ],
  [
    'shimadzu-labsolutions-ascii',
    [
      ['QC PREP A', 'qc'],
      ['PT Part # 38417 Lot 033116', undefined],
    ],
  ],
  [
    'qpcr-tabular-results',
    [
      ['Pos Control', 'control'],
      ['Neg Control', 'control'],
      ['NTC', 'control'],
      ['1318', undefined],
    ],
  ],
] as const)('QC sample names of %s', (templateId, cases) => {
  const qc = compileQcRules(instrumentTemplate(templateId).qc);

  it.each(cases)('"%s" → %s', (name, kind) => {
    expect(qc.classify(record({ labSampleId: name }))).toBe(kind);
  });
});

describe('QC by sample type and internal standards', () => {
  it.each([
    ['shimadzu-labsolutions-ascii', 'Standard', 'sample_type'],
    ['shimadzu-labsolutions-ascii', 'Unknown', undefined],
    ['perkinelmer-syngistix-summary-report', 'QC Std', 'sample_type'],
    ['agilent-masshunter-quant-csv', 'MatrixSpike', 'sample_type'],
    ['agilent-masshunter-quant-csv', 'Sample', undefined],
  ] as const)('%s: sample type "%s" → %s', (templateId, type, reason) => {
    const qc = compileQcRules(instrumentTemplate(templateId).qc);

    expect(qc.classify(record({ labSampleId: 'S-1', sampleType: type }))).toBe(reason);
  });

  it.each([
    ['qpcr-tabular-results', 'IC-YM'],
    ['qpcr-tabular-results', 'ROX'],
    ['agilent-masshunter-quant-csv', 'Triphenylphosphate(TPP-IS) (ISTD)'],
  ])('%s never reports "%s"', (templateId, analyte) => {
    const qc = compileQcRules(instrumentTemplate(templateId).qc);

    expect(qc.classify(record({ labSampleId: 'S-1' }, analyte))).toBe('internal_standard');
  });

  it('recognises the |> marker column of a NexION table as an internal standard', () => {
    const qc = compileQcRules(instrumentTemplate('perkinelmer-syngistix-summary-report').qc);
    const marker = cell('|>');

    expect(qc.classify({ ...record({ labSampleId: 'KLS-1223' }, 'Ge 74'), column: () => marker })).toBe('internal_standard');
  });
});

function cell(text: string): LocatedCell {
  return { row: 1, col: 0, text };
}

function record(sample: { labSampleId: string; sampleType?: string }, analyte = 'Pb 208'): SourceRecord {
  return {
    sample: { labSampleId: cell(sample.labSampleId), ...(sample.sampleType ? { sampleType: cell(sample.sampleType) } : {}) },
    analyte: { name: analyte },
    value: cell('0.1'),
    flags: [],
    extra: [],
    sampleExtra: [],
    column: () => undefined,
    key: () => undefined,
    label: () => undefined,
  };
}
