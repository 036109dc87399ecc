import type { QcKind, QcRules } from './instrument-template.schema';
import type { SourceRecord } from './source-record';
import { cleanText, headerKey } from './table-file';

export type QcReason = QcKind | 'sample_type' | 'internal_standard';

/** Compiled QC rules of one template. */
export interface QcClassifier {
  classify(record: SourceRecord): QcReason | undefined;
}

/**
 * QC is decided per record: internal standards / reference channels by analyte name or marker column,
 * QC samples by the instrument's sample type and by name patterns tested on the lab sample ID and the
 * sample name. Anything classified here is counted and never becomes a result.
 */
export function compileQcRules(rules: QcRules): QcClassifier {
  const names = rules.sampleNames.map((r) => ({ kind: r.kind, re: new RegExp(r.pattern, 'i') }));
  const istd = rules.internalStandards.map((r) =>
    'analyte' in r
      ? { kind: 'analyte' as const, re: new RegExp(r.analyte, 'i') }
      : { kind: 'column' as const, column: r.column, re: new RegExp(r.pattern, 'i') },
  );
  const qcTypes = new Set((rules.sampleType?.qcValues ?? []).map(headerKey));
  const sampleTypes = rules.sampleType?.sampleValues ? new Set(rules.sampleType.sampleValues.map(headerKey)) : undefined;

  return {
    classify(record) {
      for (const rule of istd) {
        if (rule.kind === 'analyte') {
          if (rule.re.test(record.analyte.name)) return 'internal_standard';
        } else {
          const cell = record.column(rule.column);
          if (cell && rule.re.test(cell.text.trim())) return 'internal_standard';
        }
      }
      const ids = [record.sample.labSampleId, record.sample.sampleName]
        .filter((c) => c !== undefined)
        .map((c) => cleanText(c.text));
      for (const rule of names) if (ids.some((id) => rule.re.test(id))) return rule.kind;
      const type = record.sample.sampleType ? headerKey(record.sample.sampleType.text) : '';
      if (type !== '' && (qcTypes.has(type) || (sampleTypes !== undefined && !sampleTypes.has(type)))) return 'sample_type';
      return undefined;
    },
  };
}
