import { ImportRejected } from '../import-rejected.error';
import type { ParsedBatch, QcRow } from '../parsed-batch';
import type { Detection, ParseContext, SourceFileInput } from '../source-adapter';
import { parseWithTemplateDetailed, type QcRecord } from './instrument-engine';
import type { InstrumentTemplate } from './instrument-template.schema';
import { readTableFile } from './read-table';
import type { ReadLimits, TableFile } from './table-file';
import { detectTemplates, explainNoMatch } from './template-detection';

/** A file read as a table once, for the detect, parse or explain that follow; or why it is not a readable table. */
export type TableRead = { table: TableFile } | { refusal: ImportRejected };

/**
 * The instrument adapter's synchronous work: read the table, detect, explain, parse. It runs in the caller's
 * thread for small files and inside the table worker for large ones (see `TableWorker`). It keeps nothing: the
 * caller holds a file's `TableRead` for as long as it works on that file.
 */
export class InstrumentJobs {
  constructor(
    private readonly templates: InstrumentTemplate[],
    private readonly limits: ReadLimits,
  ) {}

  read(file: SourceFileInput): TableRead {
    try {
      return { table: readTableFile(file.bytes, this.limits) };
    } catch (error) {
      if (error instanceof ImportRejected) return { refusal: error };
      throw error;
    }
  }

  /** Empty when the file is not a readable table or no template's signature fits. */
  detect(file: SourceFileInput, read: TableRead): Detection[] {
    if ('refusal' in read) return [];
    return detectTemplates(file, this.templates, { table: read.table });
  }

  /** `ctx.template` must be one of the templates (the adapter checks it first). */
  parse(file: SourceFileInput, ctx: ParseContext & { template: string }, read: TableRead): ParsedBatch {
    const template = this.templates.find((t) => t.id === ctx.template);
    if (!template)
      throw new ImportRejected(`unknown instrument template "${ctx.template}"`, {
        template: ctx.template,
        code: 'unknown_template',
      });
    if ('refusal' in read) {
      const { refusal } = read;
      if (refusal.details.template === undefined)
        throw new ImportRejected(refusal.reason, { ...refusal.details, template: template.id });
      throw refusal;
    }
    const { batch, qcRecords } = parseWithTemplateDetailed(file, template, ctx, { table: read.table, limits: this.limits });
    return { ...batch, qcRows: qcRecords.map(toQcRow) };
  }

  explain(file: SourceFileInput, read: TableRead): ImportRejected {
    if ('refusal' in read) return read.refusal;
    return explainNoMatch(file, this.templates, { table: read.table });
  }
}

function toQcRow(record: QcRecord): QcRow {
  const p = record.provenance;
  const cell = p.kind === 'cell' ? `${p.sheet !== undefined ? `${p.sheet}!` : ''}${p.column}${p.row}` : '';
  return {
    kind: record.reason,
    sample: record.labSampleId ?? record.sampleName ?? '',
    name: record.name,
    value: record.valueText,
    cell,
  };
}
