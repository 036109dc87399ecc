import type { Actor } from '../auth/actor';
import type { ResultSetView } from '../results/result-set.mapper';
import type { ResultView } from '../results/result.mapper';
import { toProvenanceView } from './provenance.view';
import { limitCell, toReviewView } from './review.view';

const SHA = 'a'.repeat(64);
const files = new Map([[SHA, 'potency-run.xlsx']]);

function result(over: Partial<ResultView>): ResultView {
  return {
    id: over.analyte ?? 'r',
    panel: 'metals',
    analyte: 'lead',
    name: 'Lead',
    value: 0.12,
    valueText: '0.12',
    qualifier: null,
    unit: 'ug/g',
    reportedValue: '0.12',
    reportedUnit: 'µg/g',
    loq: '0.05',
    limit: '0.5',
    limitText: null,
    status: 'pass',
    appliedLimit: null,
    derived: false,
    conflict: null,
    unsure: null,
    confirmedBy: null,
    provenance: {
      kind: 'cell',
      sha256: SHA,
      sheet: 'Results',
      row: 4,
      column: 'C',
      header: 'Result',
      context: ['2502RLI0135-0489', 'Lead', '0.12'],
    },
    ...over,
  };
}

function set(over: Partial<ResultSetView>): ResultSetView {
  return {
    id: 'set-1',
    sample: {
      id: 's',
      labSampleId: '2502RLI0135-0489',
      uid: null,
      sourceUid: null,
      productType: 'flower',
      productName: 'Blue Dream',
      batch: 'B-1',
      client: { licenseNumber: 'OCM-PROC-24-000030', name: 'SJR Horticulture' },
      retestOf: null,
    },
    version: 1,
    status: 'in_review',
    origin: 'import',
    verdict: 'fail',
    createdBy: 'tara',
    contributors: [{ by: 'tara', as: 'imported' }],
    submittedBy: 'tara',
    approvedBy: null,
    approvedAt: null,
    rejectionReason: null,
    amendmentReason: null,
    amends: null,
    unresolvedConflicts: [],
    createdAt: '2026-01-09T10:00:00.000Z',
    updatedAt: '2026-01-09T10:00:00.000Z',
    amendedBy: null,
    evaluation: { panels: { metals: 'fail', cannabinoids: 'report_only' } },
    meta: null,
    results: [],
    conflicts: [],
    history: [],
    sourceFiles: {},
    ...over,
  };
}

const manager: Actor = {
  id: 'm',
  username: 'maria',
  fullName: 'Maria Manager',
  title: null,
  role: 'manager',
  licenseNumber: null,
};
const technician: Actor = {
  id: 't',
  username: 'tara',
  fullName: 'Tara Tech',
  title: null,
  role: 'technician',
  licenseNumber: null,
};

describe('the review page', () => {
  it('offers to confirm the rows of an imported draft a reader was unsure of, and only those', () => {
    const draft = set({
      status: 'draft',
      results: [result({ analyte: 'arsenic', name: 'Arsenic', unsure: 'no unit given for "Arsenic"' }), result({})],
    });
    const view = toReviewView(draft, technician, false, files);
    expect(view.actions.confirm).toBe(true);
    expect(view.awaitingConfirmation.map((r) => r.analyte)).toEqual(['arsenic']);
    expect(toReviewView(set({ status: 'draft', results: [result({})] }), technician, false, files).actions.confirm).toBe(false);
  });

  it('groups results by panel in the order given, with each panel’s verdict', () => {
    const view = toReviewView(
      set({
        results: [
          result({ panel: 'cannabinoids', analyte: 'thca', name: 'THCa' }),
          result({}),
          result({ analyte: 'cadmium', name: 'Cd 111' }),
        ],
      }),
      manager,
      false,
      files,
    );
    // Rows carry the catalog's display name; an instrument channel ("Cd 111") is kept beside it as printed.
    expect(view.panels.map((p) => [p.title, p.verdict, p.rows.map((r) => [r.name, r.printedAs])])).toEqual([
      ['Cannabinoids', 'report_only', [['THCA', null]]],
      [
        'Metals',
        'fail',
        [
          ['Lead', null],
          ['Cadmium', 'Cd 111'],
        ],
      ],
    ]);
  });

  it.each([
    ['a fail', { status: 'fail' }, [], 'fail', ['over the limit']],
    ['a value another source contradicts', {}, ['lead'], 'conflict', ['another source reported a different value']],
    ['a value the reader was unsure of', { unsure: 'column overlap' }, [], 'unsure', ['unsure: column overlap']],
    ['a computed total', { derived: true }, [], 'plain', ['computed here']],
  ])('marks %s with a tone and says why in words', (_, over, conflicted, tone, notes) => {
    const view = toReviewView(
      set({ results: [result(over as Partial<ResultView>)], unresolvedConflicts: conflicted as string[] }),
      manager,
      false,
      files,
    );
    expect(view.panels[0].rows[0]).toMatchObject({ tone, notes });
  });

  it('keeps a non-detect as its qualifier', () => {
    const view = toReviewView(
      set({ results: [result({ value: null, valueText: null, qualifier: 'ND' })] }),
      manager,
      false,
      files,
    );
    expect(view.panels[0].rows[0].value).toBe('ND');
  });

  it.each([
    [
      'a manager who neither created nor submitted it',
      manager,
      set({}),
      { approve: true, approveBlocked: null, reject: true, submit: false },
    ],
    [
      'the manager who submitted it',
      { ...manager, username: 'tara' },
      set({ createdBy: 'ivan' }),
      { approve: false, approveBlocked: expect.stringContaining('You submitted'), reject: true },
    ],
    [
      'a manager who resolved a conflict in it',
      manager,
      set({
        contributors: [
          { by: 'tara', as: 'imported' },
          { by: manager.username, as: 'imported' },
          { by: manager.username, as: 'resolved_conflict' },
        ],
      }),
      {
        approve: false,
        approveBlocked:
          'You contributed to these results (imported results into it, resolved a conflict between sources); another manager must approve them.',
        reject: true,
      },
    ],
    ['a technician', technician, set({}), { approve: false, approveBlocked: null, reject: false }],
    ['anyone, on a draft', technician, set({ status: 'draft' }), { submit: true, approve: false }],
    ['a manager, on an approved set', manager, set({ status: 'approved' }), { amend: true, approve: false, submit: false }],
  ])('offers %s only the actions the workflow allows', (_, actor, s, actions) => {
    expect(toReviewView(s, actor, false, files).actions).toMatchObject(actions);
  });

  it('lists what stands between the set and its release, each item with its fix', () => {
    const item = {
      kind: 'missing_panel' as const,
      panel: 'pesticides',
      analyte: null,
      reason: 'New York requires the pesticides panel',
      fix: 'import the pesticides results',
      blocking: true,
      overridable: true,
    };
    expect(toReviewView(set({}), manager, false, files, [item]).readiness).toEqual([
      {
        reason: 'New York requires the pesticides panel',
        fix: 'import the pesticides results',
        blocking: true,
        overridable: true,
      },
    ]);
    expect(toReviewView(set({}), manager, false, files).readiness).toEqual([]);
  });

  it('lets the submitting manager approve when one-person approval is allowed', () => {
    expect(toReviewView(set({}), { ...manager, username: 'tara' }, true, files).actions).toMatchObject({
      approve: true,
      approveBlocked: null,
    });
  });
});

describe('provenance as a reviewer reads it', () => {
  it.each([
    [
      'a spreadsheet cell',
      { kind: 'cell' as const, sha256: SHA, sheet: 'Results', row: 4, column: 'C', header: 'Result', context: ['Lead', '0.12'] },
      { source: 'potency-run.xlsx', location: 'sheet “Results”, row 4, column C (Result)', cells: ['Lead', '0.12'], text: null },
    ],
    [
      'a line of a PDF page',
      { kind: 'text' as const, sha256: SHA, page: 2, line: 14, context: 'Lead 0.12 0.05 0.5 Pass' },
      { source: 'potency-run.xlsx', location: 'page 2, line 14', cells: [], text: 'Lead 0.12 0.05 0.5 Pass' },
    ],
    [
      'a form field',
      { kind: 'field' as const, field: 'results[0]' },
      { source: 'entered by hand', location: 'form field results[0]', sha256: null },
    ],
    [
      'a file no longer named',
      { kind: 'text' as const, sha256: 'b'.repeat(64), page: 1, line: 1 },
      { source: `file ${'b'.repeat(12)}…` },
    ],
  ])('names the file and place of %s', (_, p, expected) => {
    expect(toProvenanceView(p, files)).toMatchObject(expected);
  });
});

describe('limitCell', () => {
  const applied = {
    kind: 'max',
    value: '0.5',
    text: null,
    unit: 'ug/g',
    source: 'DRS certificates',
    confidence: 'high',
    table: 'ny-2025-03-01',
  };

  it('shows the applied limit and its table for a FAIL from an instrument export, which prints no limit', () => {
    expect(limitCell(result({ status: 'fail', value: 0.9, limit: null, appliedLimit: applied }))).toEqual({
      limit: '0.5',
      limitSource: 'table ny-2025-03-01',
    });
  });

  it('names a rule in words and a limit carried over from an older table, with its unit when it differs', () => {
    expect(limitCell(result({ limit: null, appliedLimit: { ...applied, kind: 'absent', value: null, text: 'Absent' } }))).toEqual(
      { limit: 'Absent', limitSource: 'table ny-2025-03-01' },
    );
    expect(
      limitCell(result({ limit: null, unit: 'mg/kg', appliedLimit: { ...applied, carriedOverFrom: 'ny-2024-01-01' } })),
    ).toEqual({ limit: '0.5 ug/g', limitSource: 'table ny-2025-03-01, carried over from ny-2024-01-01' });
  });

  it('falls back to the printed limit when no table applied one, and says so', () => {
    expect(limitCell(result({ limit: '0.5', appliedLimit: null }))).toEqual({ limit: '0.5', limitSource: 'as printed' });
    expect(limitCell(result({ limit: null, limitText: null, appliedLimit: { note: 'no limit loaded' } }))).toEqual({
      limit: '',
      limitSource: '',
    });
  });
});

describe('the review page header', () => {
  it('names the product and batch of the sample', () => {
    const view = toReviewView(set({ results: [result({})] }), manager, false, files);
    expect(view.sample).toMatchObject({
      productName: 'Blue Dream',
      batch: 'B-1',
      client: 'SJR Horticulture (OCM-PROC-24-000030)',
    });
  });
});
