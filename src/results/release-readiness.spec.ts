import { blockingItems, missingPanels, releaseReadiness, type ReadinessSet } from './release-readiness';

type Row = ReadinessSet['results'][number];

const row = (over: Partial<Row> = {}): Row => ({
  panel: 'metals',
  analyte: 'lead',
  derived: false,
  value: '0.2',
  qualifier: null,
  loq: '0.05',
  status: 'pass',
  unsure: null,
  confirmedBy: null,
  conflict: null,
  ...over,
});

const set = (results: Row[], over: Partial<ReadinessSet> = {}): ReadinessSet => ({
  origin: 'import',
  evaluation: { requiredPanels: ['metals'], panels: { metals: 'pass' } },
  results,
  ...over,
});

describe('releaseReadiness', () => {
  it('finds nothing in a complete, sure, sendable set', () => {
    expect(releaseReadiness(set([row()]), [])).toEqual([]);
  });

  it('names each required panel with no tested result, and only those may be overridden', () => {
    const s = set(
      [row(), row({ panel: 'microbials', analyte: 'salmonella', status: 'not_tested', value: null, qualifier: 'NT' })],
      {
        evaluation: { requiredPanels: ['metals', 'microbials', 'mycotoxins'] },
      },
    );
    expect(missingPanels(s)).toEqual(['microbials', 'mycotoxins']);
    const items = releaseReadiness(s, []);
    expect(items.map((i) => [i.kind, i.panel, i.overridable])).toEqual([
      ['missing_panel', 'microbials', true],
      ['missing_panel', 'mycotoxins', true],
    ]);
    expect(items[0].reason).toContain('New York requires the microbials panel');
    expect(blockingItems(items, true)).toEqual([]);
    expect(blockingItems(items, false)).toHaveLength(2);
  });

  it.each([
    ['unsure_value', row({ unsure: 'column overlap' }), 'the reader was unsure of lead: column overlap'],
    ['unresolved_conflict', row({ conflict: { values: [{ value: '0.3' }] } }), 'sources disagree on lead'],
    ['below_loq_as_number', row({ value: '0.01' }), 'below its LOQ 0.05'],
    ['indeterminate', row({ status: 'indeterminate', value: null, qualifier: '<LOQ' }), 'cannot show compliance'],
    ['no_limit', row({ status: 'no_limit' }), 'no limit is loaded for lead'],
  ])('%s blocks and cannot be overridden', (kind, r, reason) => {
    const items = releaseReadiness(set([r]), []);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind, blocking: true, overridable: false, analyte: 'lead' });
    expect(items[0].reason).toContain(reason);
    expect(items[0].fix).not.toBe('');
    expect(blockingItems(items, true)).toHaveLength(1);
  });

  it('holds pre-filled values of a manual entry until a person confirms them', () => {
    expect(releaseReadiness(set([row()], { origin: 'manual' }), []).map((i) => i.kind)).toEqual(['unconfirmed_value']);
    expect(releaseReadiness(set([row({ confirmedBy: 'ann' })], { origin: 'manual' }), [])).toEqual([]);
  });

  it('does not judge derived totals as measured values', () => {
    expect(releaseReadiness(set([row(), row({ analyte: 'total_thc', derived: true, value: '0.01', unsure: 'x' })]), [])).toEqual(
      [],
    );
  });

  it("passes on the state system's answer: refusals block, drops are listed without blocking", () => {
    const items = releaseReadiness(set([row()]), [
      { analyte: 'lead', effect: 'refused', reason: 'TNTC has no number', fix: 'enter it by hand' },
      { analyte: null, effect: 'dropped', reason: 'ND is not sent', fix: 'check the policy' },
    ]);
    expect(items.map((i) => [i.kind, i.blocking, i.overridable, i.analyte])).toEqual([
      ['state_system_refuses', true, false, 'lead'],
      ['state_system_drops', false, false, null],
    ]);
    expect(items[0]).toMatchObject({ reason: 'the state system cannot take this: TNTC has no number', fix: 'enter it by hand' });
  });

  it("blocks on the state system's live answer that it lacks the sample or the lab has not received it, with its fix", () => {
    const lacking = releaseReadiness(set([row()]), [], { answer: 'not_held', reason: 'no tag X', fix: 'register it' });
    expect(lacking).toEqual([
      {
        kind: 'sample_not_in_state_system',
        panel: null,
        analyte: null,
        reason: 'the state system does not hold this sample: no tag X',
        fix: 'register it',
        blocking: true,
        overridable: false,
      },
    ]);
    const waiting = releaseReadiness(set([row()]), [], { answer: 'not_received', reason: 'manifest 7', fix: 'accept it' });
    expect(waiting.map((i) => [i.kind, i.blocking, i.reason, i.fix])).toEqual([
      ['sample_not_received', true, 'the lab has not received this sample in the state system: manifest 7', 'accept it'],
    ]);
    // Neither is covered by a manager's partial-release override.
    expect(blockingItems(waiting, true)).toHaveLength(1);
  });

  it('lists a state system that could not be asked as a warning that blocks nothing; a held sample or no question adds nothing', () => {
    const items = releaseReadiness(set([row()]), [], { answer: 'unchecked', reason: 'ECONNREFUSED' });
    expect(items.map((i) => [i.kind, i.blocking, i.overridable])).toEqual([['state_system_unchecked', false, false]]);
    expect(items[0].reason).toBe('whether the state system holds this sample could not be checked: ECONNREFUSED');
    expect(blockingItems(items, false)).toEqual([]);
    expect(releaseReadiness(set([row()]), [], { answer: 'held' })).toEqual([]);
    expect(releaseReadiness(set([row()]), [], null)).toEqual([]);
  });
});
