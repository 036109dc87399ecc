import type { IncomingResult } from '../results/incoming-result';
import { CalculationIncomplete, completeCalculation } from './instruments/calculation';
import { printedAt } from './instruments/instrument-engine';
import type { PrepData } from './parsed-batch';
import { normalizeRow, type PendingRow, type UnknownAnalyte } from './pipeline';

/**
 * Finishes instrument calculations that were waiting for preparation data, using the data registered on
 * the matched sample. Rows that still miss an input stay pending.
 */
export function completePending(
  pending: PendingRow[],
  prep: PrepData | null,
  template: string,
): { results: IncomingResult[]; stillPending: PendingRow[]; unknown: UnknownAnalyte[] } {
  const results: IncomingResult[] = [];
  const stillPending: PendingRow[] = [];
  const unknown: UnknownAnalyte[] = [];
  for (const p of pending) {
    if (p.pending.missing.includes('unit')) {
      stillPending.push(p);
      continue;
    }
    let final: { valueText: string; unitText: string; computation: string };
    try {
      final = completeCalculation(p.pending, prep ?? {});
    } catch (e) {
      if (e instanceof CalculationIncomplete) {
        stillPending.push(p);
        continue;
      }
      throw e;
    }
    const n = normalizeRow(
      {
        ...p.row,
        valueText: final.valueText,
        unitText: final.unitText,
        pendingCalculation: undefined,
        extra: { ...p.row.extra, printedValue: final.valueText },
        provenance: {
          ...p.row.provenance,
          printed: printedAt(p.pending.measured, p.pending.measuredUnit, p.row.provenance),
          computation: final.computation,
        },
      },
      template,
    );
    if (n.kind === 'unknown') unknown.push(n.unknown);
    else results.push(n.result);
  }
  return { results, stillPending, unknown };
}
