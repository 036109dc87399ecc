import type { PassFailCondition, QaStatus, TestingData, TestPanel } from './biotrack.types';

/**
 * The contract's pass/fail rules, as plain functions:
 * - record-only panels always pass;
 * - otherwise a TestPass the lab sent is kept, and a missing one is computed from the panel's condition and limit;
 * - a sample is Failed if any panel fails, Passed when every required test has results, else Pending.
 */

export function panelPasses(panel: TestPanel, value: number): boolean {
  if (panel.TestValueRecordOnly || panel.PassFailCondition === null || panel.PassFailLimit === null) return true;
  return compare(value, panel.PassFailCondition, panel.PassFailLimit);
}

export function decideTestPass(
  panel: TestPanel,
  value: number,
  labPass: boolean | undefined,
): { TestPass: boolean; LabProvided: boolean } {
  if (panel.TestValueRecordOnly) return { TestPass: true, LabProvided: false };
  if (labPass !== undefined) return { TestPass: labPass, LabProvided: true };
  return { TestPass: panelPasses(panel, value), LabProvided: false };
}

/** Every required test has at least one result: the sample's results are final (a further POST is a conflict). */
export function hasFinalResults(testingData: readonly TestingData[], requiredTestIds: readonly number[]): boolean {
  if (testingData.length === 0) return false;
  return requiredTestIds.every((id) => testingData.some((d) => d.TestID === id && d.TestResult.length > 0));
}

export function sampleResult(testingData: readonly TestingData[], requiredTestIds: readonly number[]): QaStatus {
  if (testingData.some((d) => d.TestResult.some((r) => !r.TestPass))) return 'Failed';
  return hasFinalResults(testingData, requiredTestIds) ? 'Passed' : 'Pending';
}

function compare(value: number, condition: PassFailCondition, limit: number): boolean {
  switch (condition) {
    case '<=':
      return value <= limit;
    case '<':
      return value < limit;
    case '>=':
      return value >= limit;
    case '>':
      return value > limit;
    case '=':
      return value === limit;
  }
}
