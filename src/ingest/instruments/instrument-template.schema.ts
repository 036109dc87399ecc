import { z } from 'zod';

/**
 * The one schema every `templates/instruments/*.json` file must satisfy. A template describes an export
 * format as data: what kind of file it is, how to recognise it, which generic layout capability reads it,
 * where sample IDs / analytes / values / units / LOQ / flags sit, which rows are QC, and how the final
 * result is computed from preparation data. No code, no eval: regular expressions are the only
 * "expressions" and they are compiled case-insensitively by the engine.
 */

export const FileKindSchema = z.enum(['csv', 'tsv', 'txt', 'xls', 'xlsx']);
export type FileKind = z.infer<typeof FileKindSchema>;

const NonEmpty = z.string().min(1);

/** A regular expression (JavaScript syntax, compiled with the `i` flag). Must compile. */
const Regex = NonEmpty.superRefine((source, ctx) => {
  try {
    new RegExp(source, 'i');
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(error as Error).message}` });
  }
});

/** Decimal number as text, e.g. "1" or "0.5"; never a JSON number (no float noise). */
const DecimalText = z.string().regex(/^\d+(\.\d+)?$/, 'expected a positive decimal number as text, e.g. "1"');

const ColumnLetter = z.string().regex(/^[A-Z]{1,3}$/, 'expected a column letter such as "A" or "AB"');

/**
 * Where a column is: by header text (a string, or `{ header: [...] }` with alternatives tried in order),
 * by spreadsheet letter (`{ column: "A" }`, for columns without a header), or by the header the uploader
 * named in the upload's column mapping (`{ mapping: "sampleId" }`, generic templates only).
 * Header text is compared after collapsing whitespace, case-insensitively.
 */
export const ColumnRefSchema = z.union([
  NonEmpty,
  z.strictObject({ header: z.array(NonEmpty).min(1) }),
  z.strictObject({ column: ColumnLetter }),
  z.strictObject({ mapping: NonEmpty }),
]);
export type ColumnRef = z.infer<typeof ColumnRefSchema>;

/** The analyte name: one column, or several joined (e.g. NexION "Analyte" + "Mass" → "As 75"). */
const AnalyteRefSchema = z.union([
  ColumnRefSchema,
  z.strictObject({ join: z.array(ColumnRefSchema).min(2), separator: z.string() }),
]);
export type AnalyteRef = z.infer<typeof AnalyteRefSchema>;

/** A header row: the first row (within `searchRows`) holding every one of `cells`. */
const HeaderSignatureSchema = z.strictObject({
  cells: z.array(ColumnRefSchema).min(1),
  searchRows: z.number().int().positive().max(5000).default(30),
});

/** Value columns shared by the row-per-result layouts. Optional columns that are absent are simply not read. */
const ResultColumnsSchema = z.strictObject({
  value: ColumnRefSchema,
  loq: ColumnRefSchema.optional(),
  lod: ColumnRefSchema.optional(),
  /** Columns whose text is a flag the instrument printed (kept in `extra` under the header). */
  flags: z.array(ColumnRefSchema).default([]),
  /** Further columns worth keeping for the reviewer (kept in `extra` under the header). */
  extra: z.array(ColumnRefSchema).default([]),
});

/** Sample reference read from columns of the result row. */
const RowSampleRefsSchema = z
  .strictObject({
    labSampleId: ColumnRefSchema.optional(),
    sampleName: ColumnRefSchema.optional(),
    batch: ColumnRefSchema.optional(),
    /** The instrument's sample type ("Unknown", "Standard", "Sample", "QC Std"...), used by `qc.sampleType`. */
    sampleType: ColumnRefSchema.optional(),
    /** The injection / data file of a row; replicate injections of one sample are told apart by it. */
    injection: ColumnRefSchema.optional(),
  })
  .refine((s) => s.labSampleId !== undefined || s.sampleName !== undefined, {
    message: 'a sample reference needs labSampleId or sampleName',
  });

/** A value found by key on a key/value sheet (ChemStation `Sheet1`: column A key, column B value). */
const KeyRefSchema = z.strictObject({ key: NonEmpty, sheet: NonEmpty.optional() });
const KeySampleRefsSchema = z
  .strictObject({
    labSampleId: KeyRefSchema.optional(),
    sampleName: KeyRefSchema.optional(),
    batch: KeyRefSchema.optional(),
    sampleType: KeyRefSchema.optional(),
    injection: KeyRefSchema.optional(),
  })
  .refine((s) => s.labSampleId !== undefined || s.sampleName !== undefined, {
    message: 'a sample reference needs labSampleId or sampleName',
  });

/** A value printed after label words, one word per cell ("Sample" | "ID:" | value). */
const LabelRefSchema = z.strictObject({ labels: z.array(NonEmpty).min(1) });
const LabelSampleRefsSchema = z
  .strictObject({
    labSampleId: LabelRefSchema.optional(),
    sampleName: LabelRefSchema.optional(),
    batch: LabelRefSchema.optional(),
    sampleType: LabelRefSchema.optional(),
    injection: LabelRefSchema.optional(),
  })
  .refine((s) => s.labSampleId !== undefined || s.sampleName !== undefined, {
    message: 'a sample reference needs labSampleId or sampleName',
  });

/** Rows that are neither results nor QC (statistics such as Average / %RSD, separators). */
const SkipRowsSchema = z.array(z.strictObject({ column: ColumnRefSchema, pattern: Regex })).default([]);

/** Which sheet holds the table: the first of `names` that exists, else the first sheet where the header is found. */
const SheetChoiceSchema = z.strictObject({ names: z.array(z.string()).min(1) });

const LongLayoutSchema = z.strictObject({
  type: z.literal('long'),
  sheet: SheetChoiceSchema.optional(),
  header: HeaderSignatureSchema,
  sample: RowSampleRefsSchema,
  analyte: AnalyteRefSchema,
  columns: ResultColumnsSchema,
  skipRows: SkipRowsSchema,
});

const WideLayoutSchema = z.strictObject({
  type: z.literal('wide'),
  sheet: SheetChoiceSchema.optional(),
  /** The header row; a later row holding the same cells starts a new section with its own analyte columns. */
  header: HeaderSignatureSchema,
  sample: RowSampleRefsSchema,
  /**
   * Every non-empty header that is not a sample, flag, extra or excluded column is an analyte. With
   * `pattern`, only headers matching it are; named groups `name` and `unit` split "Ag 107 (mg/L)".
   */
  analyteColumns: z.strictObject({ pattern: Regex.optional(), exclude: z.array(ColumnRefSchema).default([]) }).prefault({}),
  columns: z
    .strictObject({
      flags: z.array(ColumnRefSchema).default([]),
      extra: z.array(ColumnRefSchema).default([]),
    })
    .prefault({}),
  skipRows: SkipRowsSchema,
});

const CompoundBlocksLayoutSchema = z.strictObject({
  type: z.literal('compound_blocks'),
  sheet: SheetChoiceSchema.optional(),
  /**
   * How a block names its compound: a short row holding `label` followed by the name ("Name" | "CBDV -
   * cannabidivarin"), or a row whose first cell matches `pattern`, its named group `name` being the
   * compound ("Compound 1:  tryptophan").
   */
  blockName: z.union([z.strictObject({ label: NonEmpty }), z.strictObject({ pattern: Regex })]),
  /** The column header row; it may repeat in every block or appear once at the top. */
  header: HeaderSignatureSchema,
  sample: RowSampleRefsSchema,
  columns: ResultColumnsSchema,
  skipRows: SkipRowsSchema,
});

const SampleBlocksLayoutSchema = z.strictObject({
  type: z.literal('sample_blocks'),
  sheet: SheetChoiceSchema.optional(),
  /** A row starting with these cells opens a new sample block. */
  blockStart: z.strictObject({ startsWith: z.array(NonEmpty).min(1) }),
  sample: LabelSampleRefsSchema,
  /** Sample-level labelled values kept in every row's `extra` (e.g. "Sample Description:"). */
  extraFields: z.array(LabelRefSchema).default([]),
  /** The result table: a title row, then (within 3 rows) the header row; rows until the first empty row. */
  table: z.strictObject({ title: z.array(NonEmpty).min(1), header: z.strictObject({ cells: z.array(ColumnRefSchema).min(1) }) }),
  analyte: AnalyteRefSchema,
  columns: ResultColumnsSchema,
});

const KeyValueWorkbookLayoutSchema = z.strictObject({
  type: z.literal('key_value_workbook'),
  /** Sheets holding key/value pairs for the whole file (one sample per file). */
  keySheets: z.array(z.strictObject({ sheet: NonEmpty, keyColumn: ColumnLetter, valueColumn: ColumnLetter })).min(1),
  sample: KeySampleRefsSchema,
  /** Sample-level keys kept in every row's `extra` (e.g. the sequence Dilution). */
  extraFields: z.array(KeyRefSchema).default([]),
  table: z.strictObject({ sheet: NonEmpty, header: HeaderSignatureSchema }),
  analyte: AnalyteRefSchema,
  columns: ResultColumnsSchema,
});

const TwoHeaderRowsLayoutSchema = z.strictObject({
  type: z.literal('two_header_rows'),
  sheet: SheetChoiceSchema.optional(),
  /** The column header row; the group label row is the row directly above it (labels span to the right). */
  header: HeaderSignatureSchema,
  /** Group label of the sample columns (e.g. "Sample"); "" for unlabelled columns before the first group label. */
  sampleGroup: z.string(),
  sample: RowSampleRefsSchema,
  /** Groups holding one analyte each; the named group `name` of `pattern` is the analyte name. */
  analyteGroups: z.strictObject({ pattern: Regex, ignore: z.array(Regex).default([]) }),
  columns: ResultColumnsSchema,
  skipRows: SkipRowsSchema,
});

export const LayoutSchema = z.discriminatedUnion('type', [
  LongLayoutSchema,
  WideLayoutSchema,
  CompoundBlocksLayoutSchema,
  SampleBlocksLayoutSchema,
  KeyValueWorkbookLayoutSchema,
  TwoHeaderRowsLayoutSchema,
]);
export type Layout = z.infer<typeof LayoutSchema>;

/** Where the unit text comes from; sources are tried in order and the first non-empty one wins. */
const UnitSourceSchema = z.discriminatedUnion('from', [
  z.strictObject({ from: z.literal('column'), column: ColumnRefSchema }),
  /** The `unit` named group of the analyte header / group pattern (wide and two-header layouts). */
  z.strictObject({ from: z.literal('header') }),
  z.strictObject({ from: z.literal('key'), key: NonEmpty, sheet: NonEmpty.optional() }),
  z.strictObject({ from: z.literal('fixed'), value: NonEmpty }),
  /** Text the uploader gave in the upload's mapping under this key (e.g. `mapping.unit = "ug/mL"`). */
  z.strictObject({ from: z.literal('mapping'), key: NonEmpty }),
]);
export type UnitSource = z.infer<typeof UnitSourceSchema>;

export const QC_KINDS = ['blank', 'calibration', 'check', 'spike', 'duplicate', 'control', 'qc', 'reference_material'] as const;
const QcKindSchema = z.enum(QC_KINDS);
export type QcKind = z.infer<typeof QcKindSchema>;

const QcRulesSchema = z.strictObject({
  /** Sample types that are QC (`qcValues`), or the only ones that are samples (`sampleValues`). */
  sampleType: z.strictObject({ qcValues: z.array(NonEmpty).default([]), sampleValues: z.array(NonEmpty).optional() }).optional(),
  /** Patterns tested against the lab sample ID and the sample name. */
  sampleNames: z.array(z.strictObject({ kind: QcKindSchema, pattern: Regex })).default([]),
  /** Internal standards / reference channels: never results. By analyte name, or by a marker column. */
  internalStandards: z
    .array(z.union([z.strictObject({ analyte: Regex }), z.strictObject({ column: ColumnRefSchema, pattern: Regex })]))
    .default([]),
});
export type QcRules = z.infer<typeof QcRulesSchema>;

/** A prep-data table elsewhere in the file, keyed by sample ID (NexION digestion `Log`). */
const PrepTableSchema = z.strictObject({
  id: NonEmpty,
  sheet: NonEmpty,
  header: HeaderSignatureSchema,
  sampleKey: ColumnRefSchema,
  fields: z.strictObject({
    mass: ColumnRefSchema.optional(),
    volume: ColumnRefSchema.optional(),
    dilution: ColumnRefSchema.optional(),
  }),
});
export type PrepTable = z.infer<typeof PrepTableSchema>;

/** Where one calculation input comes from; tried in order, the first positive number wins. */
const InputSourceSchema = z.discriminatedUnion('from', [
  z.strictObject({ from: z.literal('column'), column: ColumnRefSchema }),
  z.strictObject({ from: z.literal('key'), key: NonEmpty, sheet: NonEmpty.optional() }),
  z.strictObject({ from: z.literal('label'), labels: z.array(NonEmpty).min(1) }),
  z.strictObject({ from: z.literal('prepTable'), table: NonEmpty, field: z.enum(['mass', 'volume', 'dilution']) }),
  /** The upload's prep data (`ctx.prep`), same input name. */
  z.strictObject({ from: z.literal('upload') }),
  z.strictObject({ from: z.literal('default'), value: DecimalText }),
]);
export type InputSource = z.infer<typeof InputSourceSchema>;

export const MASS_FRACTION_UNITS = ['ug/g', 'mg/g', 'mg/kg', 'ug/kg', 'ng/g', '%', 'ppm', 'ppb'] as const;
const ResultUnitSchema = z.enum(MASS_FRACTION_UNITS);

/**
 * The final-result computation, as a named operation with named inputs:
 * - `none`: the value printed is the result.
 * - `concentration_to_mass_fraction`: result = C × V × D / m, with C the measured concentration in
 *   solution, V the extraction volume (mL), D the dilution factor and m the sample mass (g).
 * - `concentration_times_dilution_ratio`: result = C × R, with R a mass-normalised dilution ratio
 *   (mL of final solution per g of sample, as digestion logs record it).
 */
export const CalculationSchema = z.discriminatedUnion('operation', [
  z.strictObject({ operation: z.literal('none') }),
  z.strictObject({
    operation: z.literal('concentration_to_mass_fraction'),
    resultUnit: ResultUnitSchema,
    inputs: z.strictObject({
      mass: z.array(InputSourceSchema).min(1),
      volume: z.array(InputSourceSchema).min(1),
      dilution: z.array(InputSourceSchema).min(1),
    }),
  }),
  z.strictObject({
    operation: z.literal('concentration_times_dilution_ratio'),
    resultUnit: ResultUnitSchema,
    inputs: z.strictObject({ dilution: z.array(InputSourceSchema).min(1) }),
  }),
]);
export type Calculation = z.infer<typeof CalculationSchema>;

/** A row-level requirement of the detection signature. */
const MatchRowSchema = z
  .strictObject({
    sheet: NonEmpty.optional(),
    /** The row holds every one of these cells (any order). */
    cells: z.array(NonEmpty).min(1).optional(),
    /** The row starts with these cells (first non-empty cell onwards). */
    startsWith: z.array(NonEmpty).min(1).optional(),
    /** The same row holds none of these cells (tells apart two exports of one program). */
    without: z.array(NonEmpty).default([]),
    searchRows: z.number().int().positive().max(5000).default(30),
  })
  .refine((r) => r.cells !== undefined || r.startsWith !== undefined, {
    message: 'a match row needs cells or startsWith',
  });

const MatchSchema = z.strictObject({
  /** False for generic templates: they are used only when the uploader names them. */
  auto: z.boolean().default(true),
  /** Higher wins when several templates match. */
  score: z.number().int().min(0).max(1000),
  /** Sheets that must exist (workbooks). */
  sheets: z.array(NonEmpty).default([]),
  rows: z.array(MatchRowSchema).default([]),
});

export const InstrumentTemplateSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a kebab-case id'),
    version: NonEmpty,
    title: NonEmpty,
    instrument: NonEmpty,
    description: z.string().optional(),
    fileKinds: z.array(FileKindSchema).min(1),
    match: MatchSchema,
    layout: LayoutSchema,
    units: z.array(UnitSourceSchema).default([]),
    /** Tokens the format prints instead of a number; values pass through verbatim, LOQ/LOD cells holding them are dropped. */
    qualifiers: z.array(NonEmpty).default([]),
    /** Printed analyte name → canonical key, for names only this format uses (e.g. a qPCR target "E. Coli" that is the STEC assay). */
    analytes: z.record(NonEmpty, z.string().regex(/^[a-z0-9_]+$/, 'expected a canonical analyte key')).default({}),
    /**
     * What the value column measures: a `result` (a concentration or a call), a `peak_area` (an
     * uncalibrated response: the file cannot produce results and is refused, saying so), or a `cq`
     * (a qPCR cycle: becomes a presence/absence call through `kit`, refused without one).
     */
    measures: z.enum(['result', 'peak_area', 'cq']).default('result'),
    /**
     * A qPCR kit's target table: printed target → canonical analyte, and the Cq at or below which a target
     * is present. Only read when `measures` is `cq`; a target the kit does not list stays an unknown analyte.
     */
    kit: z
      .strictObject({
        name: NonEmpty,
        targets: z.record(NonEmpty, z.string().regex(/^[a-z0-9_]+$/, 'expected a canonical analyte key')),
        presentAtOrBelowCq: DecimalText.optional(),
      })
      .optional(),
    /**
     * The lab's own final-result column where the workbook has one (NexION "Final Sample Concentration (ppm)"):
     * read beside the computed result and compared with it; a disagreement is flagged for the reviewer.
     */
    finalResult: z.strictObject({ column: ColumnRefSchema, unit: NonEmpty }).optional(),
    /** Decimal separator of text files: `auto` decides per file (comma only for ;- or tab-delimited files). */
    numbers: z.strictObject({ decimal: z.enum(['auto', '.', ',']).default('auto') }).prefault({}),
    qc: QcRulesSchema.prefault({}),
    prepTables: z.array(PrepTableSchema).default([]),
    calculation: CalculationSchema.default({ operation: 'none' }),
    /** Keys of the upload's column mapping this template reads (generic templates). */
    mapping: z.strictObject({ required: z.array(NonEmpty).default([]), optional: z.array(NonEmpty).default([]) }).optional(),
  })
  .superRefine((template, ctx) => {
    const layoutType = template.layout.type;
    const sourcePath = (input: string, index: number): (string | number)[] => ['calculation', 'inputs', input, index];
    if (template.calculation.operation !== 'none') {
      for (const [input, sources] of Object.entries(template.calculation.inputs) as [string, InputSource[]][]) {
        sources.forEach((source, index) => {
          if (source.from === 'key' && layoutType !== 'key_value_workbook')
            ctx.addIssue({
              code: 'custom',
              path: sourcePath(input, index),
              message: 'key sources need the key_value_workbook layout',
            });
          if (source.from === 'label' && layoutType !== 'sample_blocks')
            ctx.addIssue({
              code: 'custom',
              path: sourcePath(input, index),
              message: 'label sources need the sample_blocks layout',
            });
          if (source.from === 'column' && layoutType === 'wide')
            ctx.addIssue({
              code: 'custom',
              path: sourcePath(input, index),
              message: 'column sources need a row-per-result layout',
            });
          if (source.from === 'prepTable' && !template.prepTables.some((t) => t.id === source.table))
            ctx.addIssue({
              code: 'custom',
              path: sourcePath(input, index),
              message: `no prepTables entry with id "${source.table}"`,
            });
        });
      }
    }
    template.units.forEach((unit, index) => {
      if (unit.from === 'header' && layoutType !== 'wide' && layoutType !== 'two_header_rows')
        ctx.addIssue({ code: 'custom', path: ['units', index], message: 'header units need the wide or two_header_rows layout' });
      if (unit.from === 'key' && layoutType !== 'key_value_workbook')
        ctx.addIssue({ code: 'custom', path: ['units', index], message: 'key units need the key_value_workbook layout' });
      if (unit.from === 'mapping' && !mappingKeys(template).has(unit.key))
        ctx.addIssue({ code: 'custom', path: ['units', index], message: `mapping key "${unit.key}" is not declared in mapping` });
    });
    const declared = mappingKeys(template);
    visitMappingRefs(template, [], (key, path) => {
      if (!declared.has(key))
        ctx.addIssue({
          code: 'custom',
          path,
          message: `mapping key "${key}" is not declared in mapping.required or mapping.optional`,
        });
    });
  });

export type InstrumentTemplate = z.output<typeof InstrumentTemplateSchema>;

function mappingKeys(template: { mapping?: { required: string[]; optional: string[] } }): Set<string> {
  return new Set([...(template.mapping?.required ?? []), ...(template.mapping?.optional ?? [])]);
}

function visitMappingRefs(
  node: unknown,
  path: (string | number)[],
  visit: (key: string, path: (string | number)[]) => void,
): void {
  if (Array.isArray(node)) {
    node.forEach((child, index) => visitMappingRefs(child, [...path, index], visit));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === 'mapping' && typeof record.mapping === 'string' && path[0] !== 'mapping') {
    visit(record.mapping, path);
    return;
  }
  for (const key of keys) if (!(path.length === 0 && key === 'mapping')) visitMappingRefs(record[key], [...path, key], visit);
}
