import ny2025 from '../../templates/limits/ny/2025-03-01.json';
import ny2026 from '../../templates/limits/ny/2026-02-09.json';
import {
  defaultRoute,
  normalizeResult,
  type NormalizedResult,
  type ProductType,
  type RawResultInput,
  type Route,
} from '../catalog';
import { evaluate } from './evaluate';
import type { ProductContext, ResultStatus } from './evaluation';
import { parseLimitTable } from './limit-table.schemas';
import { selectLimitTable } from './select-limit-table';

const T2025 = parseLimitTable(ny2025, 'templates/limits/ny/2025-03-01.json');
const T2026 = parseLimitTable(ny2026, 'templates/limits/ny/2026-02-09.json');
const FLOWER: ProductContext = { productType: 'flower', route: 'inhaled' };

describe('limit selection by route and date', () => {
  it.each([
    ['vape', 'inhaled', 'arsenic', '1.0', 'fail', '0.2'],
    ['edible', 'oral', 'arsenic', '1.0', 'pass', '1.5'],
    ['topical', 'topical', 'arsenic', '1.0', 'pass', '1.5'],
    ['tincture', 'oral', 'mercury', '2.0', 'pass', '3.0'],
    ['flower', 'inhaled', 'mercury', '2.0', 'fail', '0.1'],
    ['capsule', 'oral', 'cadmium', '0.4', 'pass', '0.5'],
    ['concentrate', 'inhaled', 'cadmium', '0.4', 'fail', '0.2'],
    ['edible', 'inhaled', 'arsenic', '1.0', 'fail', '0.2'],
  ] as const)(
    '2026 table, %s used by the %s route: %s %s ug/g is %s (limit %s)',
    (productType, route, analyte, value, status, limit) => {
      const [r] = evaluate([metal(analyte, value)], T2026, { productType, route }).results;
      expect([r.status, r.appliedLimit?.value, r.appliedLimit?.table]).toEqual([status, limit, 'ny-2026-02-09']);
    },
  );

  it.each([
    ['2025-08-12', 'ny-2025-03-01', 'no_limit'],
    ['2026-03-01', 'ny-2026-02-09', 'pass'],
  ] as const)('an edible tested on %s gets %s: arsenic 1.0 ug/g is %s', (testedOn, id, status) => {
    const table = selectLimitTable([T2025, T2026], { jurisdiction: 'NY', testedOn });
    const [r] = evaluate([metal('arsenic', '1.0')], table, { productType: 'edible', route: defaultRoute('edible') }).results;
    expect([table.id, r.status]).toEqual([id, status]);
  });

  it('keeps the carried-over mark on a limit the 2026 revision did not restate', () => {
    const [r] = evaluate([metal('chromium', '5.0')], T2026, FLOWER).results;
    expect(r.appliedLimit).toMatchObject({ value: '1100', confidence: 'medium', carriedOverFrom: 'ny-2025-03-01' });
  });
});

describe('a result against a numeric limit (lead ≤ 0.5 ug/g)', () => {
  it.each([
    ['0.49', undefined, 'pass'],
    ['0.5', undefined, 'pass'],
    ['0.5000', undefined, 'pass'],
    ['0.51', undefined, 'fail'],
    ['ND', '0.1', 'pass'],
    ['<LOD', '0.1', 'pass'],
    ['<LOQ', '0.1', 'pass'],
    ['<LOQ', '1.0', 'indeterminate'],
    ['<LOQ', undefined, 'indeterminate'],
    ['>1.0', undefined, 'fail'],
    ['>0.2', undefined, 'indeterminate'],
    ['>ULOQ', undefined, 'indeterminate'],
    ['Detected', undefined, 'indeterminate'],
    ['TIC', undefined, 'indeterminate'],
    ['N/A', undefined, 'indeterminate'],
    ['NT', undefined, 'not_tested'],
    ['NR', undefined, 'not_tested'],
  ] as const)('"%s" (LOQ %s) is %s', (valueText, loqText, status) => {
    const [r] = evaluate([row({ name: 'Lead', valueText, unitText: 'ppm', loqText })], T2025, FLOWER).results;
    expect(r.status).toBe(status);
  });

  it('explains an indeterminate <LOQ', () => {
    const [r] = evaluate([row({ name: 'Lead', valueText: '<LOQ', unitText: 'ppm', loqText: '1.0' })], T2025, FLOWER).results;
    expect(r.note).toBe('below the LOQ 1.0, which is above the limit 0.5');
  });

  it('passes a non-detect but notes an LOQ above the limit', () => {
    const [r] = evaluate([row({ name: 'Lead', valueText: 'ND', unitText: 'ppm', loqText: '1.0' })], T2025, FLOWER).results;
    expect([r.status, r.note]).toEqual(['pass', 'reported ND, but the LOQ 1.0 is above the limit 0.5']);
  });
});

describe('a result against an absence rule (Salmonella must be absent)', () => {
  it.each([
    ['Absence', 'pass'],
    ['Absent', 'pass'],
    ['Not Detected in 1g', 'pass'],
    ['ND', 'pass'],
    ['No Cq', 'pass'],
    ['0', 'pass'],
    ['Present', 'fail'],
    ['Detected', 'fail'],
    ['10', 'fail'],
    ['TNTC', 'fail'],
    ['<10', 'indeterminate'],
    ['N/A', 'indeterminate'],
    ['NT', 'not_tested'],
  ] as const)('"%s" is %s', (valueText, status) => {
    const [r] = evaluate([row({ name: 'Salmonella', valueText, unitText: 'CFU/g' })], T2025, FLOWER).results;
    expect(r.status).toBe(status);
  });

  it('shows the rule in words as the applied limit', () => {
    const [r] = evaluate(
      [row({ name: 'Salmonella', valueText: 'Absence', unitText: 'CFU/g', limitText: 'Absent' })],
      T2025,
      FLOWER,
    ).results;
    expect([r.appliedLimit?.kind, r.appliedLimit?.text, r.note]).toEqual(['absent', 'Absent', undefined]);
  });
});

describe('report-only analytes', () => {
  it.each([
    ['Yeast & Mold', '1400000', 'CFU/g'],
    ['Aerobic Bacteria', 'TNTC', 'CFU/g'],
    ['THCa', '26.82', '%'],
    ['Δ9-THC', 'NR', '%'],
    ['β-Myrcene', '<LOQ', '%'],
    ['Avermectin-B1a', '0.00', 'PPM'],
    ['n-Butane', 'ND', 'PPM'],
  ])('%s "%s" is report_only, whatever its value', (name, valueText, unitText) => {
    const [r] = evaluate([row({ name, valueText, unitText })], T2025, {
      productType: 'infused_pre_roll',
      route: 'inhaled',
    }).results;
    expect([r.status, r.appliedLimit?.kind]).toEqual(['report_only', 'report_only']);
  });

  it('marks a report-only analyte not tested when the source says NT', () => {
    const [r] = evaluate([row({ name: 'THCa', valueText: 'NT', unitText: '%' })], T2025, FLOWER).results;
    expect(r.status).toBe('not_tested');
  });

  it('keeps total yeast and mold report only for medical flower as "no limit loaded", not a pass', () => {
    const [r] = evaluate([row({ name: 'Yeast & Mold', valueText: '1000', unitText: 'CFU/g' })], T2025, {
      ...FLOWER,
      typeOfUse: 'medical',
    }).results;
    expect([r.status, r.appliedLimit]).toEqual(['no_limit', null]);
  });
});

describe('limits not found (ny-limits.md §D) evaluate as "no limit loaded", never pass', () => {
  it.each([
    ['Vitamin E Acetate', 'ND', '%', 'vape', 'vitamin E acetate and other additives: limits not found'],
    ['Water Activity', '0.40', 'aw', 'edible', "edibles' water activity limit not found"],
    ['Benzene', 'ND', 'ppm', 'edible', 'residual solvent limits for this product type not found'],
    ['Yeast & Mold', '100', 'CFU/g', 'concentrate', 'microbial limits for extracted products: values not found'],
    ['Salmonella', 'Absence', 'CFU/g', 'vape', 'microbial limits for extracted products: values not found'],
    ['Lead', '0.1', 'ppm', 'beverage', 'the certificates behind this table cover flower, pre-rolls and infused pre-rolls only'],
  ] as const)('%s "%s" on %s', (name, valueText, unitText, productType, why) => {
    const [r] = evaluate([row({ name, valueText, unitText })], T2025, { productType, route: defaultRoute(productType) }).results;
    expect([r.status, r.appliedLimit]).toEqual(['no_limit', null]);
    expect(r.note).toContain(`no limit loaded: ${why}`);
  });

  it('says "no limit loaded" for an analyte the table does not mention', () => {
    const [r] = evaluate([row({ name: 'Cyclohexane', valueText: '12', unitText: 'ppm' })], T2025, {
      productType: 'infused_pre_roll',
      route: 'inhaled',
    }).results;
    expect([r.status, r.note]).toEqual([
      'no_limit',
      'no limit loaded: ny-2025-03-01 has no limit for cyclohexane on infused pre roll (inhaled, adult use)',
    ]);
  });
});

describe('a limit printed on the certificate that differs from the table', () => {
  it('judges chromium by the table (1100) and notes the printed 110', () => {
    const [r] = evaluate(
      [row({ name: 'Chromium', valueText: '500', unitText: 'PPM', limitText: '110.0000' })],
      T2025,
      FLOWER,
    ).results;
    expect([r.status, r.limit, r.appliedLimit?.value]).toEqual(['pass', '110.0000', '1100']);
    expect(r.note).toBe('the source prints limit 110.0000 ug/g; table ny-2025-03-01 applies 1100 ug/g');
  });

  it('stays silent when the printed limit is the table limit in another unit or precision', () => {
    const results = [
      row({ name: 'A atoxin B1', valueText: 'ND', unitText: 'µg/g', limitText: '0.020' }),
      row({ name: 'Moisture', valueText: '13.1%', unitText: '%', limitText: '15.0 %' }),
      row({ name: 'Aerobic Bacteria', valueText: '4500', unitText: 'CFU/g', limitText: 'N/A' }),
    ];
    expect(evaluate(results, T2025, FLOWER).results.map((r) => r.note)).toEqual([undefined, undefined, undefined]);
  });

  it('notes a worded limit that disagrees with the table rule', () => {
    const [r] = evaluate(
      [row({ name: 'Yeast & Mold', valueText: '4500', unitText: 'CFU/g', limitText: 'Absent' })],
      T2025,
      FLOWER,
    ).results;
    expect(r.note).toBe('the source prints limit "Absent"; table ny-2025-03-01 applies report only');
  });
});

describe('panel statuses and the verdict', () => {
  const complete = (): NormalizedResult[] => [
    row({ name: 'THCa', valueText: '26.82', unitText: '%' }),
    row({ name: 'β-Myrcene', valueText: '0.70', unitText: '%' }),
    row({ name: 'Lead', valueText: 'ND', unitText: 'ppm' }),
    row({ name: 'Bifenazate', valueText: 'ND', unitText: 'ppm' }),
    row({ name: 'Aflatoxin B1', valueText: 'ND', unitText: 'µg/kg' }),
    row({ name: 'Salmonella', valueText: 'Absence', unitText: 'CFU/g' }),
    row({ name: 'Yeast & Mold', valueText: '220000', unitText: 'CFU/g' }),
    row({ name: 'Moisture', valueText: '13.1', unitText: '%' }),
    row({ name: 'Water Activity', valueText: '0.43', unitText: 'aw' }),
    row({ name: 'FM Stems', valueText: '0', unitText: '%' }),
  ];

  it('passes a flower with every required panel judged, and lists an untested panel the table covers', () => {
    const e = evaluate(complete(), T2025, FLOWER);
    expect(e.panels).toEqual({
      cannabinoids: 'report_only',
      terpenes: 'report_only',
      metals: 'pass',
      pesticides: 'pass',
      mycotoxins: 'pass',
      solvents: 'not_tested',
      microbials: 'pass',
      moisture: 'pass',
      water_activity: 'pass',
      foreign_matter: 'pass',
    });
    expect([e.verdict, e.table]).toEqual(['pass', 'ny-2025-03-01']);
  });

  it('lets a failure win its panel and the sample', () => {
    const e = evaluate(
      [
        ...complete(),
        row({ name: 'Lead', valueText: '0.9', unitText: 'ppm' }),
        row({ name: 'Bifenazate', valueText: 'NT', unitText: 'ppm' }),
      ],
      T2025,
      FLOWER,
    );
    expect([e.panels.metals, e.panels.pesticides, e.verdict]).toEqual(['fail', 'incomplete', 'fail']);
  });

  it.each([
    [
      'a required panel is missing',
      (rs: NormalizedResult[]) => rs.filter((r) => r.panel !== 'foreign_matter'),
      'foreign_matter',
      'not_tested',
    ],
    [
      'a result was not tested',
      (rs: NormalizedResult[]) => [...rs, row({ name: 'Captan', valueText: 'NT', unitText: 'ppm' })],
      'pesticides',
      'incomplete',
    ],
    [
      'a result has no limit loaded',
      (rs: NormalizedResult[]) => [...rs, row({ name: 'Vitamin E Acetate', valueText: 'ND', unitText: '%' })],
      'other',
      'incomplete',
    ],
    [
      'a result cannot be judged',
      (rs: NormalizedResult[]) => [...rs, row({ name: 'Lead', valueText: 'Detected', unitText: 'ppm' })],
      'metals',
      'incomplete',
    ],
  ] as const)('is incomplete when %s', (_why, change, panel, status) => {
    const e = evaluate(change(complete()), T2025, FLOWER);
    expect([e.panels[panel], e.verdict]).toEqual([status, 'incomplete']);
  });

  it('does not require foreign matter of a pre-roll, as the lab did not', () => {
    const e = evaluate(
      complete().filter((r) => r.panel !== 'foreign_matter'),
      T2025,
      { productType: 'pre_roll', route: 'inhaled' },
    );
    expect([e.panels.foreign_matter, e.verdict]).toEqual(['not_tested', 'pass']);
  });

  it('requires solvents of an infused pre-roll', () => {
    const e = evaluate(
      complete().filter((r) => r.panel !== 'foreign_matter'),
      T2025,
      { productType: 'infused_pre_roll', route: 'inhaled' },
    );
    expect([e.panels.solvents, e.verdict, e.requiredPanels]).toEqual([
      'not_tested',
      'incomplete',
      ['cannabinoids', 'terpenes', 'metals', 'pesticides', 'mycotoxins', 'microbials', 'moisture', 'water_activity', 'solvents'],
    ]);
  });

  it('flags a printed total that disagrees with its terms and leaves the sample for review', () => {
    const e = evaluate(
      [
        ...complete(),
        row({ name: 'Δ9-THC', valueText: '0.62', unitText: '%' }),
        row({ name: 'Total THC', valueText: '25.20', unitText: '%' }),
      ],
      T2025,
      FLOWER,
    );
    const check = e.checks.find((c) => c.kind === 'total_mismatch' && c.analyte === 'total_thc');
    expect(check).toMatchObject({
      ok: false,
      status: 'fail',
      printed: '25.20',
      computed: '24.14114',
      difference: '1.05886',
      tolerance: '0.014385',
    });
    expect(e.verdict).toBe('incomplete');
  });

  it('accepts a printed total within rounding of its terms', () => {
    const e = evaluate(
      [
        row({ name: 'Δ9-THC', valueText: '1.40', unitText: '%' }),
        row({ name: 'THCa', valueText: '28.08', unitText: '%' }),
        row({ name: 'Total THC', valueText: '26.02', unitText: '%' }),
      ],
      T2025,
      FLOWER,
    );
    expect(e.checks).toEqual([
      expect.objectContaining({ kind: 'total_mismatch', analyte: 'total_thc', ok: true, difference: '-0.00616' }),
    ]);
  });

  it('flags a printed non-detect total whose terms were quantified', () => {
    const e = evaluate(
      [row({ name: 'CBD', valueText: '0.50', unitText: '%' }), row({ name: 'Total CBD', valueText: 'ND', unitText: '%' })],
      T2025,
      FLOWER,
    );
    expect(e.checks.map((c) => [c.analyte, c.status, c.message])).toEqual([
      ['total_cbd', 'fail', 'total_cbd: printed ND, but its terms sum to 0.50 %'],
    ]);
  });

  it.each<[ProductType, Route]>([
    ['flower', 'inhaled'],
    ['edible', 'oral'],
  ])('returns one evaluated result per input, in order (%s)', (productType, route) => {
    const input = complete();
    const e = evaluate(input, T2025, { productType, route });
    expect(e.results.map((r) => r.analyte)).toEqual(input.map((r) => r.analyte));
    const statuses: ResultStatus[] = ['pass', 'fail', 'report_only', 'not_tested', 'no_limit', 'indeterminate'];
    expect(e.results.every((r) => statuses.includes(r.status))).toBe(true);
  });
});

function row(raw: RawResultInput): NormalizedResult {
  const out = normalizeResult(raw);
  if (!out.ok) throw new Error(`${raw.name}: ${out.message}`);
  return out.result;
}

function metal(analyte: string, value: string): NormalizedResult {
  return row({ name: analyte, valueText: value, unitText: 'ug/g' });
}
