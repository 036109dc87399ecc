import { z } from 'zod';
import { optionalText, rowsOf } from './form-fields';
import { AttachUnmatchedSchema, ImportFieldsSchema } from '../ingest/import.schemas';
import { ManualEntrySchema } from '../ingest/manual/manual-entry.schemas';
import { ConfirmValuesSchema } from '../results/confirm-values.schemas';
import {
  AmendResultSetSchema,
  BULK_APPROVE_MAX,
  RejectResultSetSchema,
  ReleaseRequestSchema,
  ResolveConflictSchema,
  type ReleaseRequest,
} from '../results/result-set.schemas';
import { PrepSchema } from '../samples/sample.schemas';
import { PRODUCT_TYPES, ROUTES } from '../catalog';

/**
 * HTML forms send every field as text and send empty inputs too. Each schema here reads what a form posts,
 * drops the blanks, and then hands the result to the API's own schema (`.pipe`), so a page and the API
 * accept exactly the same requests.
 */

/** An object whose possibly-undefined fields are optional instead, as the API schemas declare them. */
type Compact<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

const dropUndefined = <T extends Record<string, unknown>>(o: T): Compact<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Compact<T>;

export const UploadFieldsSchema = z
  .object({ template: optionalText, mass: optionalText, volume: optionalText, dilution: optionalText, mapping: optionalText })
  .strict()
  .transform((f): z.input<typeof ImportFieldsSchema> => dropUndefined(f))
  .pipe(ImportFieldsSchema);
export type UploadFields = z.output<typeof UploadFieldsSchema>;

const samplePrepRow = z
  .object({ sample: z.string().trim().min(1).max(64), mass: optionalText, volume: optionalText, dilution: optionalText })
  .strict();

/**
 * Processing an import's file again with the unit (once for the file) and prep data its rows wait for: for the
 * whole file, or per sample (`samples[n][…]`: the sample's lab sample ID and its mass, volume, dilution), which is
 * kept on the sample.
 */
export const ReprocessFormSchema = z
  .object({
    unit: optionalText,
    mass: optionalText,
    volume: optionalText,
    dilution: optionalText,
    samples: z
      .union([z.array(samplePrepRow), z.record(z.string(), samplePrepRow)])
      .optional()
      .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : Object.values(v))),
  })
  .strict()
  .transform(({ samples, ...fields }) => ({
    fields: dropUndefined(fields) as z.input<typeof ImportFieldsSchema>,
    samples: samples
      .map((r) => ({ sample: r.sample, prep: dropUndefined({ mass: r.mass, volume: r.volume, dilution: r.dilution }) }))
      .filter((r) => Object.keys(r.prep).length > 0),
  }))
  .pipe(
    z.object({
      fields: ImportFieldsSchema,
      samples: z.array(z.object({ sample: z.string(), prep: PrepSchema })),
    }),
  );
export type ReprocessForm = z.output<typeof ReprocessFormSchema>;

export const AttachFormSchema = z.object({ index: z.coerce.number(), sampleId: z.string() }).strict().pipe(AttachUnmatchedSchema);

/**
 * The signature fields of a signed form (`signature[meaning]`, `signature[password]`), posted as the API's
 * `signature` object; blanks stay blank so the API says what is missing, in the same words as for a script.
 */
export const SignatureFieldsSchema = z
  .object({ meaning: z.string().max(500).default(''), password: z.string().max(1000).default('') })
  .strict()
  .transform((s) => ({ meaning: s.meaning.trim(), password: s.password }));
export type SignatureFields = z.output<typeof SignatureFieldsSchema>;

const signatureField = SignatureFieldsSchema.optional();
/** The signature as read, for the API schema a form is piped into. */
const signatureRead = z.object({ meaning: z.string(), password: z.string() }).strict().optional();

/** Reject with a reason and the manager's signature. */
export const RejectFormSchema = z
  .object({ reason: z.string(), signature: signatureField })
  .strict()
  .pipe(RejectResultSetSchema.extend({ signature: signatureRead }));
export type RejectForm = z.output<typeof RejectFormSchema>;

/**
 * Submit and approve from the review page: an override reason comes only from a manager's partial-set form;
 * approving carries the manager's signature (submit carries none).
 */
export const ReleaseFormSchema = z
  .object({ overrideReason: optionalText, signature: signatureField })
  .strict()
  .transform((f): ReleaseRequest => ({
    ...(f.overrideReason === undefined ? {} : { override: { reason: f.overrideReason } }),
    ...(f.signature ? { signature: f.signature } : {}),
  }))
  .pipe(ReleaseRequestSchema);

/** Bulk approval from the review list: the ticked sets (`ids`, one or many) and one signature for all of them. */
export const BulkApproveFormSchema = z
  .object({
    ids: z
      .union([z.uuid(), z.array(z.uuid())])
      .optional()
      .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
    signature: signatureField,
  })
  .strict()
  .refine((f) => f.ids.length > 0, { message: 'tick at least one set to approve', path: ['ids'] })
  .refine((f) => f.ids.length <= BULK_APPROVE_MAX, {
    message: `approve at most ${BULK_APPROVE_MAX} sets at once`,
    path: ['ids'],
  });
export type BulkApproveForm = z.output<typeof BulkApproveFormSchema>;

/** Releasing a submission held in the state system, from the submissions page: the manager's signature. */
export const ReleaseSubmissionFormSchema = z.object({ signature: signatureField }).strict();

const changeRow = z.object({ analyte: optionalText, value: optionalText, qualifier: optionalText, unit: optionalText }).strict();

export const AmendFormSchema = z
  .object({ reason: z.string(), changes: rowsOf(changeRow), signature: signatureField })
  .strict()
  .transform((f) => ({
    reason: f.reason,
    changes: f.changes
      .filter((c) => c.analyte !== undefined || c.value !== undefined || c.qualifier !== undefined)
      .map((c) => dropUndefined({ ...c, analyte: c.analyte ?? '' })),
    ...(f.signature ? { signature: f.signature } : {}),
  }))
  .pipe(AmendResultSetSchema.extend({ signature: signatureRead }));

export const ResolveConflictFormSchema = z
  .object({ analyte: z.string(), choose: z.string(), reason: z.string() })
  .strict()
  .transform((f): z.input<typeof ResolveConflictSchema> => ({
    ...f,
    choose: f.choose === 'existing' ? 'existing' : Number(f.choose),
  }))
  .pipe(ResolveConflictSchema);

const confirmRow = z
  .object({
    analyte: z.string(),
    panel: optionalText,
    confirm: optionalText,
    drop: optionalText,
    value: optionalText,
    qualifier: optionalText,
    unit: optionalText,
  })
  .strict();

/**
 * One row per value pre-filled from a certificate: ticked to confirm (with a corrected number or qualifier when it
 * was misread) or to drop; "confirm this panel" takes every row of its panel, "confirm all shown" every row.
 */
export const ConfirmFormSchema = z
  .object({ values: rowsOf(confirmRow), panel: optionalText, all: optionalText })
  .strict()
  .transform((f): z.input<typeof ConfirmValuesSchema> => ({
    values: f.values
      .filter(
        (v) =>
          v.confirm !== undefined ||
          v.drop !== undefined ||
          f.all !== undefined ||
          (f.panel !== undefined && v.panel === f.panel),
      )
      .map((v) =>
        v.drop !== undefined
          ? { analyte: v.analyte, drop: true as const }
          : dropUndefined({
              analyte: v.analyte,
              value: v.value,
              qualifier: v.value === undefined ? v.qualifier : undefined,
              unit: v.unit,
            }),
      ),
  }))
  .pipe(ConfirmValuesSchema);

const manualRow = z
  .object({
    analyte: optionalText,
    value: optionalText,
    qualifier: optionalText,
    unit: optionalText,
    loq: optionalText,
    limit: optionalText,
  })
  .strict();

export const ManualEntryFormSchema = z
  .object({
    uid: z.string(),
    clientLicense: z.string(),
    supplierLicense: z.string(),
    supplierUid: optionalText,
    productType: z.enum(PRODUCT_TYPES),
    route: optionalText.pipe(z.enum(ROUTES).optional()),
    productName: optionalText,
    batch: optionalText,
    labName: z.string(),
    labLicense: z.string(),
    certificateNumber: optionalText,
    certificateDate: z.string(),
    results: rowsOf(manualRow),
  })
  .strict()
  .transform((f): z.input<typeof ManualEntrySchema> => ({
    ...dropUndefined({
      uid: f.uid.trim(),
      clientLicense: f.clientLicense,
      supplierLicense: f.supplierLicense,
      supplierUid: f.supplierUid,
      productType: f.productType,
      route: f.route,
      productName: f.productName,
      batch: f.batch,
    }),
    lab: { name: f.labName, license: f.labLicense },
    certificate: dropUndefined({ number: f.certificateNumber, date: f.certificateDate }),
    results: f.results
      .filter((r) => r.analyte !== undefined || r.value !== undefined || r.qualifier !== undefined)
      .map((r) =>
        dropUndefined({
          ...r,
          analyte: r.analyte ?? '',
          unit: r.unit ?? '',
          qualifier: r.value === undefined ? r.qualifier : undefined,
        }),
      ),
  }))
  .pipe(ManualEntrySchema);

/** The review list's tab and filters; without a tab a technician lands on drafts, a manager on what is in review. */
export const ReviewListQuerySchema = z
  .object({
    status: z.enum(['in_review', 'draft', 'rejected', 'approved', 'superseded', 'all']).optional(),
    q: optionalText,
    clientLicense: optionalText,
    productType: optionalText.pipe(z.enum(PRODUCT_TYPES).optional()),
    verdict: optionalText.pipe(z.enum(['pass', 'fail', 'incomplete']).optional()),
    from: optionalText.pipe(z.iso.date().optional()),
    to: optionalText.pipe(z.iso.date().optional()),
    sort: optionalText.pipe(z.enum(['newest', 'oldest']).optional()),
  })
  .strict();
export type ReviewListQuery = z.output<typeof ReviewListQuerySchema>;

export const SubmissionsQuerySchema = z
  .object({
    status: z
      .enum([
        'open',
        'pending',
        'sending',
        'retry',
        'accepted',
        'dead',
        'awaiting_release',
        'manual_correction_required',
        'needs_action',
        'superseded',
        'all',
      ])
      .default('open'),
    deadline: z.enum(['late', 'near', 'any']).default('any'),
  })
  .strict();
export type SubmissionsQuery = z.output<typeof SubmissionsQuerySchema>;

/**
 * The licensee's page: its list with search and filters, or one UID's results (`uid`, as pasted: the page says
 * so when it is not a UID rather than refusing the request).
 */
export const LicenseeLookupSchema = z
  .object({
    uid: optionalText.pipe(z.string().max(80).optional()),
    q: optionalText.pipe(z.string().max(80).optional()),
    state: optionalText.pipe(z.enum(['released', 'in_testing']).optional()),
    verdict: optionalText.pipe(z.enum(['pass', 'fail', 'incomplete']).optional()),
    from: optionalText.pipe(z.iso.date().optional()),
    to: optionalText.pipe(z.iso.date().optional()),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();
export type LicenseeLookup = z.output<typeof LicenseeLookupSchema>;

export const LoginPageQuerySchema = z
  .object({
    next: optionalText,
    failed: optionalText,
    signedOut: optionalText,
    /** Back from a set-password link: the password is set, sign in with it. */
    passwordSet: optionalText,
    sso: z.enum(['unknown', 'unverified', 'failed']).optional(),
  })
  .strict();
/** After single sign-on: `lost` when the form kept through it could not be found again (see SsoService). */
export const ResendPageQuerySchema = z.object({ lost: optionalText }).strict();
export const ImportSamplesQuerySchema = z
  .object({
    q: optionalText,
    from: z.coerce.number().int().min(0).max(1_000_000).default(0),
    /** A transfer of the intake page whose order the run follows: the pickers are filled by position. */
    byPosition: optionalText.pipe(z.string().max(64).optional()),
  })
  .strict();
