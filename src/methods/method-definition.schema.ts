import { z } from 'zod';
import { getAnalyte } from '../catalog';
import { parseUnit } from '../catalog/unit';

/**
 * A lab method as data: an analysis on an instrument, the instrument templates it reads, the unit the
 * instrument reports in when the file states none, calculation defaults, and per analyte the LOD, LOQ and
 * ULOQ in the method's final unit. Pure: the same schema validates the API body, the stored definition and
 * an exported JSON file.
 */
const DecimalText = z.string().regex(/^\d+(\.\d+)?$/, 'expected a non-negative decimal number as text, e.g. "0.05"');
const PositiveDecimal = DecimalText.refine((v) => Number(v) > 0, 'expected a number greater than 0');
const UnitText = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .refine((u) => parseUnit(u) !== null, 'not a unit the catalog knows (e.g. "ug/g", "ppb", "%", "ng/mL")');

export const MethodAnalyteSchema = z
  .strictObject({
    analyte: z
      .string()
      .regex(/^[a-z0-9_]+$/, 'expected a canonical analyte key')
      .refine((key) => getAnalyte(key) !== undefined, 'not an analyte of the catalog'),
    lod: DecimalText.optional(),
    loq: DecimalText.optional(),
    uloq: DecimalText.optional(),
  })
  .superRefine((a, ctx) => {
    if (a.lod !== undefined && a.loq !== undefined && Number(a.lod) > Number(a.loq))
      ctx.addIssue({ code: 'custom', path: ['lod'], message: 'the LOD is above the LOQ' });
    if (a.loq !== undefined && a.uloq !== undefined && Number(a.loq) >= Number(a.uloq))
      ctx.addIssue({ code: 'custom', path: ['uloq'], message: 'the ULOQ is not above the LOQ' });
  });
export type MethodAnalyte = z.infer<typeof MethodAnalyteSchema>;

export const MethodDefinitionSchema = z
  .strictObject({
    key: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a kebab-case key, e.g. "hplc-potency"')
      .max(80),
    name: z.string().trim().min(1).max(200),
    instrument: z.string().trim().min(1).max(200),
    /** Instrument template ids this method's files are read with; an import with one of them uses this method. */
    templates: z.array(z.string().trim().min(1).max(100)).min(1),
    /** The unit the instrument reports when the file states none (e.g. LabSolutions Conc. in ug/mL). */
    reportedUnit: UnitText.optional(),
    /** The unit LOD, LOQ and ULOQ are given in (the method's final result unit, e.g. "ug/g"). */
    limitsUnit: UnitText,
    /** Calculation inputs used when neither the file, the upload nor the sample gives them. */
    calculationDefaults: z
      .strictObject({
        mass: PositiveDecimal.optional(),
        volume: PositiveDecimal.optional(),
        dilution: PositiveDecimal.optional(),
      })
      .default({}),
    analytes: z.array(MethodAnalyteSchema).default([]),
  })
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.analytes.forEach((a, i) => {
      if (seen.has(a.analyte))
        ctx.addIssue({ code: 'custom', path: ['analytes', i, 'analyte'], message: `"${a.analyte}" is listed twice` });
      seen.add(a.analyte);
    });
  });
export type MethodDefinition = z.output<typeof MethodDefinitionSchema>;
