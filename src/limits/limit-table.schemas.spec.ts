import ny2025 from '../../templates/limits/ny/2025-03-01.json';
import ny2026 from '../../templates/limits/ny/2026-02-09.json';
import { LimitTableError, parseLimitTable, type LimitTable } from './limit-table.schemas';

const FILE_2025 = 'templates/limits/ny/2025-03-01.json';
const FILE_2026 = 'templates/limits/ny/2026-02-09.json';

describe('the shipped New York tables', () => {
  const t2025 = parseLimitTable(ny2025, FILE_2025);
  const t2026 = parseLimitTable(ny2026, FILE_2026);

  const limitOf = (t: LimitTable, analyte: string, match: (e: LimitTable['limits'][number]) => boolean = () => true) =>
    t.limits.filter((e) => e.analyte === analyte && match(e));

  it.each([
    ['chromium', '1100', 'ug/g'],
    ['nickel', '5', 'ug/g'],
    ['arsenic', '0.2', 'ug/g'],
    ['lead', '0.5', 'ug/g'],
    ['mercury', '0.1', 'ug/g'],
    ['aflatoxin_b1', '20', 'ug/kg'],
    ['total_aflatoxins', '20', 'ug/kg'],
    ['piperonyl_butoxide', '2', 'ug/g'],
    ['abamectin', '0.5', 'ug/g'],
    ['butane', '5000', 'ug/g'],
    ['hexane', '290', 'ug/g'],
    ['moisture', '15', '%'],
    ['water_activity', '0.65', 'aw'],
    ['mammalian_excreta', '0.00022', '%'],
  ])('2025: %s ≤ %s %s, as DRS Testing printed it, with high confidence', (analyte, max, unit) => {
    expect(limitOf(t2025, analyte, (e) => e.max !== undefined).map((e) => [e.max, e.unit, e.confidence])).toEqual([
      [max, unit, 'high'],
    ]);
  });

  it.each(['avermectin_b1a', 'pyrethrin_1', 'spinosyn_d', 'n_butane', 'o_xylene', 'total_yeast_and_mold'])(
    '2025: %s is report only',
    (analyte) => {
      expect(limitOf(t2025, analyte).map((e) => e.reportOnly)).toEqual([true]);
    },
  );

  it.each(['salmonella', 'stec', 'aspergillus_flavus'])('2025: %s must be absent', (analyte) => {
    expect(limitOf(t2025, analyte).map((e) => e.mustBe)).toEqual(['absent']);
  });

  it.each([
    ['arsenic', 'inhaled', '0.2'],
    ['arsenic', 'oral', '1.5'],
    ['arsenic', 'topical', '1.5'],
    ['cadmium', 'oral', '0.5'],
    ['lead', 'oral', '0.5'],
    ['mercury', 'inhaled', '0.1'],
    ['mercury', 'oral', '3.0'],
  ])('2026: %s by the %s route ≤ %s ug/g, medium confidence', (analyte, route, max) => {
    const rows = limitOf(t2026, analyte, (e) => e.appliesTo?.routes?.includes(route as 'oral') === true);
    expect(rows.map((e) => [e.max, e.confidence, e.carriedOverFrom])).toEqual([[max, 'medium', undefined]]);
  });

  it('2026 carries every other 2025 limit over unchanged in value and marks it', () => {
    const routed = ['arsenic', 'cadmium', 'lead', 'mercury'];
    const rule = (e: LimitTable['limits'][number]) =>
      JSON.stringify([e.analyte, e.panel, e.max, e.mustBe, e.reportOnly, e.limitUnknown, e.appliesTo]);
    const carried = t2026.limits.filter((e) => e.carriedOverFrom === 'ny-2025-03-01');
    const expected = t2025.limits.filter(
      (e) => !(e.panel === 'metals' && (e.analyte === undefined || routed.includes(e.analyte))),
    );
    expect(carried.filter((e) => e.panel !== 'metals' || e.analyte !== undefined).map(rule)).toEqual(expected.map(rule));
    expect(carried.every((e) => e.confidence !== 'high')).toBe(true);
  });

  it.each([t2025, t2026])('$id has the label-claim tolerance and edible caps of ny-limits.md §B', (t) => {
    expect(t.labelClaimTolerance).toMatchObject({
      adult_use: { minPercent: '85', maxPercent: '115' },
      medical: { minPercent: '90', maxPercent: '110' },
    });
    expect(t.edibleCaps).toMatchObject({
      analyte: 'total_thc',
      perServing: { maxMg: '10', confidence: 'low' },
      perPackage: { maxMg: '100', confidence: 'low' },
    });
  });

  it.each([t2025, t2026])('$id records the §D gaps as limits not found', (t) => {
    expect(t.limits.filter((e) => e.analyte === 'vitamin_e_acetate').map((e) => e.limitUnknown)).toEqual([true]);
    expect(
      t.limits.some((e) => e.analyte === 'water_activity' && e.limitUnknown && e.appliesTo?.productTypes?.includes('edible')),
    ).toBe(true);
  });
});

describe('parseLimitTable errors name the file and the JSON path', () => {
  const base = (): Record<string, unknown> => JSON.parse(JSON.stringify(ny2025)) as Record<string, unknown>;
  const withLimit = (limit: Record<string, unknown>) => ({ ...base(), limits: [...(ny2025.limits as unknown[]), limit] });
  const at = ny2025.limits.length;

  it.each([
    [
      'an unknown analyte key',
      withLimit({ analyte: 'chromiun', panel: 'metals', max: '1', unit: 'ug/g', source: 's', confidence: 'high' }),
      `limits[${at}].analyte: unknown analyte key "chromiun" (did you mean chromium?)`,
    ],
    [
      'a limit in a non-canonical unit',
      withLimit({ analyte: 'cinerin_2', panel: 'pesticides', max: '1', unit: 'ppm', source: 's', confidence: 'high' }),
      `limits[${at}].unit: must be the canonical unit ug/g`,
    ],
    [
      'a numeric limit without its unit',
      withLimit({ analyte: 'cinerin_2', panel: 'pesticides', max: '1', source: 's', confidence: 'high' }),
      `limits[${at}].unit: a numeric limit needs its unit`,
    ],
    [
      'an analyte filed under the wrong panel',
      withLimit({ analyte: 'cinerin_2', panel: 'metals', reportOnly: true, source: 's', confidence: 'high' }),
      `limits[${at}].panel: cinerin_2 belongs to panel pesticides`,
    ],
    [
      'two rules at once',
      withLimit({
        analyte: 'cinerin_2',
        panel: 'pesticides',
        max: '1',
        unit: 'ug/g',
        reportOnly: true,
        source: 's',
        confidence: 'high',
      }),
      `limits[${at}]: needs exactly one of max, mustBe, reportOnly, limitUnknown`,
    ],
    [
      'a decimal comma',
      withLimit({ analyte: 'cinerin_2', panel: 'pesticides', max: '0,2', unit: 'ug/g', source: 's', confidence: 'high' }),
      `limits[${at}].max: must be a non-negative decimal string`,
    ],
    [
      'a limit without a source',
      withLimit({ analyte: 'cinerin_2', panel: 'pesticides', reportOnly: true, source: '', confidence: 'high' }),
      `limits[${at}].source: must say where the value comes from`,
    ],
    [
      'an unknown field (strict objects)',
      withLimit({ analyte: 'cinerin_2', panel: 'pesticides', reportOnly: true, source: 's', confidence: 'high', maxx: '1' }),
      `limits[${at}]: Unrecognized key: "maxx"`,
    ],
    [
      'two limits for the same analyte and product',
      withLimit({
        analyte: 'chromium',
        panel: 'metals',
        max: '110',
        unit: 'ug/g',
        appliesTo: { productTypes: ['flower'] },
        source: 's',
        confidence: 'high',
      }),
      `limits[${at}]: applies to the same products as limits[`,
    ],
    [
      'a date that does not exist',
      { ...base(), effectiveDate: '2025-02-30' },
      'effectiveDate: must be a calendar date YYYY-MM-DD',
    ],
    [
      'a product type with no required panels',
      { ...base(), requiredPanels: (ny2025.requiredPanels as unknown[]).slice(1) },
      'requiredPanels: no entry for product type flower',
    ],
  ])('rejects %s', (_what, json, message) => {
    expect(() => parseLimitTable(json, FILE_2025)).toThrow(LimitTableError);
    expect(() => parseLimitTable(json, FILE_2025)).toThrow(`${FILE_2025}: invalid limit table`);
    expect(() => parseLimitTable(json, FILE_2025)).toThrow(message);
  });

  it('rejects a file whose name and effective date disagree', () => {
    expect(() => parseLimitTable(ny2025, 'templates/limits/ny/2025-04-01.json')).toThrow(
      "effectiveDate: 2025-03-01 does not match the file name's date 2025-04-01",
    );
  });

  it('lists every problem, not only the first', () => {
    const json = { ...base(), id: 'NY 2025', effectiveDate: '2025-3-1' };
    try {
      parseLimitTable(json, FILE_2025);
      throw new Error('parsed');
    } catch (e) {
      expect((e as LimitTableError).issues.map((i) => i.path)).toEqual(['id', 'effectiveDate']);
    }
  });
});
