import { ImportRejected } from '../import-rejected.error';
import type { ParsedBatch, QcRow } from '../parsed-batch';
import type { Detection, ParseContext, SourceFileInput } from '../source-adapter';
import { parseWithTemplateDetailed, type QcRecord } from './instrument-engine';
import type { InstrumentTemplate } from './instrument-template.schema';
import { readTableFile } from './read-table';
import type { ReadLimits, TableFile } from './table-file';
import { detectTemplates, explainNoMatch } from './template-detection';

/**
 * The instrument adapter's synchronous work: read the table once per file, detect, explain, parse. It runs
 * in the caller's thread for small files and inside the table worker for large ones (see `TableWorker`).
 */
export class InstrumentJobs {
  private lastRead?: { sha256: string; size: number; table: TableFile };

  constructor(
    private readonly templates: InstrumentTemplate[],
    private readonly limits: ReadLimits,
  ) {}

  /** Empty when the file is not a readable table or no template's signature fits. */
  detect(file: SourceFileInput): Detection[] {
    let table: TableFile;
    try {
      table = this.read(file);
    } catch (error) {
      if (error instanceof ImportRejected) return [];
      throw error;
    }
    return detectTemplates(file, this.templates, { table });
  }

  /** `ctx.template` must be one of the templates (the adapter checks it first). */
  parse(file: SourceFileInput, ctx: ParseContext & { template: string }): ParsedBatch {
    const template = this.templates.find((t) => t.id === ctx.template);
    if (!template)
      throw new ImportRejected(`unknown instrument template "${ctx.template}"`, {
        template: ctx.template,
        code: 'unknown_template',
      });
    let table: TableFile;
    try {
      table = this.read(file);
    } catch (error) {
      if (error instanceof ImportRejected && error.details.template === undefined)
        throw new ImportRejected(error.reason, { ...error.details, template: template.id });
      throw error;
    } finally {
      // Parsing is the last use: a 100,000-row table must not stay in memory until the next upload.
      this.lastRead = undefined;
    }
    const { batch, qcRecords } = parseWithTemplateDetailed(file, template, ctx, { table, limits: this.limits });
    return { ...batch, qcRows: qcRecords.map(toQcRow) };
  }

  explain(file: SourceFileInput): ImportRejected {
    try {
      return explainNoMatch(file, this.templates, { table: this.read(file) });
    } catch (error) {
      if (error instanceof ImportRejected) return error;
      throw error;
    } finally {
      this.lastRead = undefined;
    }
  }

  private read(file: SourceFileInput): TableFile {
    const cached = this.lastRead;
    if (cached && cached.sha256 === file.sha256 && cached.size === file.bytes.length) return cached.table;
    const table = readTableFile(file.bytes, this.limits);
    this.lastRead = { sha256: file.sha256, size: file.bytes.length, table };
    return table;
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
