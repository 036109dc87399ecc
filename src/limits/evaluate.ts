import { PANELS, type NormalizedResult, type PanelKey } from '../catalog';
import { evaluateResult } from './evaluate-result';
import type { EvaluatedResult, Evaluation, EvaluationCheck, PanelStatus, ProductContext, Verdict } from './evaluation';
import { panelHasLimit, requiredPanelsFor, type ProductScope } from './find-limit';
import type { LimitTable } from './limit-table.schemas';
import { doseCapChecks, labelClaimChecks } from './product-checks';
import { totalMismatchChecks } from './total-checks';

/**
 * Evaluates a sample's results against a limit table for its product: a status per result, per panel
 * and for the sample, plus checks of printed totals, label claims and edible dose caps.
 *
 * Panels listed: every panel with results, every panel the product requires, and every panel the table
 * has a limit for on this product (so a panel nobody tested shows as `not_tested`). The verdict is `fail` when any panel or
 * any label-claim / dose-cap check fails; `incomplete` when a required panel is not fully judged, any
 * panel is incomplete, a check could not be made, or a printed total disagrees with its terms;
 * otherwise `pass`.
 */
export function evaluate(results: readonly NormalizedResult[], table: LimitTable, product: ProductContext): Evaluation {
  const scope: ProductScope = {
    productType: product.productType,
    route: product.route,
    typeOfUse: product.typeOfUse ?? 'adult_use',
  };
  const evaluated = results.map((r) => evaluateResult(r, table, scope));
  const requiredPanels = requiredPanelsFor(table, product.productType);

  const panels: Record<string, PanelStatus> = {};
  for (const panel of PANELS) {
    const mine = evaluated.filter((r) => r.panel === panel);
    const listed = mine.length > 0 || requiredPanels.includes(panel) || panelHasLimit(table, panel, scope);
    if (listed) panels[panel] = panelStatus(mine);
  }

  const checks: EvaluationCheck[] = [
    ...totalMismatchChecks(results),
    ...labelClaimChecks(results, table, product),
    ...doseCapChecks(results, table, product),
  ];
  return {
    results: evaluated,
    panels,
    verdict: verdictOf(panels, requiredPanels, checks),
    checks,
    table: table.id,
    requiredPanels,
  };
}

export function panelStatus(results: readonly EvaluatedResult[]): PanelStatus {
  const statuses = results.map((r) => r.status);
  if (statuses.length === 0) return 'not_tested';
  if (statuses.includes('fail')) return 'fail';
  if (statuses.every((s) => s === 'not_tested')) return 'not_tested';
  if (statuses.some((s) => s === 'not_tested' || s === 'no_limit' || s === 'indeterminate')) return 'incomplete';
  if (statuses.every((s) => s === 'report_only')) return 'report_only';
  return 'pass';
}

function verdictOf(
  panels: Record<string, PanelStatus>,
  required: readonly PanelKey[],
  checks: readonly EvaluationCheck[],
): Verdict {
  const statuses = Object.values(panels);
  if (statuses.includes('fail') || checks.some((c) => c.status === 'fail' && c.kind !== 'total_mismatch')) return 'fail';
  const requiredJudged = required.every((p) => panels[p] === 'pass' || panels[p] === 'report_only');
  if (!requiredJudged || statuses.includes('incomplete') || checks.some((c) => c.status !== 'pass')) return 'incomplete';
  return 'pass';
}
