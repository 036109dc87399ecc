import { createHash } from 'node:crypto';
import { instrumentTemplate } from '../../../../test/generators/instruments/instrument-templates';
import type { GeneratedFile } from '../../../../test/generators/instruments/fixture-file';
import {
  chemstationReportXls,
  massHunterCsv,
  nexion350xWorkbook,
  nexionSummaryWorkbook,
  qpcrWorkbook,
  shimadzuAsciiTxt,
  shimadzuResavedCsv,
  winlab32Csv,
} from '../../../../test/generators/instruments/layout-fixtures';
import {
  cfxMaestroCqCsv,
  lightCyclerCpTxt,
  massHunterBatchTableCsv,
  multiQuantAreasTxt,
  targetLynxSummaryTxt,
  traceFinderCompoundCsv,
} from '../../../../test/generators/instruments/second-round-fixtures';
import { unseenFormatExport } from '../../../../test/generators/instruments/unseen-format-fixtures';
import { digestResults } from '../../../../test/regression/instruments/proposal-compare';
import type { ParseContext } from '../../source-adapter';
import { readTableFile } from '../read-table';
import { DEFAULT_READ_LIMITS } from '../table-file';
import { NoTableFound, proposeTemplate } from './propose-template';

const read = (f: GeneratedFile) => readTableFile(f.bytes, DEFAULT_READ_LIMITS);
const source = (f: GeneratedFile) => ({ ...f, sha256: createHash('sha256').update(f.bytes).digest('hex') });

describe('proposing a template for an export', () => {
  it.each([
    ['WinLab32 (long, unit column)', winlab32Csv(), 'perkinelmer-winlab32-csv', 'long', {}],
    [
      'NexION 350X (wide, "name (unit)" headers, Concentrations sheet)',
      nexion350xWorkbook(),
      'perkinelmer-syngistix-wide-export',
      'wide',
      {},
    ],
    [
      'LabSolutions ASCII (compound blocks, repeated header)',
      shimadzuAsciiTxt(),
      'shimadzu-labsolutions-ascii',
      'compound_blocks',
      { defaultUnit: 'ug/mL', mapping: { unit: 'ug/mL' } },
    ],
    [
      'LabSolutions re-saved as CSV (compound blocks, one header)',
      shimadzuResavedCsv(),
      'shimadzu-labsolutions-ascii',
      'compound_blocks',
      { defaultUnit: 'ug/mL', mapping: { unit: 'ug/mL' } },
    ],
    [
      'TargetLynx ("Compound N: name" blocks)',
      targetLynxSummaryTxt(),
      'waters-targetlynx-compound-summary',
      'compound_blocks',
      {},
    ],
    [
      'MassHunter (two header rows)',
      massHunterCsv(),
      'agilent-masshunter-quant-csv',
      'two_header_rows',
      { defaultUnit: 'ng/mL', mapping: { unit: 'ng/mL' } },
    ],
    [
      'MassHunter batch table (unlabelled sample columns)',
      massHunterBatchTableCsv(),
      'agilent-masshunter-quant-batch-table',
      'two_header_rows',
      {},
    ],
    [
      'ChemStation "Report to XLS" (key/value sheets, Compound table, unit key)',
      chemstationReportXls(),
      'agilent-chemstation-report-xls',
      'key_value_workbook',
      { prep: { mass: '0.5', volume: '10' } },
    ],
    [
      'ChemStation as .xls (BIFF8)',
      chemstationReportXls({ bookType: 'biff8' }),
      'agilent-chemstation-report-xls',
      'key_value_workbook',
      {},
    ],
    [
      'NexION Summary Report (one block per sample, dilution ratio column, digestion log sheet)',
      nexionSummaryWorkbook(),
      'perkinelmer-syngistix-summary-report',
      'sample_blocks',
      {},
    ],
    ['MultiQuant (peak areas: refused alike)', multiQuantAreasTxt(), 'sciex-multiquant-results-table', 'long', {}],
    ['TraceFinder (peak areas: refused alike)', traceFinderCompoundCsv(), 'thermo-tracefinder-compound-csv', 'long', {}],
    ['CFX Maestro (Cq without a call: refused alike)', cfxMaestroCqCsv(), 'biorad-cfx-maestro-cq-results', 'long', {}],
    ['LightCycler (Cp without a call: refused alike)', lightCyclerCpTxt(), 'roche-lightcycler480-cp-export', 'long', {}],
  ] as Array<[string, GeneratedFile, string, string, ParseContext]>)(
    '%s: accepted unchanged, reads what the hand-written template reads',
    (_, file, templateId, layout, ctx) => {
      const table = read(file);
      const proposal = proposeTemplate(table, file.name);

      expect([proposal.layout.type, proposal.missing]).toEqual([layout, []]);
      expect(proposal.template).not.toBeNull();
      const hand = digestResults(source(file), table, instrumentTemplate(templateId), ctx);
      expect(digestResults(source(file), table, proposal.template!, ctx)).toEqual(hand);
    },
  );

  it('names what it is unsure of and what is missing, and proposes no template without a sample column', () => {
    const file = unseenFormatExport([{ id: 'POT-1', results: { CBD: '0,61' } }]);
    const proposal = proposeTemplate(read(file), file.name, { roles: { A: 'ignore' } });

    expect(proposal.template).toBeNull();
    expect(proposal.missing).toEqual(['a sample column (sample ID or sample name)']);
    const unitless = proposeTemplate(read(shimadzuAsciiTxt()), 'labsolutions.txt');
    expect(unitless.unsure).toEqual(
      expect.arrayContaining([
        expect.stringContaining('the file prints no unit'),
        expect.stringContaining('read as a concentration in solution once the method gives its unit'),
      ]),
    );
  });

  it('marks what it reads of a key/value workbook and does not apply its Dilution key', () => {
    const proposal = proposeTemplate(read(chemstationReportXls()), 'REPORT01.xls');

    expect(proposal.template?.layout).toMatchObject({
      type: 'key_value_workbook',
      sample: { labSampleId: { key: 'SampleName', sheet: 'Sheet1' } },
      table: { sheet: 'Compound' },
      analyte: 'Name',
      columns: { value: 'Amount' },
    });
    expect(proposal.template?.units).toEqual([{ from: 'key', key: 'Units', sheet: 'QuantParm' }]);
    expect(proposal.unsure).toEqual(
      expect.arrayContaining([
        expect.stringContaining('"Name" as analyte'),
        expect.stringContaining('key "SampleName" is the only key naming the sample'),
        expect.stringContaining('key "Dilution" (1) is kept beside each result, not applied'),
      ]),
    );
  });

  it('marks what it reads of a report of one block per sample: the prep sheet, the dilution ratio, the marked internal standards', () => {
    const proposal = proposeTemplate(read(nexionSummaryWorkbook()), 'summary.xlsx');

    expect(proposal.template).toMatchObject({
      layout: {
        type: 'sample_blocks',
        sample: { labSampleId: { labels: ['Sample', 'ID:'] } },
        analyte: { join: ['Analyte', 'Mass'] },
      },
      calculation: { operation: 'concentration_times_dilution_ratio' },
    });
    expect(proposal.unsure).toEqual(
      expect.arrayContaining([
        expect.stringContaining('prep data from sheet "Log"'),
        expect.stringContaining("times the sample's dilution ratio"),
        expect.stringMatching(/rows marked "\|>" in column A never hold a number/),
      ]),
    );
  });

  it('keeps a Cq per named target as printed, says so, and leaves a target the catalog does not know unmapped', () => {
    const file = qpcrWorkbook();
    const table = read(file);
    const proposal = proposeTemplate(table, file.name);
    const hand = digestResults(source(file), table, instrumentTemplate('qpcr-tabular-results'), {});
    const taught = digestResults(source(file), table, proposal.template!, {});

    expect(proposal.template).toMatchObject({ measures: 'result', units: [{ from: 'fixed', value: 'Cq' }], analytes: {} });
    expect(proposal.unsure).toEqual(
      expect.arrayContaining([
        expect.stringContaining('holds a Cq per target ("Target")'),
        expect.stringContaining('"E. Coli" (perhaps stec)'),
      ]),
    );
    // The hand-written template maps the lab's "E. Coli" to its STEC assay; the proposal does not guess it.
    const unmapped = JSON.parse(JSON.stringify(hand).replace('"stec = No Cq Cq"', '"E. Coli = No Cq Cq"')) as typeof hand;
    if ('samples' in unmapped) for (const rows of Object.values(unmapped.samples)) rows.sort();
    expect(taught).toEqual(unmapped);
    expect(taught).not.toEqual(hand);
  });

  it('refuses a file with no table under a header', () => {
    const file = { name: 'notes.txt', bytes: Buffer.from('Run notes\nall fine\n') };
    expect(() => proposeTemplate(read(file), file.name)).toThrow(NoTableFound);
  });
});
