import { memoizedResolver, resolveAnalyte } from '../catalog';
import type { Provenance } from './parsed-batch';
import { UnknownAnalyteTally, withUnknownAnalytes } from './unknown-analytes';

const cell = (row: number): Provenance => ({ kind: 'cell', sha256: 'f'.repeat(64), sheet: 'Results', row, column: 'B' });

describe('the unknown analytes an import summary lists', () => {
  it('lists each distinct name once, with its first row and how many rows named it', () => {
    const sut = new UnknownAnalyteTally(10);
    sut.add('Zorbic acid', cell(2), []);
    sut.add('Leed', cell(3), []);
    sut.add('Zorbic acid', cell(4), []);

    expect(sut.entries().map((e) => [e.name, e.rows, e.example])).toEqual([
      ['Zorbic acid', 2, cell(2)],
      ['Leed', 1, cell(3)],
    ]);
    expect(sut.counts()).toEqual({ rows: 3, distinct: 2, listed: 2 });
  });

  it('lists only the first names past its limit and counts every row and name beyond it', () => {
    const sut = new UnknownAnalyteTally(2);
    for (let i = 0; i < 1000; i++) sut.add(`Unlisted ${i % 400}`, cell(i + 2), []);

    expect(sut.entries().map((e) => [e.name, e.rows])).toEqual([
      ['Unlisted 0', 3],
      ['Unlisted 1', 3],
    ]);
    expect(sut.counts()).toEqual({ rows: 1000, distinct: 400, listed: 2 });
  });

  it('scores candidates for the listed names only, and keeps the meanings of an ambiguous one', () => {
    const sut = new UnknownAnalyteTally(1);
    sut.add('Cadmiun', cell(2), []);
    sut.add('Leed', cell(3), []);
    const ambiguous = [{ key: 'x', name: 'X', score: 1 }];
    const other = new UnknownAnalyteTally(1);
    other.add('Either', cell(2), ambiguous);

    const scored = resolveAnalyte('Cadmiun');
    expect(sut.entries()[0].candidates).toEqual(scored.ok ? null : scored.candidates);
    expect(sut.entries()[0].candidates.map((c) => c.key)).toContain('cadmium');
    expect(other.entries()[0].candidates).toEqual(ambiguous);
  });
});

describe('memoizedResolver', () => {
  it('answers as resolveAnalyte does, once per distinct name and panel', () => {
    const resolve = memoizedResolver();
    const first = resolve('Leed', { suggest: false });

    expect(first).toEqual({ ok: false, name: 'Leed', reason: 'unknown', candidates: [] });
    expect(resolve('Leed', { suggest: false })).toBe(first);
    expect(resolve('Leed')).toEqual(resolveAnalyte('Leed'));
    expect(resolve('B1', { panelHint: 'Mycotoxins' })).toEqual(resolveAnalyte('B1', { panelHint: 'Mycotoxins' }));
    expect(resolve('B1')).toEqual(resolveAnalyte('B1'));
  });
});

describe('unknown analytes found after the file was read', () => {
  it('adds names found later (rows that waited for prep data) to the list and its counts', () => {
    const tally = new UnknownAnalyteTally(2);
    tally.add('Leed', cell(2), []);
    const first = { unknownAnalytes: tally.entries(), unknownAnalyteCounts: tally.counts() };

    const later = withUnknownAnalytes(
      first,
      [
        { name: 'Leed', provenance: cell(9), candidates: [] },
        { name: 'Zorbic acid', provenance: cell(10), candidates: [] },
        { name: 'Past the limit', provenance: cell(11), candidates: [] },
      ],
      2,
    );

    expect(later.unknownAnalytes.map((e) => [e.name, e.rows, e.example])).toEqual([
      ['Leed', 2, cell(2)],
      ['Zorbic acid', 1, cell(10)],
    ]);
    expect(later.unknownAnalyteCounts).toEqual({ rows: 4, distinct: 3, listed: 2 });
    expect(first.unknownAnalytes[0].rows).toBe(1);
  });
});
