import { analyteFactory, type Analyte } from '../analyte';

const a = analyteFactory('mycotoxins', 'ug/kg');

/* PDF text often loses the "fl" ligature ("A atoxin B1"): analyte-name.ts matches those forms. */
const AFLATOXINS: readonly Analyte[] = [
  a('aflatoxin_b1', 'Aflatoxin B1', '1162-65-8', [], { panelAliases: ['B1'] }),
  a('aflatoxin_b2', 'Aflatoxin B2', '7220-81-7', [], { panelAliases: ['B2'] }),
  a('aflatoxin_g1', 'Aflatoxin G1', '1165-39-5', [], { panelAliases: ['G1'] }),
  a('aflatoxin_g2', 'Aflatoxin G2', '7241-98-7', [], { panelAliases: ['G2'] }),
];

export const MYCOTOXINS: readonly Analyte[] = [
  ...AFLATOXINS,
  a('total_aflatoxins', 'Total Aflatoxins', undefined, ['Aflatoxins', 'Total Aflatoxin', 'Aflatoxins (total)'], {
    total: true,
    summedFrom: AFLATOXINS.map((x) => x.key),
  }),
  a('ochratoxin_a', 'Ochratoxin A', '303-47-9', ['Ochratoxin', 'OTA']),
  // As printed by the lab (aflatoxins and ochratoxin A together); not computed here, so not marked a total.
  a('total_mycotoxins', 'Total Mycotoxins', undefined, ['Mycotoxins (total)']),
];
