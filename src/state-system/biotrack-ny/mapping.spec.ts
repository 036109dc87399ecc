import * as fs from 'node:fs';
import * as path from 'node:path';
import { ANALYTES, isPanelKey } from '../../catalog';
import catalogueData from '../../simulator/biotrack-ny/test-catalogue.data.json';
import demoSeed from '../../simulator/biotrack-ny/demo-seed.data.json';
import { InvalidBiotrackMapping, loadBiotrackMapping, parseBiotrackMapping } from './mapping.loader';

const FILE = path.resolve(__dirname, '../../../templates/state-system/biotrack-ny-mapping.json');
const TEXT = fs.readFileSync(FILE, 'utf8');
const edited = (change: (json: Record<string, unknown>) => void) => {
  const json = JSON.parse(TEXT) as Record<string, unknown>;
  change(json);
  return JSON.stringify(json);
};

describe('templates/state-system/biotrack-ny-mapping.json', () => {
  const mapping = loadBiotrackMapping(FILE, 'zero_with_note');
  const panels = new Map(catalogueData.tests.flatMap((t) => t.Panels.map((p) => [p.Name, t.ID] as const)));

  it('folds the non-detect policy from the environment into the qualifier rules', () => {
    expect(mapping.qualifiers).toMatchObject({
      ND: 'zero_with_note',
      '<LOD': 'zero_with_note',
      ABSENT: 'zero_with_note',
      NT: 'omit',
    });
    expect(loadBiotrackMapping(FILE, 'omit').qualifiers).toMatchObject({ ND: 'omit', '<LOD': 'omit', ABSENT: 'omit' });
  });

  it('files every analyte the simulator catalogue knows under the TestID that has its panel', () => {
    const misfiled = ANALYTES.filter((a) => panels.has(a.key)).flatMap((a) => {
      const testId = mapping.analytes[a.key]?.testId ?? (isPanelKey(a.panel) ? mapping.tests[a.panel] : undefined);
      return testId === panels.get(a.key) ? [] : [`${a.key}: mapped to ${testId}, catalogue has it in ${panels.get(a.key)}`];
    });
    expect(misfiled).toEqual([]);
  });

  it('maps every InventoryType of the demo data to a product type', () => {
    const types = new Set([
      ...demoSeed.inventory.map((i) => i.inventoryType),
      ...demoSeed.transfers.flatMap((t) => t.items.map((i) => i.inventoryType)),
    ]);
    expect([...types].filter((type) => mapping.inventoryTypes[type] === undefined)).toEqual([]);
  });

  it.each<[string, string, string]>([
    ['an unknown panel', edited((j) => ((j.tests as Record<string, number>).vitamins = 11)), 'tests: unknown field(s) vitamins'],
    [
      'a TestID that is not a positive integer',
      edited((j) => ((j.tests as Record<string, number>).metals = 0)),
      'tests.metals: expected a TestID (a positive integer)',
    ],
    [
      'an analyte the catalog does not know',
      edited((j) => (j.analytes = { unobtainium: { testId: 8 } })),
      'analytes.unobtainium: expected an analyte key of the catalog',
    ],
    ['an unknown qualifier rule', edited((j) => ((j.qualifiers as Record<string, string>).ND = 'zero')), 'qualifiers.ND'],
    [
      'a product type we do not have',
      edited((j) => ((j.inventoryTypes as Record<string, string>).Flower = 'bud')),
      'inventoryTypes.Flower',
    ],
    ['an unknown field', edited((j) => (j.sendTotals = true)), '(root): unknown field(s) sendTotals'],
    ['broken JSON', '{ "tests": ', 'not valid JSON'],
  ])('refuses %s, naming the file and the JSON path', (_, json, where) => {
    expect(() => parseBiotrackMapping('biotrack-ny-mapping.json', json, 'omit')).toThrow(InvalidBiotrackMapping);
    expect(() => parseBiotrackMapping('biotrack-ny-mapping.json', json, 'omit')).toThrow(
      new RegExp(`^biotrack-ny-mapping\\.json: .*${where.replace(/[.()]/g, '\\$&')}`),
    );
  });

  it('names the file when it cannot be read', () => {
    expect(() => loadBiotrackMapping('/nonexistent/mapping.json', 'omit')).toThrow(
      /^\/nonexistent\/mapping\.json: cannot be read/,
    );
  });
});
