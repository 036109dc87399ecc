import { parsePastedLabIds } from './intake.view';

describe('parsePastedLabIds', () => {
  it('reads tab-, comma-, semicolon- and space-separated lines and skips blank ones', () => {
    expect(
      parsePastedLabIds(
        '4815020000009001\t2512-0101\r\n\n4815020000009002, 2512-0102\n4815020000009003;2512-0103\n  4815020000009004   2512-0104  ',
      ),
    ).toEqual({
      rows: [
        { line: 1, ref: '4815020000009001', labSampleId: '2512-0101' },
        { line: 3, ref: '4815020000009002', labSampleId: '2512-0102' },
        { line: 4, ref: '4815020000009003', labSampleId: '2512-0103' },
        { line: 5, ref: '4815020000009004', labSampleId: '2512-0104' },
      ],
      problems: [],
    });
  });

  it('keeps a lab sample id with a space when the columns are tab- or comma-separated', () => {
    expect(parsePastedLabIds('4815020000009001\tRUN 7 A\n4815020000009002,RUN 7 B').rows.map((r) => r.labSampleId)).toEqual([
      'RUN 7 A',
      'RUN 7 B',
    ]);
  });

  it('names each line that is not two columns', () => {
    expect(parsePastedLabIds('4815020000009001\n4815020000009002 2512-0102 extra')).toEqual({
      rows: [],
      problems: [
        'line 1 ("4815020000009001"): expected two columns, the UID and the lab sample ID',
        'line 2 ("4815020000009002 2512-0102 extra"): expected two columns, the UID and the lab sample ID',
      ],
    });
  });
});
