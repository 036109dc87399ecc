import type { TestingData, TestPanel } from '../../src/simulator/biotrack-ny/biotrack.types';
import { decideTestPass, hasFinalResults, panelPasses, sampleResult } from '../../src/simulator/biotrack-ny/pass-fail';
import { isRfc3339 } from '../../src/simulator/biotrack-ny/rfc3339';

const limited = (condition: TestPanel['PassFailCondition'], limit: number): TestPanel => ({
  Name: 'lead',
  UOM: 'ug/g',
  InventoryType: null,
  PassFailCondition: condition,
  PassFailLimit: limit,
  PassFailConditional: null,
  TestValueRecordOnly: false,
  AddToTotal: false,
  TotalPanel: false,
});
const recordOnly: TestPanel = { ...limited(null, 0), PassFailLimit: null, TestValueRecordOnly: true };

describe('pass/fail of one panel', () => {
  it.each([
    ['<=', 0.5, 0.5, true],
    ['<=', 0.5, 0.500001, false],
    ['<', 0.5, 0.5, false],
    ['>=', 85, 85, true],
    ['>', 85, 85, false],
    ['=', 0, 0, true],
    ['=', 0, 1, false],
  ] as const)('value %s limit %d: %d passes is %s', (condition, limit, value, passes) => {
    expect(panelPasses(limited(condition, limit), value)).toBe(passes);
  });

  it('computes TestPass when the lab sent none, and says it was not lab-provided', () => {
    expect(decideTestPass(limited('<=', 0.5), 0.7, undefined)).toEqual({ TestPass: false, LabProvided: false });
  });

  it('keeps the lab’s TestPass even when the limit would say otherwise', () => {
    expect(decideTestPass(limited('<=', 0.5), 0.7, true)).toEqual({ TestPass: true, LabProvided: true });
  });

  it.each([true, false, undefined])('passes a record-only panel whatever the lab sent (%s)', (labPass) => {
    expect(decideTestPass(recordOnly, 1e9, labPass)).toEqual({ TestPass: true, LabProvided: false });
  });
});

describe('a sample’s Result', () => {
  const data = (testId: number, ...passes: boolean[]): TestingData => ({
    TestID: testId,
    SamplePreparationTime: null,
    LabAnalysisTime: null,
    TestResult: passes.map((TestPass, i) => ({
      TestPanel: `p${i}`,
      TestValue: 1,
      TestPass,
      LabProvided: false,
      TransactionID: 1,
    })),
  });

  it.each([
    ['no results', [], 'Pending', false],
    ['some required tests, all passing', [data(1, true)], 'Pending', false],
    ['every required test, all passing', [data(1, true), data(2, true, true)], 'Passed', true],
    ['every required test and an optional one', [data(1, true), data(2, true), data(9, true)], 'Passed', true],
    ['one failing panel among partial results', [data(2, true, false)], 'Failed', false],
    ['every required test with one failing panel', [data(1, false), data(2, true)], 'Failed', true],
  ])('is %s → %s', (_case, testingData, result, final) => {
    expect(sampleResult(testingData, [1, 2])).toBe(result);
    expect(hasFinalResults(testingData, [1, 2])).toBe(final);
  });
});

describe('RFC 3339 timestamps', () => {
  it.each([
    '2025-02-28T17:08:00Z',
    '2025-02-28T17:08:00.5Z',
    '2025-02-28T17:08:00+05:30',
    '2025-02-28T17:08:00-00:00',
    '2024-02-29T00:00:00Z',
  ])('accepts %s', (text) => expect(isRfc3339(text)).toBe(true));

  it.each([
    ['a ±hhmm offset', '2025-02-28T17:08:00+0530'],
    ['no offset', '2025-02-28T17:08:00'],
    ['a space for T', '2025-02-28 17:08:00Z'],
    ['a date alone', '2025-02-28'],
    ['February 30th', '2025-02-30T10:00:00Z'],
    ['February 29th of a common year', '2025-02-29T10:00:00Z'],
    ['hour 24', '2025-02-28T24:00:00Z'],
    ['month 13', '2025-13-01T10:00:00Z'],
  ])('refuses %s (%s)', (_case, text) => expect(isRfc3339(text)).toBe(false));
});
