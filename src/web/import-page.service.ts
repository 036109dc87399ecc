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
import type { Actor } from '../auth/actor';
import type { AttachAllForm } from './attach-forms.schemas';
import { pairByPosition, transferLabel } from './attach-by-position';
import { toIntakeView } from './intake.view';
import type { ImportSummary } from '../ingest/import-summary';
import type { ReprocessForm } from './web-forms.schemas';

const SAMPLE_CHOICES = 200;
/** Arrived samples read to offer intake lists for attaching by position (as the intake page reads them). */
const INTAKE_WINDOW = 500;

/** Attaching by position: the intake lists offered, and what choosing one filled in. */
export interface AttachByPositionView {
  positionLists: Array<{ value: string; label: string; selected: boolean }>;
  positionFill: { label: string; filled: number; runCount: number; listCount: number; alreadyMatched: string[] } | null;
  /** Entry index → the sample its picker is filled with. */
  prefill: Record<number, string>;
}

const NO_POSITION: AttachByPositionView = { positionLists: [], positionFill: null, prefill: {} };
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

  async summaryView(
    id: string,
    sampleQuery: string | undefined,
    from = 0,
    byPosition?: string,
  ): Promise<ImportSummaryView & AttachByPositionView> {
    const summary: unknown = await this.imports.get(id, { offset: from, limit: UNMATCHED_PER_PAGE });
    if (!isImportSummary(summary)) return { ...toRejectedImportView(id, summary as { message?: unknown }), ...NO_POSITION };
    const open = summary.unmatched.some((u) => !u.attached && !u.discarded);
    const samples = open ? await this.samples.list(ListSamplesSchema.parse({ q: sampleQuery, limit: SAMPLE_CHOICES })) : [];
    const view = toImportSummaryView(summary, samples, sampleQuery);
    if (!open) return { ...view, ...NO_POSITION };
    return { ...view, ...(await this.byPosition(summary, byPosition)) };
  }

  /** The intake lists a run may be paired with, and the pickers filled from the one chosen (see pairByPosition). */
  private async byPosition(summary: ImportSummary, transferId: string | undefined): Promise<AttachByPositionView> {
    const arrived = await this.samples.search(ListSamplesSchema.parse({ origin: 'state-system', limit: INTAKE_WINDOW }));
    const transfers = toIntakeView(arrived.samples, true).transfers.filter((t) => t.transferId !== '—');
    const lists = transfers.map((t) => ({ value: t.transferId, label: transferLabel(t), selected: t.transferId === transferId }));
    const chosen = transfers.find((t) => t.transferId === transferId);
    if (!chosen) return { positionLists: lists, positionFill: null, prefill: {} };
    // Pairing counts every open entry of the run, not only this page's.
    const all = await this.imports.get(summary.id, { offset: 0, limit: 500 });
    const fill = pairByPosition(
      all.unmatched.filter((u) => !u.attached && !u.discarded).map((u) => u.index),
      chosen,
      {
        ids: new Set(all.unmatched.flatMap((u) => (u.attached ? [u.attached.sampleId] : []))),
        refs: new Set(all.resultSets.flatMap((s) => [s.labSampleId, ...(s.uid ? [s.uid] : [])])),
      },
    );
    return {
      positionLists: lists,
      positionFill: {
        label: fill.label,
        filled: fill.values.size,
        runCount: fill.runCount,
        listCount: fill.listCount,
        alreadyMatched: fill.alreadyMatched,
      },
      prefill: Object.fromEntries(fill.values),
    };
  }

  /**
   * Processes the file again. Prep data entered per sample is first kept on the sample (an audited change, as on
   * the sample page), so this run and every later file of that sample use it.
   */
  async reprocess(actor: Actor, id: string, form: ReprocessForm): Promise<FormOutcome> {
    if (form.samples.length > 0) {
      const found = await this.samples.findByIdentifiers(form.samples.map((s) => s.sample));
      const byId = new Map(found.flatMap((s) => [[s.labSampleId, s] as const, ...(s.uid ? [[s.uid, s] as const] : [])]));
      const unknown = form.samples.filter((s) => !byId.has(s.sample)).map((s) => s.sample);
      if (unknown.length > 0)
        return { url: `/imports/${id}`, flash: { kind: 'error', text: `No sample has lab sample ID ${unknown.join(', ')}.` } };
      for (const row of form.samples) {
        const sample = byId.get(row.sample);
        if (sample) await this.samples.update(actor, sample.id, { prep: row.prep });
      }
    }
    const summary = await this.imports.reprocess(actor.username, id, form.fields as ImportFieldsDto);
    const waiting = summary.unmatched.reduce((n, u) => n + u.pending.length, 0);
    const kept = form.samples.length ? ` Prep data kept on ${form.samples.map((s) => s.sample).join(', ')}.` : '';
    return {
      url: `/imports/${summary.id}`,
      flash: {
        kind: 'success',
        text: `Processed the file again: ${summary.resultSets.length} result set(s)${waiting ? `, ${waiting} row(s) still waiting` : ''}.${kept}`,
      },
    };
  }

  /**
   * Attaches every row a person chose a sample for, in one post. Each row is its own attach (atomic, audited, as
   * the API's); a row that cannot be attached is named with the reason and the others still go in. A ticked
   * "remember" keeps the run's name for the row as a name of the sample, for the next run.
   */
  async attachAll(actor: Actor, id: string, rows: AttachAllForm): Promise<FormOutcome> {
    if (rows.length === 0)
      return { url: `/imports/${id}`, flash: { kind: 'error', text: 'Choose a sample for at least one row.' } };
    // The rows posted may be on any page of the unmatched samples: read every index the form names.
    const indexes = rows.map((r) => r.index);
    const first = Math.min(...indexes);
    const summary: unknown = await this.imports.get(id, {
      offset: first,
      limit: Math.min(500, Math.max(...indexes) - first + 1),
    });
    if (!isImportSummary(summary))
      return { url: `/imports/${id}`, flash: { kind: 'error', text: 'This upload was refused; it has nothing to attach.' } };
    const found = await this.samples.findByIdentifiers([...new Set(rows.map((r) => r.sample))]);
    const bySample = new Map(found.flatMap((s) => [[s.labSampleId, s] as const, ...(s.uid ? [[s.uid, s] as const] : [])]));
    const attached: string[] = [];
    const problems: string[] = [];
    for (const row of rows) {
      const entry = summary.unmatched.find((u) => u.index === row.index);
      const name =
        entry?.ref.labSampleId ?? entry?.ref.sampleName?.trim() ?? entry?.ref.uid ?? entry?.ref.batch ?? `row ${row.index + 1}`;
      const sample = bySample.get(row.sample);
      if (!sample) {
        problems.push(`${name}: no sample has lab sample ID or UID ${row.sample}`);
        continue;
      }
      try {
        await this.imports.attach(actor.username, id, { index: row.index, sampleId: sample.id });
        attached.push(`${name} → ${sample.labSampleId}`);
        const alias = entry?.ref.labSampleId ?? entry?.ref.sampleName?.trim();
        if (row.remember && alias) await this.samples.rememberAlias(actor, alias, sample.id);
      } catch (e) {
        problems.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const done = attached.length ? `Attached ${attached.length}: ${attached.join(', ')}.` : 'Nothing was attached.';
    return {
      url: `/imports/${id}`,
      flash: problems.length
        ? { kind: 'error', text: `${done} Not attached: ${problems.join('; ')}.` }
        : { kind: 'success', text: done },
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
