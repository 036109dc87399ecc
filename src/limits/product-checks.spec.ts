import ny2025 from '../../templates/limits/ny/2025-03-01.json';
import { normalizeResult, type NormalizedResult, type RawResultInput } from '../catalog';
import { evaluate } from './evaluate';
import type { EvaluationCheck, ProductContext } from './evaluation';
import { parseLimitTable } from './limit-table.schemas';

const TABLE = parseLimitTable(ny2025, 'templates/limits/ny/2025-03-01.json');

describe('potency against the label claim', () => {
  const flower = (claim: string, unit = '%', typeOfUse: ProductContext['typeOfUse'] = 'adult_use'): ProductContext => ({
    productType: 'flower',
    route: 'inhaled',
    typeOfUse,
    labelClaims: [{ analyte: 'total_thc', value: claim, unit }],
  });
  const thc = (value: string) => [row({ name: 'Total THC', valueText: value, unitText: '%' })];

  it.each([
    ['adult_use', '20.00', '17.00', 'pass', '85.00'],
    ['adult_use', '20.00', '16.99', 'fail', '84.95'],
    ['adult_use', '20.00', '23.00', 'pass', '115.00'],
    ['adult_use', '20.00', '23.01', 'fail', '115.05'],
    ['medical', '20.00', '18.00', 'pass', '90.00'],
    ['medical', '20.00', '17.99', 'fail', '89.95'],
    ['medical', '20.00', '22.00', 'pass', '110.00'],
    ['medical', '20.00', '22.01', 'fail', '110.05'],
  ] as const)('%s: claim %s %%, measured %s %% is %s (%s %% of the claim)', (use, claim, measured, status, percentOfClaim) => {
    const [check] = claimChecks(thc(measured), flower(claim, '%', use));
    expect([check.status, check.percentOfClaim]).toEqual([status, percentOfClaim]);
  });

  it('reads a claim in mg/g against a result in %', () => {
    const [check] = claimChecks(thc('24.14'), flower('250', 'mg/g'));
    expect(check).toMatchObject({ status: 'pass', measured: '241.4000', claimed: '250', percentOfClaim: '96.56' });
  });

  it('computes total THC from its terms when the source did not print it', () => {
    const results = [
      row({ name: 'Δ9-THC', valueText: '0.62', unitText: '%' }),
      row({ name: 'THCa', valueText: '26.82', unitText: '%' }),
    ];
    const [check] = claimChecks(results, flower('24'));
    expect([check.status, check.percentOfClaim]).toEqual(['pass', '100.58']);
  });

  it('fails a claim when the analyte was not detected', () => {
    const [check] = claimChecks([row({ name: 'Total CBD', valueText: 'ND', unitText: '%' })], {
      productType: 'flower',
      route: 'inhaled',
      labelClaims: [{ analyte: 'total_cbd', value: '1.0', unit: '%' }],
    });
    expect([check.status, check.percentOfClaim]).toEqual(['fail', '0.00']);
  });

  it.each([
    [[], { analyte: 'total_thc', value: '20', unit: '%' }, 'no result for it'],
    [[], { analyte: 'total_tch', value: '20', unit: '%' }, 'unknown analyte key "total_tch"'],
    [
      [row({ name: 'Total THC', valueText: '20', unitText: '%' })],
      { analyte: 'total_thc', value: 'twenty', unit: '%' },
      'claimed value "twenty" is not a positive number',
    ],
    [
      [row({ name: 'Total THC', valueText: '20', unitText: '%' })],
      { analyte: 'total_thc', value: '10', unit: 'mg/serving' },
      'the serving mass (unitMassGrams) was not given',
    ],
    [
      [row({ name: 'Total THC', valueText: '20', unitText: '%' })],
      { analyte: 'total_thc', value: '10', unit: 'CFU/g' },
      'a claim in CFU/g cannot be compared with a result in %',
    ],
  ])('does not check a claim it cannot (%#)', (results, claim, why) => {
    const [check] = claimChecks(results, { productType: 'flower', route: 'inhaled', labelClaims: [claim] });
    expect([check.status, check.ok, check.message]).toEqual([
      'unchecked',
      false,
      `${claim.analyte}: label claim not checked: ${why}`,
    ]);
  });

  it('leaves the verdict for review when a claim cannot be checked, and fails it when the claim is missed', () => {
    expect(evaluate(thc('20'), TABLE, { ...flower('20', 'mg/serving') }).verdict).toBe('incomplete');
    expect(evaluate(thc('10'), TABLE, flower('20')).verdict).toBe('fail');
  });
});

describe('edible dose caps', () => {
  // A 4 g gummy at 0.25 % total THC carries 10 mg: 0.25 % × 10 mg/g × 4 g.
  const gummy = (percent: string, extra: Partial<ProductContext> = {}) =>
    evaluate([row({ name: 'Total THC', valueText: percent, unitText: '%' })], TABLE, {
      productType: 'edible',
      route: 'oral',
      ...extra,
    });
  const caps = (checks: EvaluationCheck[]) =>
    checks.filter((c) => c.kind === 'serving_cap' || c.kind === 'package_cap').map((c) => [c.kind, c.status, c.measured]);

  it.each([
    ['0.25', '10', 'pass', '10.00', 'pass', '100.00'],
    ['0.26', '10', 'fail', '10.40', 'fail', '104.00'],
    ['0.20', '12', 'pass', '8.00', 'pass', '96.00'],
    ['0.20', '13', 'pass', '8.00', 'fail', '104.00'],
  ])(
    '%s %% total THC in 4 g servings, %s per package',
    (percent, servings, servingStatus, perServing, packageStatus, perPackage) => {
      const e = gummy(percent, { unitMassGrams: '4', servingsPerPackage: servings });
      expect(caps(e.checks)).toEqual([
        ['serving_cap', servingStatus, perServing],
        ['package_cap', packageStatus, perPackage],
      ]);
    },
  );

  it('counts a non-detect as 0 mg', () => {
    const e = evaluate([row({ name: 'Total THC', valueText: 'ND', unitText: '%' })], TABLE, {
      productType: 'edible',
      route: 'oral',
      unitMassGrams: '4',
      servingsPerPackage: '10',
    });
    expect(caps(e.checks)).toEqual([
      ['serving_cap', 'pass', '0.00'],
      ['package_cap', 'pass', '0.00'],
    ]);
  });

  it('cannot check the caps without serving data, and says so', () => {
    const e = gummy('0.25');
    expect(e.checks.filter((c) => c.kind !== 'total_mismatch').map((c) => [c.kind, c.status, c.message])).toEqual([
      [
        'serving_cap',
        'unchecked',
        'total_thc per serving not checked against 10 mg: the serving mass (unitMassGrams) was not given',
      ],
      [
        'package_cap',
        'unchecked',
        'total_thc per package not checked against 100 mg: the serving mass (unitMassGrams) was not given',
      ],
    ]);
  });

  it('applies the caps to beverages but not to flower', () => {
    const product = { unitMassGrams: '355', servingsPerPackage: '1' };
    const thc = [row({ name: 'Total THC', valueText: '0.002', unitText: '%' })];
    expect(caps(evaluate(thc, TABLE, { productType: 'beverage', route: 'oral', ...product }).checks)).toEqual([
      ['serving_cap', 'pass', '7.10'],
      ['package_cap', 'pass', '7.10'],
    ]);
    expect(caps(evaluate(thc, TABLE, { productType: 'flower', route: 'inhaled', ...product }).checks)).toEqual([]);
  });

  it('fails the sample when a cap is exceeded', () => {
    expect(gummy('0.26', { unitMassGrams: '4', servingsPerPackage: '10' }).verdict).toBe('fail');
  });
});

function claimChecks(results: NormalizedResult[], product: ProductContext): EvaluationCheck[] {
  return evaluate(results, TABLE, product).checks.filter((c) => c.kind === 'label_claim');
}

function row(raw: RawResultInput): NormalizedResult {
  const out = normalizeResult(raw);
  if (!out.ok) throw new Error(`${raw.name}: ${out.message}`);
  return out.result;
}
