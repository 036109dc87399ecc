import { missingUid, problemsFromLines } from './sendability';

describe('the state system\'s answer to "can you send this?"', () => {
  it('names the analyte an adapter line starts with, and keeps a line about no analyte whole', () => {
    expect(
      problemsFromLines(
        ['total_yeast_mold: TNTC has no number', 'nothing to send: every result was skipped'],
        ['lead', 'total_yeast_mold'],
        'refused',
        'fix it',
      ),
    ).toEqual([
      { analyte: 'total_yeast_mold', effect: 'refused', reason: 'TNTC has no number', fix: 'fix it' },
      { analyte: null, effect: 'refused', reason: 'nothing to send: every result was skipped', fix: 'fix it' },
    ]);
  });

  it('refuses a sample with neither a UID nor the state id of its lab sample', () => {
    expect(missingUid({ labSampleId: 'S-1', uid: null, stateRef: null })).toEqual([
      expect.objectContaining({
        analyte: null,
        effect: 'refused',
        reason: expect.stringContaining('sample S-1 has no state UID'),
      }),
    ]);
    expect(missingUid({ labSampleId: 'S-1', uid: '1234567890123456', stateRef: null })).toEqual([]);
    expect(missingUid({ labSampleId: 'S-1', uid: null, stateRef: '77' })).toEqual([]);
  });
});
