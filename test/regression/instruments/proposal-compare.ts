import { ImportRejected } from '../../../src/ingest/import-rejected.error';
import { parseWithTemplateDetailed } from '../../../src/ingest/instruments/instrument-engine';
import type { InstrumentTemplate } from '../../../src/ingest/instruments/instrument-template.schema';
import type { TableFile } from '../../../src/ingest/instruments/table-file';
import type { ParseContext, SourceFileInput } from '../../../src/ingest/source-adapter';

/**
 * One file's results as compared between two templates: per sample, its rows' analyte, value, unit and what they
 * wait for; and the QC rows skipped, each with its sample, name and value (a file of QC only is compared too).
 */
export type ResultsDigest = { refused: string } | { samples: Record<string, string[]>; qc: string[] };

export function digestResults(
  file: SourceFileInput,
  table: TableFile,
  template: InstrumentTemplate,
  ctx: ParseContext,
): ResultsDigest {
  try {
    const { batch, qcRecords } = parseWithTemplateDetailed(file, template, ctx, { table });
    const samples: Record<string, string[]> = {};
    for (const s of batch.samples) {
      const key = s.ref.labSampleId ?? s.ref.sampleName ?? '';
      const rows = s.rows.map(
        (r) =>
          `${r.analyteKey ?? r.name} = ${r.valueText} ${r.unitText ?? ''}${r.pendingCalculation ? ` (has ${Object.keys(r.pendingCalculation.inputs).join(', ')})` : ''}`,
      );
      samples[key] = [...(samples[key] ?? []), ...rows].sort();
    }
    // The kind a QC row is filed under can differ by which rule saw it first (a sample type "Cal" or the name "Cal A").
    const qc = qcRecords.map((r) => `${r.labSampleId ?? r.sampleName ?? ''} ${r.name} = ${r.valueText}`);
    return { samples, qc };
  } catch (error) {
    if (error instanceof ImportRejected) return { refused: error.details.code ?? error.reason };
    throw error;
  }
}
