import { chooseDecimalSeparator, readNumber, significantDigits } from './number-text';
import type { TableFile } from './table-file';

describe('reading numbers from cells', () => {
  it.each([
    ['0.25', '.', '0.25'],
    ['-0.005', '.', '-0.005'],
    ['+12', '.', '12'],
    ['.5', '.', '.5'],
    ['7.28333E-06', '.', '7.28333E-06'],
    ['1,250', '.', '1250'],
    ['1,250,000.5', '.', '1250000.5'],
    ['1 250.5', '.', '1250.5'],
    ["1'250", '.', '1250'],
    ['0,25', ',', '0.25'],
    ['1.250', ',', '1250'],
    ['1.250,75', ',', '1250.75'],
    ['1 250,75', ',', '1250.75'],
    ['0.250', '.', '0.250'],
  ] as const)('reads "%s" with decimal "%s" as %s, digits as printed', (text, decimal, expected) => {
    expect(readNumber({ text }, decimal)).toBe(expected);
  });

  it.each(['ND', '<LOQ', '-----', 'No Cq', '[0.250]', '25.0%', '13/09/19 11:47:11 AM', '1,25', '0,25 mg', ''])(
    'leaves "%s" as text, never a number',
    (text) => {
      expect(readNumber({ text }, '.')).toBeUndefined();
    },
  );

  it('trusts the spreadsheet for number cells', () => {
    expect(readNumber({ text: '1,250.00', numeric: '1250.00' }, ',')).toBe('1250.00');
  });
});

describe('choosing the decimal separator of a file', () => {
  const table = (delimiter: ',' | ';' | '\t' | undefined, cells: string[]): TableFile => ({
    kind: delimiter ? 'csv' : 'xlsx',
    sheets: [{ rows: [{ number: 1, cells: cells.map((text) => ({ text })) }] }],
    text: delimiter ? { encoding: 'utf-8', delimiter } : undefined,
  });

  it.each([
    ['comma-delimited text keeps "."', table(',', ['0,25', '1,5']), '.'],
    ['semicolon text with comma decimals takes ","', table(';', ['0,25', '1,5', '2.5']), ','],
    ['tab text with dot decimals keeps "."', table('\t', ['2.178', '9.161']), '.'],
    ['dotted thousands do not count as dot decimals', table(';', ['1.250', '0,5']), ','],
    ['workbook text cells with comma decimals take ","', table(undefined, ['0,25']), ','],
  ])('%s', (_name, file, expected) => {
    expect(chooseDecimalSeparator(file, 'auto')).toBe(expected);
  });

  it('lets the template fix it', () => {
    expect(chooseDecimalSeparator(table(';', ['0,25']), '.')).toBe('.');
  });
});

describe('significant digits of a printed number', () => {
  it.each([
    ['0.914', 3],
    ['0.01', 1],
    ['0.0250', 3],
    ['102.5', 4],
    ['-0.005', 1],
    ['1250', 4],
    ['7.28333E-06', 6],
    ['0', 1],
  ])('"%s" has %i', (text, digits) => {
    expect(significantDigits(text)).toBe(digits);
  });
});
