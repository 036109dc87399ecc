import * as fs from 'node:fs';
import { Body, Req, Res, UploadedFile } from '@nestjs/common';
import type { Response } from 'express';
import { ZodError } from 'zod';
import { type Actor, CurrentActor } from '../auth/actor';
import { LAB_STAFF } from '../auth/role';
import { DomainError } from '../common/errors';
import { describeZodIssues } from '../common/zod-issues';
import { type AttachedCertificate, type CertificateHeader, ManualEntryService } from '../ingest/manual/manual-entry.service';
import { CoaSourceAdapter } from '../ingest/coa/coa.adapter';
import { ImportRejected } from '../ingest/import-rejected.error';
import { type ManualEntryFormValues, plainFormMessage, toManualEntryFormView } from './manual-entry.view';
import type { UploadedFile as WebUploadedFile } from './upload.service';
import { ViewRenderer } from './view-renderer.service';
import { ManualEntryFormSchema } from './web-forms.schemas';
import type { WebRequest } from './web-request';
import { FormPage, Page, WebController } from './web-route.decorators';

/**
 * Results for product from a non-integrated source, typed in and/or pre-filled from the paper certificate PDF.
 * A refused form comes back with everything typed still in it and the reason on top, rows counted from 1.
 */
@WebController('manual-entry')
export class ManualEntryPageController {
  constructor(
    private readonly manual: ManualEntryService,
    private readonly views: ViewRenderer,
    private readonly coa: CoaSourceAdapter,
  ) {}

  @Page('', LAB_STAFF)
  manualEntryPage(@Req() req: WebRequest) {
    return this.form(req, { results: [] });
  }

  /** "Read the certificate": fills the header fields left blank from the certificate and keeps the file for the entry. */
  @FormPage('read', LAB_STAFF, { field: 'certificate' })
  async readCertificate(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
    @UploadedFile() upload: WebUploadedFile | undefined,
  ) {
    const values = formValues(body);
    if (!upload || upload.size === 0) return this.refuse(req, res, values, 400, 'Choose the certificate PDF to read first.');
    try {
      const header = await this.manual.readCertificate(await fs.promises.readFile(upload.path), upload.originalname);
      const filled: ManualEntryFormValues = { ...values, certificateSha256: header.sha256, certificateName: header.name };
      const today = new Date().toISOString().slice(0, 10);
      for (const [field, value] of Object.entries(header.fields)) {
        const typed = filled[field as keyof ManualEntryFormValues];
        // The date field starts as today: a certificate's own date replaces that default, never a date a person typed.
        const blank = !typed || (field === 'certificateDate' && typed === today);
        if (blank) (filled as unknown as Record<string, unknown>)[field] = value;
      }
      req.webSession?.flash.push({ kind: 'success', text: readMessage(header) });
      res.status(200).type('html').send(this.form(req, filled));
    } catch (error) {
      this.refuseWith(req, res, values, error);
    }
  }

  @FormPage('', LAB_STAFF, { field: 'certificate' })
  async createManualEntry(
    @CurrentActor() actor: Actor,
    @Req() req: WebRequest,
    @Res() res: Response,
    @Body() body: Record<string, unknown>,
    @UploadedFile() upload: WebUploadedFile | undefined,
  ) {
    const values = formValues(body);
    try {
      const form = ManualEntryFormSchema.parse(withoutCertificateFields(body));
      const certificate: AttachedCertificate | undefined =
        upload && upload.size > 0
          ? { name: upload.originalname, bytes: await fs.promises.readFile(upload.path) }
          : values.certificateSha256
            ? { sha256: values.certificateSha256, name: values.certificateName }
            : undefined;
      const view = await this.manual.create(actor, form, certificate);
      const pending = view.pendingConfirmation.length;
      req.webSession?.flash.push({
        kind: 'success',
        text: pending
          ? `Entered. ${pending} value(s) read from the certificate wait for your confirmation below.`
          : 'Entered. Submit it for review when it is complete.',
      });
      res.redirect(303, `/review/${view.id}`);
    } catch (error) {
      this.refuseWith(req, res, values, error);
    }
  }

  private form(req: WebRequest, values: ManualEntryFormValues): string {
    return this.views.render(
      req,
      'manual-entry',
      toManualEntryFormView(new Date().toISOString().slice(0, 10), this.coa.permittedLabs(), values),
    );
  }

  private refuseWith(req: WebRequest, res: Response, values: ManualEntryFormValues, error: unknown): void {
    if (error instanceof ZodError) {
      return this.refuse(
        req,
        res,
        values,
        400,
        describeZodIssues(error)
          .map((m) => plainFormMessage(m, values))
          .join(' '),
      );
    }
    if (error instanceof ImportRejected)
      return this.refuse(req, res, values, 422, `The certificate could not be read: ${error.message}`);
    if (error instanceof DomainError) return this.refuse(req, res, values, error.status, plainFormMessage(error.message, values));
    throw error;
  }

  private refuse(req: WebRequest, res: Response, values: ManualEntryFormValues, status: number, text: string): void {
    req.webSession?.flash.push({ kind: 'error', text });
    res.status(status).type('html').send(this.form(req, values));
  }
}

function readMessage(h: CertificateHeader): string {
  const filled = Object.keys(h.fields).length;
  const unsure = h.unsure > 0 ? `, ${h.unsure} of them not read with certainty` : '';
  return `Read ${h.name}: ${filled} header field(s) filled where blank; ${h.rows} result(s) will be pre-filled for your confirmation${unsure}. Check the header, complete it and enter.`;
}

/** The form as posted, kept to show it again: text fields as strings, result rows in their printed order. */
function formValues(body: Record<string, unknown>): ManualEntryFormValues {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const rows = Array.isArray(body.results)
    ? body.results
    : body.results && typeof body.results === 'object'
      ? Object.values(body.results as Record<string, unknown>)
      : [];
  const values: ManualEntryFormValues = {
    // Array.from, not map: a row left out of the post is a hole in the array, shown again as a blank row.
    results: Array.from(rows as unknown[], (r) => {
      const row = (r ?? {}) as Record<string, unknown>;
      return {
        analyte: text(row.analyte) ?? '',
        value: text(row.value) ?? '',
        qualifier: text(row.qualifier) ?? '',
        unit: text(row.unit) ?? '',
        loq: text(row.loq) ?? '',
        limit: text(row.limit) ?? '',
      };
    }),
  };
  for (const key of FIELDS) {
    const v = text(body[key]);
    if (v !== undefined) (values as unknown as Record<string, unknown>)[key] = v;
  }
  return values;
}

const FIELDS = [
  'uid',
  'clientLicense',
  'productType',
  'route',
  'productName',
  'batch',
  'supplierLicense',
  'supplierUid',
  'labName',
  'labLicense',
  'certificateNumber',
  'certificateDate',
  'certificateSha256',
  'certificateName',
] as const;

/** The form's own fields for the entry schema; rows left out of the post (holes in the array) are skipped. */
function withoutCertificateFields(body: Record<string, unknown>): Record<string, unknown> {
  const { certificateSha256: _sha, certificateName: _name, ...rest } = body;
  return Array.isArray(rest.results) ? { ...rest, results: Object.fromEntries(Object.entries(rest.results)) } : rest;
}
