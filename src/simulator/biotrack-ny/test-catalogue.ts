import { z } from 'zod';
import type { Test, TestPanel } from './biotrack.types';
import catalogueJson from './test-catalogue.data.json';

const PanelSchema = z.strictObject({
  Name: z.string().min(1),
  UOM: z.string().min(1),
  InventoryType: z.string().min(1).nullable(),
  PassFailCondition: z.enum(['<=', '<', '>=', '>', '=']).nullable(),
  PassFailLimit: z.number().nullable(),
  PassFailConditional: z.string().nullable(),
  TestValueRecordOnly: z.boolean(),
  AddToTotal: z.boolean(),
  TotalPanel: z.boolean(),
});

export const TestCatalogueSchema = z
  .strictObject({
    $comment: z.array(z.string()).optional(),
    /** InventoryType → the TestIDs that must have results before a sample leaves Pending; "*" for any other type. */
    requiredTests: z.record(z.string(), z.array(z.number().int().positive())).refine((r) => '*' in r, 'needs a "*" entry'),
    tests: z.array(
      z.strictObject({
        ID: z.number().int().positive(),
        Name: z.string().min(1),
        Panels: z.array(PanelSchema).min(1),
      }),
    ),
  })
  .superRefine((catalogue, ctx) => {
    const ids = new Set<number>();
    catalogue.tests.forEach((test, t) => {
      if (ids.has(test.ID)) ctx.addIssue({ code: 'custom', path: ['tests', t, 'ID'], message: `duplicate test ID ${test.ID}` });
      ids.add(test.ID);
      const names = new Set<string>();
      test.Panels.forEach((panel, p) => {
        const at = ['tests', t, 'Panels', p];
        if (names.has(panel.Name))
          ctx.addIssue({ code: 'custom', path: [...at, 'Name'], message: `duplicate panel ${panel.Name}` });
        names.add(panel.Name);
        const limited = panel.PassFailCondition !== null && panel.PassFailLimit !== null;
        if (!panel.TestValueRecordOnly && !limited) {
          ctx.addIssue({
            code: 'custom',
            path: at,
            message: 'a panel that is not record-only needs PassFailCondition and PassFailLimit',
          });
        }
      });
    });
    for (const [type, required] of Object.entries(catalogue.requiredTests)) {
      for (const id of required) {
        if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: ['requiredTests', type], message: `unknown test ID ${id}` });
      }
    }
  });
export type TestCatalogueData = z.infer<typeof TestCatalogueSchema>;

/** The catalogue the simulator serves at GET /v1/lab/test, with lookups for result validation. */
export class TestCatalogue {
  private readonly byId: Map<number, { test: Test; panels: Map<string, TestPanel> }>;

  constructor(private readonly data: TestCatalogueData) {
    this.byId = new Map(data.tests.map((test) => [test.ID, { test, panels: new Map(test.Panels.map((p) => [p.Name, p])) }]));
  }

  tests(): Test[] {
    return structuredClone(this.data.tests);
  }

  test(id: number): Test | undefined {
    return this.byId.get(id)?.test;
  }

  panel(testId: number, name: string): TestPanel | undefined {
    return this.byId.get(testId)?.panels.get(name);
  }

  requiredTestIds(inventoryType: string): number[] {
    return this.data.requiredTests[inventoryType] ?? this.data.requiredTests['*'] ?? [];
  }
}

/** Parses a catalogue, naming the JSON path of the first problems when it is malformed. */
export function loadTestCatalogue(data: unknown, source = 'test catalogue'): TestCatalogue {
  const parsed = TestCatalogueSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${source} is invalid: ${issues.slice(0, 5).join('; ')}`);
  }
  return new TestCatalogue(parsed.data);
}

export const DEFAULT_TEST_CATALOGUE_DATA: unknown = catalogueJson;
