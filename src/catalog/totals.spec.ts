import type { NormalizedResult } from './normalize-result';
import type { Qualifier } from './qualifier';
import { compareTotal, computeTotal, computeTotals } from './totals';

describe('computeTotal', () => {
  it('computes NY total THC as Δ9-THC + 0.877 × THCA + Δ8-THC + both Δ10 isomers', () => {
    const t = computeTotal('total_thc', [
      pct('delta9_thc', '1.40'),
      pct('thca', '28.08'),
      pct('delta8_thc', '0.10'),
      pct('delta10_thc_6ar9r', '0.05'),
      pct('delta10_thc_6ar9s', '0.02'),
    ]);
    expect(t?.exact).toBe('26.19616');
    expect(t?.result).toMatchObject({ analyte: 'total_thc', value: '26.20', qualifier: null, unit: '%', derived: true });
  });

  it('computes total CBD as CBD + 0.877 × CBDA', () => {
    expect(computeTotal('total_cbd', [pct('cbd', '0.10'), pct('cbda', '0.73')])?.exact).toBe('0.74021');
  });

  it('counts a non-detect as 0 in a sum', () => {
    expect(computeTotal('total_thc', [pct('delta9_thc', '0.62'), pct('thca', '26.82'), nd(pct('delta8_thc', '0'))])?.exact).toBe(
      '24.14114',
    );
  });

  it('makes a total over only non-detects ND, not 0', () => {
    const t = computeTotal('total_cbd', [nd(pct('cbd', '0')), nd(pct('cbda', '0'))]);
    expect([t?.result.value, t?.result.qualifier, t?.exact]).toEqual([null, 'ND', null]);
  });

  it('makes a total over non-detects and <LOQ terms <LOQ, bounded by the weighted LOQs', () => {
    const t = computeTotal('total_cbd', [nd(pct('cbd', '0')), { ...nd(pct('cbda', '0'), '<LOQ'), loq: '0.02' }]);
    expect([t?.result.qualifier, t?.result.loq]).toEqual(['<LOQ', '0.01754']);
  });

  it('keeps a printed 0.00 term as a number: the sum is 0.00, not ND', () => {
    const t = computeTotal('pyrethrins', [pest('pyrethrin_1', '0.00'), nd(pest('pyrethrin_2', '0')), nd(pest('cinerin_1', '0'))]);
    expect([t?.result.value, t?.result.qualifier]).toEqual(['0.00', null]);
  });

  it('leaves out terms not reported, as certificates do, and says so', () => {
    const t = computeTotal('total_thc', [nd(pct('delta9_thc', '0'), 'NR'), pct('thca', '39.14')]);
    expect([t?.exact, t?.omitted]).toEqual(['34.32578', ['delta9_thc']]);
  });

  it.each(['>ULOQ', 'TNTC', 'PRESENT', 'TIC', 'NA'] as const)('does not sum over a %s term', (q) => {
    expect(computeTotal('total_thc', [nd(pct('delta9_thc', '0'), q), pct('thca', '20.00')])).toBeNull();
  });

  it('returns nothing when no constituent was reported', () => {
    expect(computeTotal('total_aflatoxins', [pct('thca', '20.00')])).toBeNull();
  });

  it('sums summed solvents from their isomers', () => {
    expect(computeTotal('butane', [ugg('n_butane', '120.5'), ugg('isobutane', '30')])?.result.value).toBe('150.5');
    expect(computeTotal('total_xylenes', [ugg('m_p_xylene', '78.1'), nd(ugg('o_xylene', '0'))])?.result.value).toBe('78.1');
  });

  it('sums total aflatoxins in ug/kg', () => {
    const t = computeTotal('total_aflatoxins', [
      { ...ugg('aflatoxin_b1', '5'), panel: 'mycotoxins', unit: 'ug/kg' },
      nd({ ...ugg('aflatoxin_b2', '0'), panel: 'mycotoxins', unit: 'ug/kg' }),
    ]);
    expect(t?.result).toMatchObject({ value: '5', unit: 'ug/kg' });
  });

  it('sums every terpene into total terpenes without counting nerolidol twice', () => {
    const t = computeTotal('total_terpenes', [
      terp('limonene', '0.86'),
      terp('beta_myrcene', '0.70'),
      terp('nerolidol', '0.05'),
      terp('cis_nerolidol', '0.02'),
      terp('trans_nerolidol', '0.03'),
      { ...nd(terp('guaiol', '0'), '<LOQ'), loq: '0.0065' },
    ]);
    expect(t?.exact).toBe('1.61');
    expect(t?.roundingTolerance).toBe('0.0265');
  });

  it('sums all cannabinoids, acids not decarboxylated, into total cannabinoids', () => {
    expect(
      computeTotal('total_cannabinoids', [
        pct('thca', '26.82'),
        pct('delta9_thc', '0.62'),
        pct('cbga', '0.43'),
        nd(pct('cbd', '0')),
      ])?.exact,
    ).toBe('27.87');
  });

  it('ignores derived results as input', () => {
    expect(computeTotal('total_thc', [{ ...pct('thca', '20.00'), derived: true }])).toBeNull();
  });

  it('refuses an analyte that is not a sum', () => {
    expect(() => computeTotal('thca', [])).toThrow(/not a summed analyte/);
  });
});

describe('computeTotals', () => {
  it('derives every sum it can, marked derived', () => {
    const totals = computeTotals([pct('delta9_thc', '0.62'), pct('thca', '26.82'), nd(pct('cbd', '0')), nd(pct('cbda', '0'))]);
    expect(totals.map((t) => [t.analyte, t.value ?? t.qualifier, t.derived])).toEqual([
      ['total_thc', '24.14', true],
      ['total_cbd', 'ND', true],
      ['total_cannabinoids', '27.44', true],
    ]);
  });
});

describe('compareTotal', () => {
  it.each([
    ['26.02', '26.02616', 2, '-0.00616', true],
    ['37.70', '37.69964', 2, '0.00036', true],
    ['24.14', '24.14114', 2, '-0.00114', true],
  ])('accepts printed %s against computed %s (%i decimals): difference %s', (printed, computed, places, difference, ok) => {
    expect(compareTotal(printed, computed, places)).toEqual({ ok, difference, tolerance: '0.01' });
  });

  it('flags a printed total that disagrees beyond rounding', () => {
    // A certificate printing total THC 25.20 % while Δ9-THC 0.62 % + 0.877 × THCA 26.82 % = 24.14 %.
    const computed = computeTotal('total_thc', [pct('delta9_thc', '0.62'), pct('thca', '26.82')]);
    const result = compareTotal('25.20', computed?.exact ?? '', 2);
    expect(result).toEqual({ ok: false, difference: '1.05886', tolerance: '0.01' });
  });

  it('uses the tolerance given instead of one unit in the last place', () => {
    expect(compareTotal('2.7113', '2.65', 4).ok).toBe(false);
    expect(compareTotal('2.7113', '2.65', 4, '0.10155').ok).toBe(true);
  });
});

function pct(analyte: string, value: string): NormalizedResult {
  return {
    panel: 'cannabinoids',
    analyte,
    name: analyte,
    value,
    qualifier: null,
    unit: '%',
    reportedValue: value,
    reportedUnit: '%',
    loq: null,
    limit: null,
    limitText: null,
  };
}

function terp(analyte: string, value: string): NormalizedResult {
  return { ...pct(analyte, value), panel: 'terpenes' };
}

function pest(analyte: string, value: string): NormalizedResult {
  return { ...ugg(analyte, value), panel: 'pesticides' };
}

function ugg(analyte: string, value: string): NormalizedResult {
  return { ...pct(analyte, value), panel: 'solvents', unit: 'ug/g', reportedUnit: 'ppm' };
}

/** The same row reported as a non-detect. */
function nd(row: NormalizedResult, qualifier: Qualifier = 'ND'): NormalizedResult {
  return { ...row, value: null, qualifier, reportedValue: qualifier };
}
