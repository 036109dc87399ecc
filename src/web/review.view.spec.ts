import type { Actor } from '../auth/actor';
import type { ResultSetView } from '../results/result-set.mapper';
import type { ResultView } from '../results/result.mapper';
import { toProvenanceView } from './provenance.view';
import { toReviewView } from './review.view';

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
    provenance: { kind: 'cell', sha256: SHA, sheet: 'Results', row: 4, column: 'C', header: 'Result', context: ['2502RLI0135-0489', 'Lead', '0.12'] },
    ...over,
  };
}

function set(over: Partial<ResultSetView>): ResultSetView {
  return {
    id: 'set-1',
    sample: { id: 's', labSampleId: '2502RLI0135-0489', uid: null, sourceUid: null, productType: 'flower', client: { licenseNumber: 'OCM-PROC-24-000030', name: 'SJR Horticulture' }, retestOf: null },
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

const manager: Actor = { id: 'm', username: 'maria', role: 'manager', licenseNumber: null };
const technician: Actor = { id: 't', username: 'tara', role: 'technician', licenseNumber: null };

describe('the review page', () => {
  it('groups results by panel in the order given, with each panel’s verdict', () => {
    const view = toReviewView(
      set({ results: [result({ panel: 'cannabinoids', analyte: 'thca', name: 'THCa' }), result({}), result({ analyte: 'cadmium', name: 'Cadmium' })] }),
      manager,
      false,
      files,
    );
    expect(view.panels.map((p) => [p.title, p.verdict, p.rows.map((r) => r.name)])).toEqual([
      ['Cannabinoids', 'report_only', ['THCa']],
      ['Metals', 'fail', ['Lead', 'Cadmium']],
    ]);
  });

  it.each([
    ['a fail', { status: 'fail' }, [], 'fail', ['over the limit']],
    ['a value another source contradicts', {}, ['lead'], 'conflict', ['another source reported a different value']],
    ['a value the reader was unsure of', { unsure: 'column overlap' }, [], 'unsure', ['unsure: column overlap']],
    ['a computed total', { derived: true }, [], 'plain', ['computed here']],
  ])('marks %s with a tone and says why in words', (_, over, conflicted, tone, notes) => {
    const view = toReviewView(set({ results: [result(over as Partial<ResultView>)], unresolvedConflicts: conflicted as string[] }), manager, false, files);
    expect(view.panels[0].rows[0]).toMatchObject({ tone, notes });
  });

  it('keeps a non-detect as its qualifier', () => {
    const view = toReviewView(set({ results: [result({ value: null, valueText: null, qualifier: 'ND' })] }), manager, false, files);
    expect(view.panels[0].rows[0].value).toBe('ND');
  });

  it.each([
    ['a manager who neither created nor submitted it', manager, set({}), { approve: true, approveBlocked: null, reject: true, submit: false }],
    ['the manager who submitted it', { ...manager, username: 'tara' }, set({ createdBy: 'ivan' }), { approve: false, approveBlocked: expect.stringContaining('You submitted'), reject: true }],
    [
      'a manager who resolved a conflict in it',
      manager,
      set({ contributors: [{ by: 'tara', as: 'imported' }, { by: manager.username, as: 'imported' }, { by: manager.username, as: 'resolved_conflict' }] }),
      { approve: false, approveBlocked: 'You contributed to these results (imported results into it, resolved a conflict between sources); another manager must approve them.', reject: true },
    ],
    ['a technician', technician, set({}), { approve: false, approveBlocked: null, reject: false }],
    ['anyone, on a draft', technician, set({ status: 'draft' }), { submit: true, approve: false }],
    ['a manager, on an approved set', manager, set({ status: 'approved' }), { amend: true, approve: false, submit: false }],
  ])('offers %s only the actions the workflow allows', (_, actor, s, actions) => {
    expect(toReviewView(s, actor, false, files).actions).toMatchObject(actions);
  });

  it('lists what stands between the set and its release, each item with its fix', () => {
    const item = { kind: 'missing_panel' as const, panel: 'pesticides', analyte: null, reason: 'New York requires the pesticides panel', fix: 'import the pesticides results', blocking: true, overridable: true };
    expect(toReviewView(set({}), manager, false, files, [item]).readiness).toEqual([
      { reason: 'New York requires the pesticides panel', fix: 'import the pesticides results', blocking: true, overridable: true },
    ]);
    expect(toReviewView(set({}), manager, false, files).readiness).toEqual([]);
  });

  it('lets the submitting manager approve when one-person approval is allowed', () => {
    expect(toReviewView(set({}), { ...manager, username: 'tara' }, true, files).actions).toMatchObject({ approve: true, approveBlocked: null });
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
    ['a form field', { kind: 'field' as const, field: 'results[0]' }, { source: 'entered by hand', location: 'form field results[0]', sha256: null }],
    ['a file no longer named', { kind: 'text' as const, sha256: 'b'.repeat(64), page: 1, line: 1 }, { source: `file ${'b'.repeat(12)}…` }],
  ])('names the file and place of %s', (_, p, expected) => {
    expect(toProvenanceView(p, files)).toMatchObject(expected);
  });
});
