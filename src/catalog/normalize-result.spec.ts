import { normalizeResult, type NormalizedResult, type RawResultInput } from './normalize-result';

function ok(raw: RawResultInput): NormalizedResult {
  const out = normalizeResult(raw);
  if (!out.ok) throw new Error(`expected ${raw.name} to normalize: ${out.message}`);
  return out.result;
}

describe('normalizeResult', () => {
  it('converts value, LOQ and limit to the canonical unit and keeps what was printed', () => {
    expect(
      ok({
        name: 'A atoxin B1',
        valueText: '0.012',
        unitText: 'µg/g',
        loqText: '0.005',
        limitText: '0.020',
        panelHint: 'Mycotoxins',
      }),
    ).toEqual({
      panel: 'mycotoxins',
      analyte: 'aflatoxin_b1',
      name: 'A atoxin B1',
      value: '12',
      qualifier: null,
      unit: 'ug/kg',
      reportedValue: '0.012',
      reportedUnit: 'µg/g',
      loq: '5',
      limit: '20',
      limitText: null,
    });
  });

  it.each([
    ['THCa', '268.2', 'mg/g', '26.82'],
    ['Copper', '9.2720', 'PPM', '9.2720'],
    ['Limonene', '8.59', 'mg/g', '0.859'],
    ['Aerobic Bacteria', '4500', 'CFU/g', '4500'],
    ['Moisture', '13.1%', '%', '13.1'],
    ['Water Activity', '0.43 aw', 'aw', '0.43'],
    ['Total Terpenes', '1.8960%', '%', '1.8960'],
    ['Propane', '1,250', 'ppm', '1250'],
    ['Ethanol', '1.2E+3', 'ppm', '1200'],
  ])('reads %s "%s" %s as %s in the canonical unit', (name, valueText, unitText, value) => {
    expect(ok({ name, valueText, unitText }).value).toBe(value);
  });

  it('reads a decimal comma when the source uses one', () => {
    expect(ok({ name: 'Lead', valueText: '0,125', unitText: 'mg/kg', decimalComma: true }).value).toBe('0.125');
  });

  it('keeps a printed "0.00" as the number 0, not a non-detect', () => {
    const r = ok({ name: 'Pyrethrin 1', valueText: '0.00', unitText: 'PPM' });
    expect([r.value, r.qualifier]).toEqual(['0.00', null]);
  });

  it.each([
    ['ND', 'ND'],
    ['-----', 'ND'],
    ['No Cq', 'ND'],
    ['Absence', 'ABSENT'],
    ['NR', 'NR'],
    ['<LOQ', '<LOQ'],
  ])('keeps "%s" as the qualifier %s with no value', (valueText, qualifier) => {
    const r = ok({ name: 'Chromium', valueText, unitText: 'PPM', loqText: '1.0000' });
    expect([r.value, r.qualifier, r.loq]).toEqual([null, qualifier, '1.0000']);
  });

  it('keeps the bound of a "<0.02" result as its LOQ, in the canonical unit', () => {
    const r = ok({ name: 'Terpinolene', valueText: '<0.7', unitText: 'mg/g', loqText: '0.007' });
    expect([r.value, r.qualifier, r.loq]).toEqual([null, '<LOQ', '0.07']);
  });

  it('keeps the bound of a ">100000" result', () => {
    const r = ok({ name: 'Yeast & Mold', valueText: '>100000', unitText: 'CFU/g' });
    expect([r.value, r.qualifier, r.loq]).toEqual([null, '>ULOQ', '100000']);
  });

  it('takes the unit printed beside an LOQ or limit over the row unit', () => {
    const r = ok({ name: 'CBGa', valueText: '0.43', unitText: '%', loqText: '0.2 mg/g', limitText: '15.0 %' });
    expect([r.loq, r.limit]).toEqual(['0.02', '15.0']);
  });

  it.each([
    ['Absent', 'Absent'],
    ['N/A', 'N/A'],
    ['Not Detected', 'Not Detected'],
    ['<1 CFU/g', '<1 CFU/g'],
  ])('keeps the worded limit %j in limitText', (limitText, kept) => {
    const r = ok({ name: 'Salmonella', valueText: 'Absence', unitText: 'CFU/g', limitText });
    expect([r.limit, r.limitText]).toEqual([null, kept]);
  });

  it.each([
    ['10^5 CFU/g', '100000'],
    ['10^3', '1000'],
    ['1.5 x 10^4 CFU/g', '15000'],
  ])('reads the power of ten %j (a superscript exponent) as the limit %s', (limitText, limit) => {
    const r = ok({ name: 'Total Yeast and Mold', valueText: '<100', unitText: 'CFU/g', limitText });
    expect([r.limit, r.limitText]).toEqual([limit, null]);
  });

  it('reads a result printed as a power of ten, and never a superscript run into its base ("105")', () => {
    expect(ok({ name: 'Total Yeast and Mold', valueText: '2.3 x 10^3', unitText: 'CFU/g' }).value).toBe('2300');
    expect(ok({ name: 'Total Yeast and Mold', valueText: '<100', unitText: 'CFU/g', limitText: '10^5^2' }).limit).toBeNull();
  });

  it('reads "N/A" and "NR" in the LOQ column as no LOQ', () => {
    expect(ok({ name: 'CBC', valueText: 'NR', unitText: '%', loqText: 'NR' }).loq).toBeNull();
    expect(ok({ name: 'FM Stems', valueText: '0', unitText: '%', loqText: 'N/A' }).loq).toBeNull();
  });
});

describe('normalizeResult refuses instead of guessing', () => {
  it.each([
    [{ name: 'Cyfluthrine', valueText: '0.1', unitText: 'ppm' }, 'unknown_analyte'],
    [{ name: 'Ge 74', valueText: '47281', unitText: 'ppb' }, 'unknown_analyte'],
    [{ name: 'Lead', valueText: 'high', unitText: 'ppm' }, 'bad_value'],
    [{ name: 'Lead', valueText: '-0.004', unitText: 'ppm' }, 'bad_value'],
    [{ name: 'Lead', valueText: '1,25', unitText: 'ppm' }, 'bad_value'],
    [{ name: 'Lead', valueText: '0.1', unitText: 'ppm', loqText: 'low' }, 'bad_value'],
    [{ name: 'Lead', valueText: '0.1' }, 'bad_unit'],
    [{ name: 'Lead', valueText: '0.1', unitText: '  ' }, 'bad_unit'],
    [{ name: 'Lead', valueText: '0.1', unitText: 'cps' }, 'bad_unit'],
    [{ name: 'Lead', valueText: '0.1 %', unitText: 'ppm' }, 'bad_unit'],
    [{ name: 'Lead', valueText: '0.1', unitText: 'ng/mL' }, 'incompatible_unit'],
    [{ name: 'Yeast & Mold', valueText: '100', unitText: '%' }, 'incompatible_unit'],
    [{ name: 'THCa', valueText: '26.8', unitText: 'aw' }, 'incompatible_unit'],
  ] as const)('refuses %j with %s', (raw, problem) => {
    const out = normalizeResult(raw);
    expect(out.ok ? 'accepted' : out.problem).toBe(problem);
  });

  it('returns the closest candidates for an unknown analyte', () => {
    const out = normalizeResult({ name: 'Cyfluthrine', valueText: '0.1', unitText: 'ppm' });
    expect(out.ok ? [] : out.candidates?.[0]?.key).toBe('cyfluthrin');
  });
});
