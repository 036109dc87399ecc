import { z } from 'zod';
import { PANELS } from '../../catalog';

/**
 * One layout descriptor per certificate family (`templates/coa/*.json`), read by the one extractor in
 * `coa-extractor.ts`. Texts are matched case-insensitively after ligature repair; patterns are
 * JavaScript regular expressions (flag `i`), written as JSON strings, never code.
 */

const regexSource = z.string().superRefine((source, ctx) => {
  try {
    new RegExp(source, 'iu');
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(error as Error).message}` });
  }
});

const withValueGroup = regexSource.refine((source) => source.includes('(?<value>'), {
  message: 'the pattern must capture the value in a named group (?<value>…)',
});

const phrases = z.array(z.string().min(1)).min(1);

/** What a table column holds. `extra:<key>` keeps a printed column as `RawResultRow.extra[key]`. */
export const ColumnRoleSchema = z.union([
  z.enum(['analyte', 'lod', 'loq', 'limit', 'result', 'unit', 'status', 'ignore']),
  z.string().regex(/^extra:[a-z][A-Za-z0-9]*$/, 'extra columns are written extra:<camelCaseKey>'),
]);
export type ColumnRole = z.infer<typeof ColumnRoleSchema>;

const MetadataRuleSchema = z
  .strictObject({
    /** A `CertificateMeta` key (or another camelCase key); `uid` also becomes the sample reference's UID. */
    field: z.string().regex(/^[a-z][A-Za-z0-9]*$/),
    /** Matched against each cell (or whole line, see `match`); `(?<value>…)` holds the value unless `stack` is set. */
    pattern: regexSource,
    match: z.enum(['cell', 'line']).default('cell'),
    /** Where the label is printed: page header/footer (repeated on every page) or the page body. */
    region: z.enum(['header', 'body', 'footer', 'any']).default('any'),
    pages: z.enum(['first', 'all']).default('first'),
    /** Which match wins when several lines match: the first, the last, or the latest date. */
    take: z.enum(['first', 'last', 'latest']).default('first'),
    /**
     * The value is not in the matched cell but in the cell this many places below (+) or above (−)
     * it, counting cells aligned with it (same left or right edge) on the same page.
     */
    stack: z
      .number()
      .int()
      .min(-12)
      .max(12)
      .refine((n) => n !== 0, 'stack offset cannot be 0')
      .optional(),
    /** Applied to the stacked cell; `(?<value>…)` holds the value. */
    valuePattern: withValueGroup.optional(),
    /** `date` / `datetime` values are written ISO (`2025-02-27`, `2025-02-27 10:05`) using `dates.order`. */
    format: z.enum(['text', 'date', 'datetime']).default('text'),
  })
  .superRefine((rule, ctx) => {
    if (rule.stack === undefined && !rule.pattern.includes('(?<value>')) {
      ctx.addIssue({
        code: 'custom',
        path: ['pattern'],
        message: 'the pattern must capture the value in (?<value>…), or set `stack`',
      });
    }
    if (rule.valuePattern !== undefined && rule.stack === undefined) {
      ctx.addIssue({ code: 'custom', path: ['valuePattern'], message: '`valuePattern` needs `stack`' });
    }
    if (rule.take === 'latest' && rule.format === 'text') {
      ctx.addIssue({ code: 'custom', path: ['take'], message: '`latest` needs format `date` or `datetime`' });
    }
  });

const ColumnSchema = z
  .strictObject({
    /** Header cell texts that open this column. */
    headers: phrases,
    /** Roles of the printed sub-columns, left to right; more than one when a header cell merges several. */
    roles: z.array(ColumnRoleSchema).min(1),
    /** Only when the unit printed under the header is one of these (tells "Result %" from "Result mg/g"). */
    units: phrases.optional(),
    /** Only the nth column printed with this header on the line (a second "Limit" for another use). */
    nth: z.number().int().min(2).max(9).optional(),
    /**
     * The cell holds one value per role, printed with this separator between them ("0.03 / 0.08" under
     * "LOD/LOQ"); the column keeps its position (unlike a merged header, which reads the row by order).
     */
    separator: z.string().min(1).optional(),
    /**
     * Printed left of the analyte column (a test ID): a header may open with it, and what it holds on a row is
     * kept (as an extra) but never makes the row a result.
     */
    leading: z.boolean().default(false),
  })
  .superRefine((column, ctx) => {
    if (column.roles.includes('analyte') && column.roles.length > 1) {
      ctx.addIssue({ code: 'custom', path: ['roles'], message: 'the analyte column cannot be merged with others' });
    }
    if (column.leading && column.roles.some((r) => r !== 'ignore' && !r.startsWith('extra:'))) {
      ctx.addIssue({ code: 'custom', path: ['leading'], message: 'a leading column holds only extra or ignore roles' });
    }
    if (column.separator !== undefined && column.roles.length < 2) {
      ctx.addIssue({ code: 'custom', path: ['separator'], message: '`separator` needs two roles or more' });
    }
  });

const TransposedRowSchema = z.strictObject({
  /** First cell of the row ("%", "mg/unit", "LOD"). */
  labels: phrases,
  role: ColumnRoleSchema,
  /** Unit of the values in this row. */
  unit: z.string().min(1).optional(),
});

const ValueTileSchema = z.strictObject({
  /** Label printed under (or over) the value; a label may wrap onto two lines. */
  names: phrases,
  /** Panel hint for the row: the panel heading the tile belongs to. */
  panel: z.string().min(1),
  /** Unit when the printed value carries none ("ND"). */
  unit: z.string().min(1).optional(),
});

const TotalSchema = z.strictObject({
  /** Row or tile names that print a total. */
  names: phrases,
  /** Canonical key of the total, e.g. `total_thc`. */
  key: z.string().regex(/^[a-z][a-z0-9_]*$/),
  /** Only in this panel (printed heading), when the name alone is ambiguous ("Total"). */
  panel: z.string().min(1).optional(),
});

export const CoaLayoutSchema = z
  .strictObject({
    /** `coa-<file name>`. */
    id: z.string().regex(/^coa-[a-z0-9-]+$/),
    /** Shown in template pickers. */
    title: z.string().min(1),
    version: z.string().min(1),
    description: z.string().optional(),
    /** Generic layouts mark every value they are not sure of (`RawResultRow.unsure`). */
    generic: z.boolean().default(false),
    detect: z.strictObject({
      /** Every phrase must appear somewhere in the text. */
      all: z.array(z.string().min(1)).default([]),
      /** At least one must appear (when given). */
      any: z.array(z.string().min(1)).default([]),
      /** Higher wins when several layouts match. */
      score: z.number().int().min(1).max(100),
    }),
    dates: z.strictObject({ order: z.enum(['MDY', 'DMY', 'YMD']) }).default({ order: 'MDY' }),
    metadata: z.array(MetadataRuleSchema).default([]),
    /** Printed status words (panel and row statuses): "Pass", "Fail", "Not Tested", "Complete"… */
    statusWords: phrases,
    /** Non-numeric result words printed in value cells: "ND", "<LOQ", "Absence", "Not Detected"… */
    valueWords: phrases,
    /** Unit words printed in a unit row under the table header or after a value. */
    unitWords: phrases,
    /** Panel headings as printed; the heading text becomes the panel hint of the rows below it. */
    sections: z.array(z.string().min(1)).default([]),
    /** Printed before a panel heading and not part of it, e.g. a section letter "[H] " (a regular expression). */
    sectionPrefix: regexSource.optional(),
    /** Printed after a panel heading and not part of it, e.g. its test date " - 11/17/2021" (a regular expression). */
    sectionSuffix: regexSource.optional(),
    /**
     * A grid of panel statuses (page 1 of some certificates): each label, printed on one line or wrapped onto two,
     * with its status word to its right (on the label's line, or on the line between its two).
     */
    statusGrid: z
      .strictObject({
        /** Status words of the grid ("Y", "P", "F", "-"), recorded as printed. */
        statuses: phrases,
        labels: z.array(z.strictObject({ names: phrases, panel: z.string().min(1) })).min(1),
      })
      .optional(),
    /**
     * Results printed as a line of text rather than a table row ("Water Activity: 0.587 AW at 24°C"): the pattern
     * captures `(?<value>…)` and, when printed, `(?<unit>…)`; the row takes the name and panel given here.
     */
    lineResults: z
      .array(
        z.strictObject({
          pattern: withValueGroup,
          name: z.string().min(1),
          panel: z.string().min(1),
          /** The line just above must match this too (a name printed over its value line: "Sum of Cannabinoids"). */
          after: regexSource.optional(),
          /** Pages read: `all`, or `afterFirst` where page 1 only repeats the results of later pages in a summary. */
          pages: z.enum(['all', 'afterFirst']).default('all'),
        }),
      )
      .default([]),
    /**
     * A line matching one of these ends the results ("QA/QC": the lab's quality-control tables follow, printed
     * under the same panel headings); nothing after it is read as a result row or a panel status.
     */
    resultsEnd: z.array(regexSource).default([]),
    /** Analyte names are printed left of their (centred) header: the analyte column reaches the page's left edge. */
    analyteFromLeftEdge: z.boolean().default(false),
    /**
     * Two panels printed side by side whose headings share a line split there even when a heading prints no
     * status ("… TEST RESULTS - 11/17/2021   … TEST RESULTS - 11/17/2021 continued"); tables under them need not
     * share a header line.
     */
    splitAtHeadings: z.boolean().default(false),
    /** Generic layouts: take the line just above a table header as its panel heading. */
    headingAboveTable: z.boolean().default(false),
    table: z.strictObject({
      columns: z.array(ColumnSchema).min(2),
      /** Row names that are printed notes, never results. */
      skipRows: z.array(regexSource).default([]),
      /**
       * Header words printed on up to this many lines above the line that opens with the analyte header
       * ("ACTION" over "LIMIT", "LOD/LOQ" and "RESULT" a line higher) belong to the header: each joins the
       * header cell below it, or stands as a column of its own.
       */
      headerAbove: z.number().int().min(0).max(4).default(0),
      /** A name broken at a hyphen and continued on the next line is joined without it ("Chlorantranilip-" "role"). */
      joinHyphenatedNames: z.boolean().default(false),
      /**
       * Names wrap onto lines above and below their line of values (centred in a tall cell): a line of name words
       * belongs to the nearer of the row above and the line of values below it.
       */
      namesAroundValues: z.boolean().default(false),
    }),
    /** Tables printed sideways: one analyte per column, one line per quantity. */
    transposed: z.array(z.strictObject({ rows: z.array(TransposedRowSchema).min(1) })).default([]),
    tiles: z
      .strictObject({
        /** Where value, limit and status sit relative to the tile's label. */
        direction: z.enum(['above', 'below']),
        values: z.array(ValueTileSchema).default([]),
        /** Labels of tiles that show a panel's status only ("Pass" over "Pesticides"). */
        statuses: z.array(z.string().min(1)).default([]),
        /** Patterns of a tile's limit line, e.g. "Limit: 0.65 aw". */
        limitPatterns: z.array(withValueGroup).default([]),
      })
      .optional(),
    totals: z.array(TotalSchema).default([]),
    /** Printed names this lab uses for a catalog analyte the catalog does not take from the name alone ("E. Coli" → `stec`). */
    analytes: z.record(z.string().min(1), z.string().regex(/^[a-z][a-z0-9_]*$/)).default({}),
    /**
     * Units of rows that print none, by panel key (`microbials`, `water_activity`, `moisture`, …), and
     * `presence` for presence/absence tests (`"none"`: no unit). Rows so read say "unit from the layout, not
     * printed" in their provenance.
     */
    panelUnits: z.partialRecord(z.enum([...PANELS, 'presence']), z.string().min(1)).default({}),
  })
  .superRefine((layout, ctx) => {
    const roles = layout.table.columns.flatMap((c) => c.roles);
    for (const needed of ['analyte', 'result'] as const) {
      if (!roles.includes(needed)) {
        ctx.addIssue({ code: 'custom', path: ['table', 'columns'], message: `no column has the role "${needed}"` });
      }
    }
  });

export type CoaLayout = z.infer<typeof CoaLayoutSchema>;
export type MetadataRule = z.infer<typeof MetadataRuleSchema>;
export type TableColumn = z.infer<typeof ColumnSchema>;
export type ValueTile = z.infer<typeof ValueTileSchema>;
