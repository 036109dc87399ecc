import { repairLigatures } from './ligatures';

describe('repairLigatures', () => {
  it.each([
    ['Certi\u0000cate of Analysis', 'Certificate of Analysis'],
    ['Powered by Con\u0000dent LIMS', 'Powered by Confident LIMS'],
    ['A\u0000atoxin B1', 'Aflatoxin B1'],
    ['Total A\u0000atoxins', 'Total Aflatoxins'],
    ['Cy\u0000uthrin', 'Cyfluthrin'],
    ['Tri\u0000oxystrobin', 'Trifloxystrobin'],
    ['Aspergillus \u0000avus', 'Aspergillus flavus'],
    ['1,1,1,2-Tetra\u0000uoro-Ethane', '1,1,1,2-Tetrafluoro-Ethane'],
    ['Quality Assurance Of\u0000cer', 'Quality Assurance Officer'],
    ['within speci\u0000cations', 'within specifications'],
  ])('reads the lost glyph in %j as its ligature: %j', (damaged, repaired) => {
    expect(repairLigatures(damaged)).toBe(repaired);
  });

  it.each([
    ['Certi cate of Analysis', 'Certificate of Analysis'],
    ['Total A atoxins', 'Total Aflatoxins'],
    ['Aspergillus avus', 'Aspergillus flavus'],
    ['Cy uthrin', 'Cyfluthrin'],
    ['Tri oxystrobin', 'Trifloxystrobin'],
  ])('joins %j, where a reader printed a space for the glyph, only into a known word', (damaged, repaired) => {
    expect(repairLigatures(damaged)).toBe(repaired);
  });

  it.each([
    ['Certiﬁcate', 'Certificate'],
    ['Aﬂatoxin', 'Aflatoxin'],
    ['Oﬃcer', 'Officer'],
  ])('spells out the presentation form in %j', (printed, repaired) => {
    expect(repairLigatures(printed)).toBe(repaired);
  });

  it.each([
    'Δ9-THC',
    'β-Myrcene',
    'α-Humulene',
    'µg/g',
    'μg/kg',
    '82 NE 26th street',
    'Sampling Firm: DRS Testing',
    'Yeast & Mold',
    'Total THC = THCa * 0.877 + d9-THC',
  ])('leaves %j exactly as printed', (text) => {
    expect(repairLigatures(text)).toBe(text);
  });

  it('uses fl before a, o or u and fi otherwise when the word is unknown', () => {
    expect(repairLigatures('Xy\u0000uxane and Zy\u0000tane')).toBe('Xyfluxane and Zyfitane');
  });

  it('drops a lost glyph that is not followed by a letter', () => {
    expect(repairLigatures('12\u0000 units')).toBe('12 units');
  });
});
