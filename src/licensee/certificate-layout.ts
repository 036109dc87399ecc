import * as fs from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../config/app-config';
import { describeZodIssues } from '../common/zod-issues';

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour as #rrggbb');
const size = (min: number, max: number) => z.number().min(min).max(max);

export const CERTIFICATE_SECTIONS = [
  'lab',
  'client',
  'sample',
  'dates',
  'summary',
  'notes',
  'panels',
  'signatures',
  'statement',
  'history',
] as const;
export const CERTIFICATE_COLUMNS = ['analyte', 'result', 'unit', 'loq', 'limit', 'status'] as const;

/** The certificate's layout as data: what a lab may adjust without code (texts, order, columns, methods). */
export const CertificateLayoutSchema = z
  .object({
    id: z.string().min(1),
    version: z.string().min(1),
    description: z.string().optional(),
    page: z
      .object({
        size: z.enum(['LETTER', 'A4', 'LEGAL']),
        margin: size(18, 96),
        headerHeight: size(40, 140),
        footerHeight: size(20, 80),
      })
      .strict(),
    fonts: z
      .object({ title: size(8, 28), heading: size(7, 20), body: size(6, 14), table: size(5, 12), small: size(5, 10) })
      .strict(),
    colors: z.object({ text: color, muted: color, fail: color, rule: color, band: color }).strict(),
    titles: z
      .object({
        thisLab: z.string().min(1),
        /** `{lab}` and `{license}` are the reporting lab's. */
        otherLab: z.string().includes('{lab}', { message: 'expected the text to name the reporting lab with {lab}' }),
        amended: z.string().min(1),
        /** What the state system holds, when this service holds no released result for the UID. */
        stateSystem: z.string().min(1),
      })
      .strict(),
    otherLabNotice: z.string().includes('{lab}', { message: 'expected the text to name the reporting lab with {lab}' }),
    stateSystemNotice: z.string().min(1),
    partialNotice: z.string().includes('{reason}', { message: 'expected the text to give the reason with {reason}' }),
    sections: z
      .array(z.enum(CERTIFICATE_SECTIONS))
      .refine((s) => new Set(s).size === s.length, 'expected each section once')
      .refine((s) => ['lab', 'client', 'sample', 'panels', 'signatures', 'statement'].every((r) => s.includes(r as never)), {
        message: 'expected at least lab, client, sample, panels, signatures and statement (9 NYCRR 130.23(e))',
      }),
    columns: z
      .array(
        z.object({ field: z.enum(CERTIFICATE_COLUMNS), title: z.string().min(1), width: z.number().positive().max(1) }).strict(),
      )
      .min(3)
      .refine(
        (c) => ['analyte', 'result', 'unit'].every((f) => c.some((x) => x.field === f)),
        'expected at least the analyte, result and unit columns',
      )
      .refine(
        (c) => c.reduce((sum, x) => sum + x.width, 0) <= 1.0001,
        'expected the column widths (fractions of the page width) to add up to at most 1',
      ),
    summaryAnalytes: z.array(z.string().min(1)).max(8),
    /** The method (or SOP and instrument) per panel key, printed under the panel's heading. */
    methods: z.record(z.string().min(1), z.string().min(1)),
    statement: z.string().min(1),
    otherLabStatement: z.string().min(1),
    qr: z.object({ size: size(48, 140), caption: z.string() }).strict(),
  })
  .strict();

export type CertificateLayout = z.infer<typeof CertificateLayoutSchema>;

/** Reads and validates the layout file; a bad file stops the service with errors naming the file and JSON path. */
export function loadCertificateLayout(file: string): CertificateLayout {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError([
      `CERTIFICATE_LAYOUT_FILE: ${file} cannot be read as JSON (${e instanceof Error ? e.message : String(e)})`,
    ]);
  }
  const parsed = CertificateLayoutSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(describeZodIssues(parsed.error).map((p) => `certificate layout ${file}: ${p}`));
  return parsed.data;
}

/** `{name}` placeholders filled from `values`; an unknown name stays as written so a typo shows on the page. */
export function fillText(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
