import { CoaLayoutSchema } from './coa-layout.schema';
import { matchTableHeader, readRow, resolveHeader, stackHeader } from './coa-table';
import { LayoutWords } from './coa-words';
import type { TextLine } from './text-line';

/** A line of cells, each given as [text, x0, x1]. */
function line(y: number, cells: Array<[string, number, number]>): TextLine {
  const built = cells.map(([text, x0, x1]) => ({ text, x0, x1, size: 7, parts: [{ text, x0, x1, y, size: 7 }] }));
  return { page: 1, line: 0, y, size: 7, cells: built, text: built.map((c) => c.text).join(' '), region: 'body' };
}

const layout = CoaLayoutSchema.parse({
  id: 'coa-stacked',
  title: 'stacked',
  version: '1',
  detect: { all: ['x'], score: 50 },
  statusWords: ['PASS'],
  valueWords: ['ND', 'N/A'],
  unitWords: ['μg/g'],
  table: {
    headerAbove: 2,
    columns: [
      { headers: ['COMPOUND'], roles: ['analyte'] },
      { headers: ['LOD/LOQ'], roles: ['lod', 'loq'], separator: '/' },
      { headers: ['ACTION LIMIT'], roles: ['limit'] },
      { headers: ['MEASUREMENT UNCERTAINTY'], roles: ['extra:uncertainty'] },
      { headers: ['RESULT'], roles: ['result'], units: ['μg/g'] },
      { headers: ['RESULT'], roles: ['status'] },
    ],
  },
});

// SC Labs prints a header over three lines: ACTION over LIMIT, LOD/LOQ and the value's RESULT a line higher.
const lines = [
  line(100, [['Pesticide analysis utilizing high-performance liquid chromatography', 22, 260]]),
  line(116, [
    ['ACTION', 138, 164],
    ['MEASUREMENT', 170, 222],
  ]),
  line(120, [
    ['LOD/LOQ', 96, 126],
    ['RESULT', 234, 258],
  ]),
  line(124, [
    ['COMPOUND', 31, 72],
    ['LIMIT', 142, 160],
    ['UNCERTAINTY', 173, 219],
    ['RESULT', 264, 288],
  ]),
];

describe('a table header stacked over several lines', () => {
  it('joins each word to the header cell under it, or makes it a column, and stops at a paragraph', () => {
    const header = stackHeader(lines, 3, 3, layout);
    expect(header.cells.map((c) => c.text)).toEqual([
      'COMPOUND',
      'LOD/LOQ',
      'ACTION LIMIT',
      'MEASUREMENT UNCERTAINTY',
      'RESULT',
      'RESULT',
    ]);
    expect(matchTableHeader(lines[3], layout)).toBeUndefined();
    expect(matchTableHeader(header, layout)).toBeDefined();
  });

  it('reads LOD and LOQ printed in one cell, each to its role, and doubts a cell that does not split', () => {
    const words = new LayoutWords(layout);
    const header = resolveHeader(stackHeader(lines, 3, 2, layout), [line(128, [['(μg/g)', 236, 256]]).cells[0]], layout, words);
    const row = readRow(
      line(140, [
        ['Ochratoxin A', 25, 65],
        ['6.3 / 19.2', 97, 125],
        ['20', 147, 155],
        ['N/A', 190, 202],
        ['ND', 241, 251],
        ['PASS', 268, 284],
      ]),
      header,
    );
    expect(row?.values).toEqual({
      lod: '6.3',
      loq: '19.2',
      limit: '20',
      'extra:uncertainty': 'N/A',
      result: 'ND',
      status: 'PASS',
    });
    expect(row?.doubts).toEqual([]);
    const odd = readRow(
      line(154, [
        ['Lead', 25, 40],
        ['0.04', 97, 125],
        ['ND', 241, 251],
      ]),
      header,
    );
    expect(odd?.values.lod).toBe('0.04');
    expect(odd?.values.loq).toBeUndefined();
    expect(odd?.doubts).toEqual(['"0.04" does not hold 2 values separated by "/"']);
  });

  it('reads a line of values without a name only when asked', () => {
    const header = resolveHeader(stackHeader(lines, 3, 2, layout), [], layout, new LayoutWords(layout));
    const values = line(170, [
      ['0.03 / 0.09', 97, 125],
      ['ND', 241, 251],
    ]);
    expect(readRow(values, header)).toBeUndefined();
    expect(readRow(values, header, { nameless: true })).toMatchObject({ name: '', values: { lod: '0.03', loq: '0.09' } });
  });
});
