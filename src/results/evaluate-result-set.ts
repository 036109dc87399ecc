import { computeTotals, isProductType, type NormalizedResult, type ProductType, type Route } from '../catalog';
import { evaluate, type Evaluation, type LimitTable } from '../limits';

export interface SampleFacts {
  productType: string;
  route: string;
  labelClaims?: Array<{ analyte: string; value: string; unit: string }> | null;
  servingsPerPackage?: string | null;
}

/**
 * Adds the totals a source did not print (computed by the catalog, marked derived) and evaluates the
 * whole set against a limit table. Printed totals stay as read; the evaluation compares them with the
 * computed ones and flags a mismatch.
 */
export function evaluateResultSet(
  measured: readonly NormalizedResult[],
  sample: SampleFacts,
  table: LimitTable,
): { results: NormalizedResult[]; evaluation: Evaluation } {
  const printed = new Set(measured.map((r) => r.analyte));
  const derived = computeTotals(measured).filter((t) => !printed.has(t.analyte));
  const results = [...measured, ...derived];
  const productType: ProductType = isProductType(sample.productType) ? sample.productType : 'other';
  const evaluation = evaluate(results, table, {
    productType,
    route: sample.route as Route,
    labelClaims: sample.labelClaims ?? undefined,
    servingsPerPackage: sample.servingsPerPackage ?? undefined,
  });
  return { results, evaluation };
}
