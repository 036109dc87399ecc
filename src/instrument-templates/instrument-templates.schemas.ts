import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { parseUnit } from '../catalog/unit';
import { COLUMN_ROLES } from '../ingest/instruments/proposal/header-vocabulary';

const POSITIVE_DECIMAL = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'expected a positive decimal number, e.g. "0.500"')
  .refine((v) => Number(v) > 0, 'expected a number greater than 0');

const UNIT = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .refine((u) => parseUnit(u) !== null, 'not a unit the catalog knows (e.g. "ug/mL", "ppb", "ng/mL")');

/** A person's edits to a proposal: roles by column letter, names, the unit and the calculation. */
export const ProposalChoicesSchema = z.strictObject({
  roles: z.record(z.string().regex(/^[A-Z]{1,3}$/, 'expected a column letter'), z.enum(COLUMN_ROLES)).optional(),
  id: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a kebab-case id')
    .max(80)
    .optional(),
  title: z.string().trim().min(1).max(200).optional(),
  instrument: z.string().trim().min(1).max(200).optional(),
  unit: UNIT.optional(),
  calculation: z.enum(['none', 'concentration_to_mass_fraction']).optional(),
});

/** Multipart text fields of POST /api/instrument-templates/proposals. */
export const ProposalFieldsSchema = z.object({
  choices: z
    .string()
    .max(20_000)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'expected JSON: {"roles": {"A": "sample_id"}, "unit": "ug/mL"}' });
        return z.NEVER;
      }
    })
    .pipe(ProposalChoicesSchema)
    .optional(),
  unit: UNIT.optional(),
  mass: POSITIVE_DECIMAL.optional(),
  volume: POSITIVE_DECIMAL.optional(),
  dilution: POSITIVE_DECIMAL.optional(),
});
export class ProposalFieldsDto extends createZodDto(ProposalFieldsSchema) {}
