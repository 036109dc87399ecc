import { QUALIFIERS, parseQualifier, type Qualifier } from './qualifier';

const tokens: ReadonlyArray<readonly [string, Qualifier]> = [
  ['ND', 'ND'],
  ['nd', 'ND'],
  ['N.D.', 'ND'],
  ['Not Detected', 'ND'],
  ['-----', 'ND'],
  ['--', 'ND'],
  ['No Cq', 'ND'],
  ['No Ct', 'ND'],
  ['Undetermined', 'ND'],
  ['No Peak', 'ND'],
  ['< 0', 'ND'],
  ['<0', 'ND'],
  ['<LOQ', '<LOQ'],
  ['< LOQ', '<LOQ'],
  ['BLQ', '<LOQ'],
  ['BQL', '<LOQ'],
  ['Trace', '<LOQ'],
  ['<0.02', '<LOQ'],
  ['< 0.7', '<LOQ'],
  ['<LOD', '<LOD'],
  ['BDL', '<LOD'],
  ['>ULOQ', '>ULOQ'],
  ['> ULOQ', '>ULOQ'],
  ['>100000', '>ULOQ'],
  ['Absent', 'ABSENT'],
  ['Absence', 'ABSENT'],
  ['Not Present', 'ABSENT'],
  ['Not Detected in 1g', 'ABSENT'],
  ['Negative', 'ABSENT'],
  ['Present', 'PRESENT'],
  ['Presence', 'PRESENT'],
  ['Detected', 'PRESENT'],
  ['DET', 'PRESENT'],
  ['Detected in 1 g', 'PRESENT'],
  ['NT', 'NT'],
  ['Not Tested', 'NT'],
  ['NR', 'NR'],
  ['Not Reported', 'NR'],
  ['TNTC', 'TNTC'],
  ['Too Numerous To Count', 'TNTC'],
  ['N/A', 'NA'],
  ['NA', 'NA'],
  ['TIC', 'TIC'],
];

describe('parseQualifier', () => {
  it.each(tokens)('keeps %j as the qualifier %s, never a number', (text, qualifier) => {
    expect(parseQualifier(text)).toBe(qualifier);
  });

  it('has a spelling for every qualifier', () => {
    expect(new Set(tokens.map(([, q]) => q))).toEqual(new Set(QUALIFIERS));
  });

  it.each(['0.00', '26.82', '4500', '0.43 aw', '', '-', 'Pass', 'Tested', 'Complete'])(
    'does not read %j as a qualifier',
    (text) => {
      expect(parseQualifier(text)).toBeNull();
    },
  );
});
