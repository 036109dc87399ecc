import { ImportRejected } from '../../import-rejected.error';
import type { ParseContext, SourceFileInput } from '../../source-adapter';
import { parseWithTemplateDetailed } from '../instrument-engine';
import type { InstrumentTemplate } from '../instrument-template.schema';
import { cleanText, columnLetter, type TableFile } from '../table-file';

/** What a template would import from the file, read by the real engine. */
export interface ProposalPreview {
  samples: number;
  results: number;
  qcRows: number;
  qcByKind: Record<string, number>;
  /** The first results, as the engine read them. */
  rows: Array<{ sample: string; analyte: string; value: string; unit: string; cell: string; waitsFor?: string }>;
  warnings: string[];
  /** The refusal the import would answer with, instead of results. */
  refused?: { code: string; message: string };
}

const PREVIEW_ROWS = 60;

export function previewTemplate(
  file: SourceFileInput,
  table: TableFile,
  template: InstrumentTemplate,
  ctx: ParseContext,
): ProposalPreview {
  try {
    const { batch, qcRecords } = parseWithTemplateDetailed(file, template, ctx, { table });
    const rows: ProposalPreview['rows'] = [];
    let results = 0;
    for (const sample of batch.samples)
      for (const row of sample.rows) {
        results++;
        if (rows.length >= PREVIEW_ROWS) continue;
        const p = row.provenance;
        rows.push({
          sample: sample.ref.labSampleId ?? sample.ref.sampleName ?? '',
          analyte: row.name,
          value: row.valueText,
          unit: row.unitText ?? '',
          cell: p.kind === 'cell' ? `${p.sheet !== undefined ? `${p.sheet}!` : ''}${p.column}${p.row}` : '',
          ...(row.pendingCalculation ? { waitsFor: 'prep data (mass, volume, dilution)' } : {}),
        });
      }
    const qcByKind: Record<string, number> = {};
    for (const qc of qcRecords) qcByKind[qc.reason] = (qcByKind[qc.reason] ?? 0) + 1;
    return { samples: batch.samples.length, results, qcRows: qcRecords.length, qcByKind, rows, warnings: batch.warnings };
  } catch (error) {
    if (!(error instanceof ImportRejected)) throw error;
    return {
      samples: 0,
      results: 0,
      qcRows: 0,
      qcByKind: {},
      rows: [],
      warnings: [],
      refused: { code: error.details.code ?? 'rejected', message: error.message },
    };
  }
}

/** The first rows of the sheet the proposal reads, as text, for the teach page's grid. */
export function fileGrid(
  table: TableFile,
  sheetName: string | undefined,
  headerRow: number,
): { sheet?: string; columns: string[]; rows: Array<{ number: number; cells: string[] }> } {
  const sheet = table.sheets.find((s) => s.name === sheetName) ?? table.sheets[0];
  const at = Math.max(
    0,
    sheet.rows.findIndex((r) => r.number === headerRow),
  );
  const slice = sheet.rows.slice(Math.max(0, at - 3), at + 25);
  const width = Math.min(40, Math.max(0, ...slice.map((r) => r.cells.length)));
  return {
    ...(sheet.name !== undefined ? { sheet: sheet.name } : {}),
    columns: Array.from({ length: width }, (_, i) => columnLetter(i)),
    rows: slice.map((r) => ({
      number: r.number,
      cells: Array.from({ length: width }, (_, i) => cleanText(r.cells[i]?.text ?? '').slice(0, 80)),
    })),
  };
}
