import { missingPanelsOf, recordedPartial, sameSet, withoutPartial, withoutRelease } from './partial-release';
import type { ReadinessItem } from './release-readiness';

const item = (kind: ReadinessItem['kind'], panel: string | null): ReadinessItem => ({
  kind,
  panel,
  analyte: null,
  reason: 'r',
  fix: 'f',
  blocking: true,
  overridable: kind === 'missing_panel',
});

describe('a deliberately partial release', () => {
  it('takes the missing panels from the readiness items, in order, and nothing else', () => {
    expect(
      missingPanelsOf([item('missing_panel', 'terpenes'), item('unsure_value', 'metals'), item('missing_panel', 'moisture')]),
    ).toEqual(['terpenes', 'moisture']);
  });

  it('reads a recorded override, and treats one without its reason, panels, author or time as absent', () => {
    const partial = {
      reason: 'client ordered potency only',
      missingPanels: ['metals'],
      by: 'mia',
      at: '2026-12-06T20:00:00.000Z',
    };
    expect(recordedPartial({ release: { partial, signatures: [] } })).toEqual(partial);
    expect(recordedPartial({ release: { partial: { reason: 'x', missingPanels: ['metals'] } } })).toBeNull();
    expect(recordedPartial({ release: 'nonsense' })).toBeNull();
    expect(recordedPartial(null)).toBeNull();
  });

  it('drops the override but keeps the rest of the release record; an amendment starts without any', () => {
    const meta = { lab: 'L', release: { partial: { reason: 'x' }, signatures: [{ username: 'mia' }] } };
    expect(withoutPartial(meta)).toEqual({ lab: 'L', release: { signatures: [{ username: 'mia' }] } });
    expect(withoutRelease(meta)).toEqual({ lab: 'L' });
  });

  it('compares panel lists as sets', () => {
    expect(sameSet(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameSet(['a'], ['a', 'b'])).toBe(false);
  });
});
