import {
  genericLongText,
  genericWideText,
  GENERIC_LONG_MAPPING,
  GENERIC_WIDE_MAPPING,
  TEXT_VARIANTS,
} from '../../../test/generators/instruments/encoding-fixtures';
import { asUpload } from '../../../test/generators/instruments/fixture-file';
import { instrumentTemplate } from '../../../test/generators/instruments/instrument-templates';
import { parseWithTemplate } from './instrument-engine';

/** Every variant prints the same results; each must read back to exactly these. */
const LONG_RESULTS = [
  ['2502RLI0135-0489', 'Lead', '0.153', 'µg/g', '0.050'],
  ['2502RLI0135-0489', 'Total Yeast and Mold', '1250', 'CFU/g', '100'],
  ['2502RLI0135-0490', 'Lead', 'ND', 'µg/g', '0.050'],
  ['2502RLI0135-0490', 'Cadmium', '<LOQ', 'µg/g', '0.050'],
];

const WIDE_RESULTS = [
  ['2502RLI0135-0489', 'Lead', '0.153'],
  ['2502RLI0135-0489', 'Cadmium', '0.021'],
  ['2502RLI0135-0489', 'Arsenic', 'ND'],
  ['2502RLI0135-0490', 'Lead', '1.204'],
  ['2502RLI0135-0490', 'Cadmium', '<LOQ'],
  ['2502RLI0135-0490', 'Arsenic', '0.080'],
];

describe('text exports as instrument PCs write them', () => {
  it.each(TEXT_VARIANTS)('reads a long table written with $name to the same results', ({ variant }) => {
    const batch = parseWithTemplate(asUpload(genericLongText(variant)), instrumentTemplate('generic-long'), {
      mapping: GENERIC_LONG_MAPPING,
    });

    expect(
      batch.samples.flatMap((s) => s.rows.map((r) => [s.ref.labSampleId, r.name, r.valueText, r.unitText, r.loqText])),
    ).toEqual(LONG_RESULTS);
  });

  it.each(TEXT_VARIANTS)('reads a wide table written with $name to the same results', ({ variant }) => {
    const batch = parseWithTemplate(asUpload(genericWideText(variant)), instrumentTemplate('generic-wide'), {
      mapping: GENERIC_WIDE_MAPPING,
    });

    expect(batch.samples.flatMap((s) => s.rows.map((r) => [s.ref.labSampleId, r.name, r.valueText]))).toEqual(WIDE_RESULTS);
  });

  it('keeps the printed number beside the plain one when the locale changed it', () => {
    const batch = parseWithTemplate(
      asUpload(genericLongText({ delimiter: ';', commaDecimals: true })),
      instrumentTemplate('generic-long'),
      { mapping: GENERIC_LONG_MAPPING },
    );

    expect(batch.samples[0].rows[0]).toMatchObject({ valueText: '0.153', extra: { printedValue: '0,153' } });
    expect(batch.samples[0].rows[0].provenance).toMatchObject({ context: expect.arrayContaining(['Result: 0,153']) });
  });

  it('never turns a non-detect into a number', () => {
    const batch = parseWithTemplate(asUpload(genericLongText()), instrumentTemplate('generic-long'), {
      mapping: GENERIC_LONG_MAPPING,
    });
    const nonDetects = batch.samples[1].rows;

    expect(nonDetects.map((r) => [r.valueText, r.extra?.printedValue, r.pendingCalculation])).toEqual([
      ['ND', undefined, undefined],
      ['<LOQ', undefined, undefined],
    ]);
  });
});
