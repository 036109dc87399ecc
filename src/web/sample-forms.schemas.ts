import { z } from 'zod';
import { optionalText } from './form-fields';
import { PRODUCT_TYPES, ROUTES } from '../catalog';
import { labWallTimeToIso } from './format';
import {
  AssignLabIdsSchema,
  CreateClientSchema,
  CreateSampleSchema,
  ListSamplesSchema,
  SAMPLE_STATUSES,
  UpdateClientSchema,
  UpdateSampleSchema,
} from '../samples/sample.schemas';

/**
 * The forms of the samples, clients and intake pages. As in web-forms.schemas.ts: read what the form posts,
 * drop the blanks, then hand the result to the API's own schema (`.pipe`) so a page and the API accept the same.
 */

/** A checkbox: sent as "on" (or "true") when ticked, absent otherwise. */
const checkbox = z
  .enum(['on', 'true'])
  .optional()
  .transform((v) => v !== undefined);

/** `<input type="date">` or `datetime-local`, in the lab's time zone as every page shows times → ISO (UTC). */
const dateInput = optionalText.transform((v) => (v === undefined ? undefined : (labWallTimeToIso(v) ?? v)));

const compact = <T extends Record<string, unknown>>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const prepOf = (f: { mass?: string; volume?: string; dilution?: string }) => {
  const prep = compact({ mass: f.mass, volume: f.volume, dilution: f.dilution });
  return Object.keys(prep).length ? prep : undefined;
};

export const SampleCreateFormSchema = z
  .object({
    labSampleId: z.string(),
    clientLicense: z.string(),
    productType: z.enum(PRODUCT_TYPES),
    route: optionalText.pipe(z.enum(ROUTES).optional()),
    uid: optionalText,
    sourceUid: optionalText,
    batch: optionalText,
    productName: optionalText,
    receivedAt: dateInput,
    collectedAt: dateInput,
    mass: optionalText,
    volume: optionalText,
    dilution: optionalText,
    retestOf: optionalText,
    remediatedLot: checkbox,
  })
  .strict()
  .transform((f) =>
    compact({
      ...f,
      mass: undefined,
      volume: undefined,
      dilution: undefined,
      prep: prepOf(f),
      remediatedLot: f.remediatedLot || undefined,
    }),
  )
  .pipe(CreateSampleSchema);

export const SampleEditFormSchema = z
  .object({
    labSampleId: optionalText,
    uid: optionalText,
    sourceUid: optionalText,
    batch: optionalText,
    productName: optionalText,
    collectedAt: dateInput,
    mass: optionalText,
    volume: optionalText,
    dilution: optionalText,
    remediatedLot: checkbox,
  })
  .strict()
  .transform((f) => compact({ ...f, mass: undefined, volume: undefined, dilution: undefined, prep: prepOf(f) }))
  .pipe(UpdateSampleSchema);

export const SamplesQuerySchema = z
  .object({
    q: optionalText,
    clientLicense: optionalText,
    productType: optionalText.pipe(z.enum(PRODUCT_TYPES).optional()),
    status: optionalText.pipe(z.enum(SAMPLE_STATUSES).optional()),
    origin: optionalText.pipe(z.enum(['state-system', 'manual', 'lab']).optional()),
    from: optionalText,
    to: optionalText,
    page: optionalText
      .transform((v) => (v === undefined ? undefined : Number(v)))
      .pipe(z.number().int().min(1).max(10_000).optional()),
  })
  .strict();
export type SamplesQuery = z.output<typeof SamplesQuerySchema>;

export const PAGE_SIZE = 50;

/** The service's list query for a page of the samples list (the API's schema checks the filters). */
export const toListSamples = (q: SamplesQuery) =>
  ListSamplesSchema.parse(
    compact({
      q: q.q,
      clientLicense: q.clientLicense,
      productType: q.productType,
      status: q.status,
      origin: q.origin,
      from: q.from,
      to: q.to,
      limit: PAGE_SIZE,
      offset: ((q.page ?? 1) - 1) * PAGE_SIZE,
    }),
  );

export const ClientCreateFormSchema = z
  .object({ licenseNumber: z.string(), name: z.string(), ubi: optionalText, address: optionalText, integrated: checkbox })
  .strict()
  .transform((f) => compact(f))
  .pipe(CreateClientSchema);

export const ClientEditFormSchema = z
  .object({ name: optionalText, ubi: optionalText, address: optionalText, integrated: checkbox })
  .strict()
  // A blank UBI or address on the edit form clears it.
  .transform((f): z.input<typeof UpdateClientSchema> => ({
    ...(f.name ? { name: f.name } : {}),
    ubi: f.ubi ?? null,
    address: f.address ?? null,
    integrated: f.integrated,
  }))
  .pipe(UpdateClientSchema);

/** Intake: one lab-id input per arrived sample (`ids[<sample id>]`), or a pasted "UID, lab ID" list. */
export const IntakeFormSchema = z
  .object({
    ids: z.record(z.string(), z.string()).optional(),
    pasted: optionalText,
  })
  .strict();
export type IntakeForm = z.output<typeof IntakeFormSchema>;

export { AssignLabIdsSchema };
