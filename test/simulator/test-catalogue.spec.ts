import type { AxiosInstance } from 'axios';
import type { Test, TestPanel } from '../../src/simulator/biotrack-ny/biotrack.types';
import { startSimulator, type RunningSimulator } from '../../src/simulator/biotrack-ny/simulator';
import {
  DEFAULT_TEST_CATALOGUE_DATA,
  loadTestCatalogue,
  TestCatalogueSchema,
  type TestCatalogueData,
} from '../../src/simulator/biotrack-ny/test-catalogue';
import { httpTo, LAB, loginAs } from './simulator-test-client';

describe('BioTrack NY simulator: the test catalogue', () => {
  let sim: RunningSimulator;
  let http: AxiosInstance;
  let tests: Test[];

  beforeAll(async () => {
    sim = await startSimulator({ seed: false });
    http = httpTo(sim);
    const response = await http.get('/v1/lab/test', { headers: await loginAs(http, LAB) });
    expect(response.status).toBe(200);
    tests = response.data.Test;
  });
  afterAll(() => sim.close());

  it('serves the ten tests numbered as the older BioTrack API did', () => {
    expect(tests.map((t) => [t.ID, t.Name])).toEqual([
      [1, 'Moisture'],
      [2, 'Potency'],
      [3, 'Foreign Matter'],
      [4, 'Microbials'],
      [5, 'Residual Solvents'],
      [6, 'Mycotoxins'],
      [7, 'Pesticides'],
      [8, 'Heavy Metals'],
      [9, 'Terpenes'],
      [10, 'Water Activity'],
    ]);
  });

  it('names every panel by its canonical analyte key', () => {
    for (const panel of tests.flatMap((t) => t.Panels)) expect(panel.Name).toMatch(/^[a-z0-9]+(_[a-z0-9]+)*$/);
  });

  // Limits as a NY permitted lab applied them on its 2025 certificates (shared/reference/ny-limits.md, section A).
  it.each([
    [1, 'moisture', '%', 15],
    [3, 'mammalian_excreta', '%', 0.00022],
    [3, 'foreign_matter_stems', '%', 5],
    [4, 'salmonella', 'CFU/g', 0],
    [4, 'aspergillus_niger', 'CFU/g', 0],
    [4, 'total_yeast_and_mold', 'CFU/g', null],
    [5, 'benzene', 'ug/g', 2],
    [5, 'hexane', 'ug/g', 290],
    [5, 'n_hexane', 'ug/g', null],
    [6, 'aflatoxin_b1', 'ug/kg', 20],
    [6, 'total_aflatoxins', 'ug/kg', 20],
    [7, 'abamectin', 'ug/g', 0.5],
    [7, 'chlormequat_chloride', 'ug/g', 1],
    [7, 'pyrethrin_1', 'ug/g', null],
    [8, 'chromium', 'ug/g', 1100],
    [8, 'lead', 'ug/g', 0.5],
    [8, 'mercury', 'ug/g', 0.1],
    [10, 'water_activity', 'aw', 0.65],
    [2, 'thca', '%', null],
    [9, 'limonene', '%', null],
  ])('test %i panel %s is in %s with limit %p (null = record only)', (testId, name, uom, limit) => {
    const panel = tests.find((t) => t.ID === testId)?.Panels.find((p) => p.Name === name);
    expect(panel).toMatchObject({
      UOM: uom,
      PassFailLimit: limit,
      PassFailCondition: limit === null ? null : '<=',
      TestValueRecordOnly: limit === null,
    });
  });

  it('marks the totals as total panels and their parts as adding to a total', () => {
    const panel = (testId: number, name: string) => tests.find((t) => t.ID === testId)?.Panels.find((p) => p.Name === name);
    expect(panel(2, 'total_thc')).toMatchObject({ TotalPanel: true, AddToTotal: false });
    expect(panel(2, 'thca')).toMatchObject({ TotalPanel: false, AddToTotal: true });
    expect(panel(6, 'aflatoxin_g2')).toMatchObject({ AddToTotal: true });
  });

  it.each([
    [
      'a panel named twice',
      (d: TestCatalogueData) => d.tests[7]?.Panels.push({ ...metalPanel(d), PassFailLimit: 1 }),
      'tests.7.Panels.8.Name: duplicate panel chromium',
    ],
    [
      'a limited panel without a limit',
      (d: TestCatalogueData) => Object.assign(d.tests[0]?.Panels[0] ?? {}, { PassFailLimit: null }),
      'tests.0.Panels.0: a panel that is not record-only needs',
    ],
    [
      'an unknown required test',
      (d: TestCatalogueData) => (d.requiredTests['*'] = [1, 42]),
      'requiredTests.*: unknown test ID 42',
    ],
  ])('refuses a catalogue with %s, naming the JSON path', (_case, spoil, message) => {
    const data = TestCatalogueSchema.parse(DEFAULT_TEST_CATALOGUE_DATA);
    spoil(data);
    expect(() => loadTestCatalogue(data, 'spoiled catalogue')).toThrow(message);
  });
});

function metalPanel(data: TestCatalogueData): TestPanel {
  const panel = data.tests[7]?.Panels[0];
  if (!panel) throw new Error('the catalogue has no heavy metals');
  return { ...panel };
}
