import {
  planAmendment,
  twoPersonRuleBlocks,
  unresolvedConflicts,
  unsureValues,
  withContribution,
  type Contribution,
  type CurrentReading,
} from './review-rules';

describe('the two-person rule', () => {
  const set = {
    createdBy: 'tara.tech',
    submittedBy: 'mia.manager',
    contributors: [
      { by: 'tara.tech', as: 'imported' },
      { by: 'max.manager', as: 'imported' },
      { by: 'max.manager', as: 'resolved_conflict' },
      { by: 'ada.manager', as: 'confirmed' },
    ] satisfies Contribution[],
  };
  it.each([
    { who: 'the creator', approver: 'tara.tech', allowSelf: false, blocked: { role: 'created' } },
    { who: 'the submitter', approver: 'mia.manager', allowSelf: false, blocked: { role: 'submitted' } },
    {
      who: 'a contributor',
      approver: 'max.manager',
      allowSelf: false,
      blocked: { role: 'contributed', contributions: ['imported', 'resolved_conflict'] },
    },
    {
      who: 'a person who confirmed a value',
      approver: 'ada.manager',
      allowSelf: false,
      blocked: { role: 'contributed', contributions: ['confirmed'] },
    },
    { who: 'anyone else', approver: 'zoe.manager', allowSelf: false, blocked: null },
    { who: 'the creator, when one-person approval is allowed,', approver: 'tara.tech', allowSelf: true, blocked: null },
    { who: 'the submitter, when one-person approval is allowed,', approver: 'mia.manager', allowSelf: true, blocked: null },
    { who: 'a contributor, when one-person approval is allowed,', approver: 'max.manager', allowSelf: true, blocked: null },
  ] as const)('$who: $blocked', ({ approver, allowSelf, blocked }) => {
    expect(twoPersonRuleBlocks(approver, set, allowSelf)).toEqual(blocked);
  });

  it('blocks a creator who also submitted as "created"', () => {
    expect(
      twoPersonRuleBlocks('mia.manager', { createdBy: 'mia.manager', submittedBy: 'mia.manager', contributors: [] }, false),
    ).toEqual({ role: 'created' });
  });

  it('records each person and kind of contribution once, in order', () => {
    let list = withContribution([], 'tara.tech', 'imported');
    list = withContribution(list, 'tara.tech', 'imported');
    list = withContribution(list, 'max.manager', 'imported');
    list = withContribution(list, 'tara.tech', 'corrected');
    expect(list).toEqual([
      { by: 'tara.tech', as: 'imported' },
      { by: 'max.manager', as: 'imported' },
      { by: 'tara.tech', as: 'corrected' },
    ]);
  });
});

describe('unresolved conflicts', () => {
  const reading = {
    value: '25.02',
    qualifier: null,
    unit: '%',
    reportedValue: '25.02',
    reportedUnit: '%',
    sha256: 'b'.repeat(64),
    provenance: {},
  };
  it.each([
    { state: 'no conflict', conflict: null, pending: [] },
    { state: 'competing readings', conflict: { values: [reading] }, pending: ['thca'] },
    { state: 'an empty list of readings', conflict: { values: [] }, pending: [] },
    { state: 'a resolved conflict', conflict: { resolved: { choice: 0, kept: reading, discarded: [] } }, pending: [] },
  ])('$state blocks approval of: $pending', ({ conflict, pending }) => {
    expect(unresolvedConflicts([{ analyte: 'thca', conflict }])).toEqual(pending);
  });
});

describe('planning an amendment', () => {
  const current: CurrentReading[] = [
    { analyte: 'lead', value: '0.153', qualifier: null, unit: 'ug/g', loq: '0.05', derived: false },
    { analyte: 'cadmium', value: null, qualifier: 'ND', unit: 'ug/g', loq: '0.05', derived: false },
    { analyte: 'thca', value: '24.61', qualifier: null, unit: '%', loq: '0.05', derived: false },
    { analyte: 'total_thc', value: '22.45', qualifier: null, unit: '%', loq: null, derived: true },
  ];

  it.each([
    [
      'converts ppb to the canonical µg/g, keeping the LOQ',
      { analyte: 'Pb', value: '250', unit: 'ppb' },
      { value: '0.250', qualifier: null, unit: 'ug/g', loq: '0.05', reportedValue: '250', reportedUnit: 'ppb' },
    ],
    [
      'reads a bare value in the unit the result is stored in',
      { analyte: 'lead', value: '0.14' },
      { value: '0.14', unit: 'ug/g', reportedUnit: 'ug/g' },
    ],
    ['keeps a non-detect a qualifier, never 0', { analyte: 'lead', qualifier: 'ND' }, { value: null, qualifier: 'ND' }],
    [
      'turns "<0.02" into <LOQ with the printed bound as LOQ',
      { analyte: 'Cadmium', qualifier: '<0.02' },
      { value: null, qualifier: '<LOQ', loq: '0.02' },
    ],
  ])('%s', (_, change, expected) => {
    const plan = planAmendment(current, [change]);
    expect(plan.ok).toBe(true);
    if (plan.ok) expect(plan.changes[0].reading).toMatchObject(expected);
  });

  it('records the reading it replaces, and null for an analyte the version did not report', () => {
    const plan = planAmendment(current, [
      { analyte: 'Cd', value: '0.06' },
      { analyte: 'Mercury', qualifier: 'ND', unit: 'ug/g' },
    ]);
    expect(plan).toMatchObject({
      ok: true,
      changes: [
        { analyte: 'cadmium', before: { value: null, qualifier: 'ND', unit: 'ug/g' } },
        { analyte: 'mercury', before: null },
      ],
    });
  });

  it.each([
    [
      'an unknown analyte, with candidates',
      [{ analyte: 'Mercurry', value: '0.1' }],
      { index: 0, field: 'analyte', candidates: [expect.objectContaining({ key: 'mercury' })] },
    ],
    [
      'a computed total',
      [{ analyte: 'Total THC', value: '22.5' }],
      { field: 'analyte', message: 'total_thc is computed from its constituents; amend those instead' },
    ],
    [
      'a total the version does not have',
      [{ analyte: 'Total CBD', value: '0.5' }],
      { field: 'analyte', message: 'total_cbd is computed from its constituents; amend those instead' },
    ],
    [
      'the same analyte twice under two names',
      [
        { analyte: 'Pb', value: '0.1' },
        { analyte: 'lead', value: '0.2' },
      ],
      { index: 1, field: 'analyte', message: 'lead is changed twice' },
    ],
    [
      'the same reading at another precision',
      [{ analyte: 'lead', value: '0.1530' }],
      { field: 'value', message: 'lead already reads 0.153 ug/g; nothing to amend' },
    ],
    [
      'the same non-detect',
      [{ analyte: 'cadmium', qualifier: 'not detected' }],
      { field: 'value', message: 'cadmium already reads ND; nothing to amend' },
    ],
    [
      'a qualifier sent as the value',
      [{ analyte: 'lead', value: 'ND' }],
      { field: 'value', message: '"ND" is a qualifier; send it as qualifier' },
    ],
    [
      'a number sent as the qualifier',
      [{ analyte: 'lead', qualifier: '0.2' }],
      { field: 'qualifier', message: '"0.2" is a number; send it as value' },
    ],
    ['a negative concentration', [{ analyte: 'lead', value: '-0.01' }], { field: 'value' }],
    ['text that is neither number nor qualifier', [{ analyte: 'lead', value: 'about 0.2' }], { field: 'value' }],
    ['a unit that does not convert', [{ analyte: 'lead', value: '12', unit: 'CFU/g' }], { field: 'unit' }],
    ['an unknown unit', [{ analyte: 'lead', value: '12', unit: 'furlongs' }], { field: 'unit' }],
  ])('refuses %s', (_, changes, expected) => {
    expect(planAmendment(current, changes)).toMatchObject({ ok: false, ...expected });
  });
});

describe('unsureValues', () => {
  it('lists measured values a reader was unsure of, not computed totals or confirmed ones', () => {
    expect(
      unsureValues([
        { analyte: 'arsenic', derived: false, unsure: 'no unit given' },
        { analyte: 'lead', derived: false, unsure: null },
        { analyte: 'total_thc', derived: true, unsure: 'x' },
      ]),
    ).toEqual(['arsenic']);
  });
});
