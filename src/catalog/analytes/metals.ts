import { analyteFactory, type Analyte } from '../analyte';

const a = analyteFactory('metals', 'ug/g');

/* ICP-MS exports name metals by element and isotope mass ("As 75", "111Cd"): see analyte-name.ts. */
export const METALS: readonly Analyte[] = [
  a('arsenic', 'Arsenic', '7440-38-2', ['Total Arsenic']),
  a('cadmium', 'Cadmium', '7440-43-9'),
  a('lead', 'Lead', '7439-92-1'),
  a('mercury', 'Mercury', '7439-97-6', ['Total Mercury']),
  a('chromium', 'Chromium', '7440-47-3', ['Total Chromium']),
  a('nickel', 'Nickel', '7440-02-0'),
  a('copper', 'Copper', '7440-50-8'),
  a('antimony', 'Antimony', '7440-36-0'),
];

/** Element symbol → metal key, with the isotope masses an ICP-MS may measure it at. */
export const METAL_ISOTOPES: Readonly<Record<string, { key: string; masses: readonly number[] }>> = {
  As: { key: 'arsenic', masses: [75] },
  Cd: { key: 'cadmium', masses: [106, 108, 110, 111, 112, 113, 114, 116] },
  Pb: { key: 'lead', masses: [204, 206, 207, 208] },
  Hg: { key: 'mercury', masses: [196, 198, 199, 200, 201, 202, 204] },
  Cr: { key: 'chromium', masses: [50, 52, 53, 54] },
  Ni: { key: 'nickel', masses: [58, 60, 61, 62, 64] },
  Cu: { key: 'copper', masses: [63, 65] },
  Sb: { key: 'antimony', masses: [121, 123] },
};

/** Elements ICP-MS methods add as internal standards: their rows are never results. */
export const INTERNAL_STANDARD_ELEMENTS: readonly string[] = ['Ge', 'In', 'Bi', 'Sc', 'Y', 'Tb', 'Rh', 'Lu', 'Ho', 'Ir'];
