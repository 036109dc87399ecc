import { Injectable } from '@nestjs/common';
import type { ImportFieldsDto } from '../ingest/import.schemas';
import { ImportService } from '../ingest/import.service';
import { ListSamplesSchema } from '../samples/sample.schemas';
import { SampleService } from '../samples/sample.service';
import { isImportSummary, toImportSummaryView, toRejectedImportView, type ImportSummaryView } from './import-summary.view';
import type { FormOutcome } from './web-form.interceptor';
import type { UploadView } from './upload.view';
import { toUploadView } from './upload.view';
import { AppConfig } from '../config/app-config';

const SAMPLE_CHOICES = 200;
const UNMATCHED_PER_PAGE = 50;

/** The upload page, an import's summary with the samples its unmatched entries may be attached to, and attaching. */
@Injectable()
export class ImportPageService {
  constructor(
    private readonly imports: ImportService,
    private readonly samples: SampleService,
    private readonly config: AppConfig,
  ) {}

  async uploadView(): Promise<UploadView> {
    return toUploadView(this.imports.templates(), await this.imports.list(15), this.config.limits.maxUploadBytes);
  }

  async summaryView(id: string, sampleQuery: string | undefined, from = 0): Promise<ImportSummaryView> {
    const summary: unknown = await this.imports.get(id, { offset: from, limit: UNMATCHED_PER_PAGE });
    if (!isImportSummary(summary)) return toRejectedImportView(id, summary as { message?: unknown });
    const samples = summary.unmatched.some((u) => !u.attached) ? await this.samples.list(ListSamplesSchema.parse({ q: sampleQuery, limit: SAMPLE_CHOICES })) : [];
    return toImportSummaryView(summary, samples, sampleQuery);
  }

  async reprocess(actor: string, id: string, fields: ImportFieldsDto): Promise<FormOutcome> {
    const summary = await this.imports.reprocess(actor, id, fields);
    const waiting = summary.unmatched.reduce((n, u) => n + u.pending.length, 0);
    return {
      url: `/imports/${summary.id}`,
      flash: { kind: 'success', text: `Processed the file again: ${summary.resultSets.length} result set(s)${waiting ? `, ${waiting} row(s) still waiting` : ''}.` },
    };
  }

  async attach(actor: string, id: string, form: { index: number; sampleId: string }): Promise<FormOutcome> {
    const { resultSet } = await this.imports.attach(actor, id, form);
    return {
      url: `/imports/${id}`,
      flash: { kind: 'success', text: `Attached to ${resultSet.labSampleId}: its values are in the draft result set.` },
    };
  }
}
