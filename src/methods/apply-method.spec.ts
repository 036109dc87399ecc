import type { IncomingResult } from '../results/incoming-result';
import { applyMethod, compareWithPrintedFinal } from './apply-method';
import { MethodDefinitionSchema } from './method-definition.schema';

const METALS = MethodDefinitionSchema.parse({
  key: 'icpms-metals',
  name: 'Heavy metals by ICP-MS',
  instrument: 'PerkinElmer NexION 2000',
  templates: ['perkinelmer-syngistix-summary-report'],
  limitsUnit: 'ug/g',
  analytes: [
    { analyte: 'arsenic', lod: '0.005', loq: '0.02', uloq: '5' },
    { analyte: 'lead', loq: '0.02' },
    { analyte: 'cadmium', lod: '0.005' },
  ],
});
const REF = { key: 'icpms-metals', version: 3 };

function metal(analyte: string, value: string | null, extra: Partial<IncomingResult> = {}): IncomingResult {
  return {
    panel: 'metals',
    analyte,
    name: analyte,
    value,
    qualifier: null,
    unit: 'ug/g',
    reportedValue: value ?? 'ND',
    reportedUnit: 'ug/g',
    loq: null,
    limit: null,
    limitText: null,
    provenance: { kind: 'cell', sha256: 'f'.repeat(64), sheet: 'Quant Summary', row: 564, column: 'E' },
    ...extra,
  };
}

describe('judging a computed result by its method', () => {
  it.each<[string, string, string | null, string | null, Record<string, string>]>([
    ['below the LOD is ND', '0.001', null, 'ND', { computedValue: '0.001 ug/g', below: 'LOD 0.005 ug/g' }],
    ['between LOD and LOQ is <LOQ', '0.016', null, '<LOQ', { computedValue: '0.016 ug/g', below: 'LOQ 0.02 ug/g' }],
    ['at the LOQ is a number', '0.020', '0.020', null, {}],
    ['above the ULOQ is >ULOQ', '5.1', null, '>ULOQ', { computedValue: '5.1 ug/g', above: 'ULOQ 5 ug/g' }],
  ])('%s', (_name, value, expectedValue, qualifier, notes) => {
    const judged = applyMethod(metal('arsenic', value), METALS, REF);

    expect([judged.value, judged.qualifier, judged.loq, judged.unsure]).toEqual([expectedValue, qualifier, '0.02', undefined]);
    expect(judged.provenance).toMatchObject({ method: 'icpms-metals v3', ...notes });
  });

  it('converts the limits to the analyte unit (a cannabinoid LOQ given in mg/g judges a result in %)', () => {
    const potency = MethodDefinitionSchema.parse({
      ...METALS,
      key: 'hplc',
      limitsUnit: 'mg/g',
      analytes: [{ analyte: 'cbd', loq: '0.5' }],
    });
    const cbd = { ...metal('cbd', '0.04'), panel: 'cannabinoids' as const, unit: '%' as const };

    expect(applyMethod(cbd, potency, REF)).toMatchObject({ value: null, qualifier: '<LOQ', loq: '0.05' });
  });

  it('keeps a qualifier read from the file, and gives it the LOQ', () => {
    expect(applyMethod(metal('lead', null, { qualifier: 'ND' }), METALS, REF)).toMatchObject({
      value: null,
      qualifier: 'ND',
      loq: '0.02',
    });
  });

  it('flags a result whose analyte the method lists without an LOQ, or does not list', () => {
    expect(applyMethod(metal('cadmium', '0.5'), METALS, REF).unsure).toBe(
      'method icpms-metals v3 gives no LOQ for cadmium: the result has no known LOQ',
    );
    expect(applyMethod(metal('mercury', '0.5'), METALS, REF)).toMatchObject({
      value: '0.5',
      unsure: 'method icpms-metals v3 does not list mercury: the result has no known LOQ',
    });
  });
});

describe("comparing a result with the file's own final column", () => {
  const withFinal = (value: string | null, printedFinal: string, extra: Partial<IncomingResult> = {}) =>
    metal('arsenic', value, { ...extra, provenance: { ...metal('arsenic', value).provenance, printedFinal } });

  it.each<[string, IncomingResult]>([
    ['the same number at our precision', withFinal('0.0937', '0.093685 ppm')],
    ['<LOQ beside our <LOQ', withFinal(null, '<LOQ', { qualifier: '<LOQ' })],
    ['<LOQ beside our ND', withFinal(null, '<LOQ', { qualifier: 'ND' })],
  ])('agrees on %s', (_name, result) => {
    expect(compareWithPrintedFinal(result).unsure).toBeUndefined();
  });

  it.each<[string, IncomingResult, string]>([
    [
      '<LOQ beside a number',
      withFinal('0.0531', '<LOQ', { loq: '0.02' }),
      `the file's own final result is "<LOQ", the computed result 0.0531 ug/g (LOQ 0.02 ug/g): check which is right`,
    ],
    [
      'a number beside our <LOQ',
      withFinal(null, '0.026855 ppm', { qualifier: '<LOQ' }),
      `the file's own final result is "0.026855 ppm", the computed result <LOQ: check which is right`,
    ],
    [
      'a different number',
      withFinal('0.0940', '0.093685 ppm'),
      `the file's own final result is "0.093685 ppm", the computed result 0.0940 ug/g: check which is right`,
    ],
  ])('flags %s, keeping both', (_name, result, note) => {
    const compared = compareWithPrintedFinal(result);

    expect([compared.value, compared.qualifier, compared.unsure]).toEqual([result.value, result.qualifier, note]);
  });
});
