import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INSTRUMENT_TEMPLATES_DIR } from '../../../test/generators/instruments/instrument-templates';
import { InvalidInstrumentTemplate, loadInstrumentTemplates, parseInstrumentTemplate } from './template-registry';

describe('instrument template registry', () => {
  it('loads and validates every template in templates/instruments', () => {
    const ids = loadInstrumentTemplates(INSTRUMENT_TEMPLATES_DIR).map((t) => t.id);

    expect(ids).toEqual([
      'agilent-chemstation-report-xls',
      'agilent-masshunter-quant-batch-table',
      'agilent-masshunter-quant-csv',
      'agilent-openlab-cds-text-report',
      'appbio-quantstudio-design-analysis-presence-absence',
      'biorad-cfx-maestro-cq-results',
      'generic-long',
      'generic-wide',
      'perkinelmer-syngistix-summary-report',
      'perkinelmer-syngistix-wide-export',
      'perkinelmer-winlab32-csv',
      'qpcr-tabular-results',
      'roche-lightcycler480-cp-export',
      'sciex-multiquant-results-table',
      'shimadzu-labsolutions-ascii',
      'thermo-tracefinder-compound-csv',
      'waters-targetlynx-compound-summary',
    ]);
  });

  it('keeps generic templates out of auto-detection and every specific one in it', () => {
    const templates = loadInstrumentTemplates(INSTRUMENT_TEMPLATES_DIR);

    expect(templates.filter((t) => !t.match.auto).map((t) => t.id)).toEqual(['generic-long', 'generic-wide']);
  });

  it.each([
    ['an unknown field', { ...valid(), colour: 'red' }, '$: unknown field(s) colour'],
    ['a layout type no engine has', { ...valid(), layout: { ...valid().layout, type: 'per_instrument_magic' } }, '$.layout.type'],
    [
      'a regular expression that does not compile',
      withQc({ sampleNames: [{ kind: 'blank', pattern: '(blank' }] }),
      '$.qc.sampleNames[0].pattern: not a valid regular expression',
    ],
    [
      'a default given as a JSON number',
      withCalculation({ dilution: [{ from: 'default', value: 1 }] }),
      '$.calculation.inputs.dilution[0].value',
    ],
    [
      'a key source on a layout without keys',
      withCalculation({ dilution: [{ from: 'key', key: 'Dilution' }] }),
      '$.calculation.inputs.dilution[0]: key sources need the key_value_workbook layout',
    ],
    [
      'a mapping reference the template does not declare',
      { ...valid(), units: [{ from: 'column', column: { mapping: 'unit' } }] },
      '$.units[0].column: mapping key "unit" is not declared',
    ],
  ])('names the file and JSON path of %s', (_name, json, fragment) => {
    const parse = () => parseInstrumentTemplate(JSON.stringify(json), 'templates/instruments/bad.json');

    expect(parse).toThrow(InvalidInstrumentTemplate);
    expect(parse).toThrow(/^templates\/instruments\/bad\.json: /);
    expect(parse).toThrow(fragment);
  });

  it('names the file of invalid JSON', () => {
    expect(() => parseInstrumentTemplate('{ "id": ', 'x.json')).toThrow(/^x\.json: not valid JSON/);
  });

  it('refuses two files with the same id', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instrument-templates-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify(valid()));
      fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify(valid()));

      expect(() => loadInstrumentTemplates(dir)).toThrow(/b\.json: \$\.id: "example-long" is already used by .*a\.json/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

function valid() {
  return {
    id: 'example-long',
    version: '1',
    title: 'Example',
    instrument: 'Example',
    fileKinds: ['csv'],
    match: { score: 10, rows: [{ cells: ['Sample', 'Analyte'] }] },
    layout: {
      type: 'long',
      header: { cells: ['Sample', 'Analyte', 'Result'] },
      sample: { labSampleId: 'Sample' },
      analyte: 'Analyte',
      columns: { value: 'Result' },
    },
  };
}

function withQc(qc: object) {
  return { ...valid(), qc };
}

function withCalculation(inputs: object) {
  return {
    ...valid(),
    calculation: {
      operation: 'concentration_to_mass_fraction',
      resultUnit: 'ug/g',
      inputs: { mass: [{ from: 'upload' }], volume: [{ from: 'upload' }], dilution: [{ from: 'upload' }], ...inputs },
    },
  };
}
