import { ImportRejected } from '../import-rejected.error';
import type { ParsedBatch, QcRow } from '../parsed-batch';
import type { Detection, ParseContext, SourceAdapter, SourceFileInput } from '../source-adapter';
import { parseWithTemplateDetailed, type QcRecord } from './instrument-engine';
import type { InstrumentTemplate } from './instrument-template.schema';
import { readTableFile } from './read-table';
import type { ReadLimits, TableFile } from './table-file';
import { detectTemplates, explainNoMatch } from './template-detection';

/**
 * The instrument-export source adapter: one engine, many JSON templates. Plain class; the Nest module
 * registers it under `SOURCE_ADAPTERS`. The file is read once and reused between `detect` and `parse`.
 */
export class InstrumentSourceAdapter implements SourceAdapter {
  readonly kind = 'instrument' as const;
  private lastRead?: { sha256: string; size: number; table: TableFile };

  constructor(
    private readonly templates: InstrumentTemplate[],
    private readonly limits: ReadLimits,
  ) {}

  /** Empty when the file is not a readable table or no template's signature fits (use `explainRejection` for why). */
  async detect(file: SourceFileInput): Promise<Detection[]> {
    let table: TableFile;
    try {
      table = this.read(file);
    } catch (error) {
      if (error instanceof ImportRejected) return [];
      throw error;
    }
    return detectTemplates(file, this.templates, { table });
  }

  hasTemplate(template: string): boolean {
    return this.templates.some((t) => t.id === template);
  }

  async parse(file: SourceFileInput, ctx: ParseContext & { template: string }): Promise<ParsedBatch> {
    const template = this.templates.find((t) => t.id === ctx.template);
    if (!template)
      throw new ImportRejected(`unknown instrument template "${ctx.template}"`, {
        template: ctx.template,
        expected: `one of ${this.templates.map((t) => t.id).join(', ')}`,
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

  /** Why no template was detected: the read error (empty, corrupt, too large, not a table) or each template's unmet requirement. */
  explainRejection(file: SourceFileInput): ImportRejected {
    try {
      return explainNoMatch(file, this.templates, { table: this.read(file) });
    } catch (error) {
      if (error instanceof ImportRejected) return error;
      throw error;
    } finally {
      this.lastRead = undefined;
    }
  }

  /** Templates for pickers and the admin page. */
  listTemplates(): Array<Pick<InstrumentTemplate, 'id' | 'version' | 'title' | 'instrument' | 'fileKinds'> & { auto: boolean }> {
    return this.templates.map((t) => ({ id: t.id, version: t.version, title: t.title, instrument: t.instrument, fileKinds: t.fileKinds, auto: t.match.auto }));
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
  return { kind: record.reason, sample: record.labSampleId ?? record.sampleName ?? '', name: record.name, value: record.valueText, cell };
}
