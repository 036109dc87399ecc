import { analyteFactory, type Analyte } from '../analyte';

export const OTHERS: readonly Analyte[] = [
  analyteFactory('moisture', '%')('moisture', 'Moisture', undefined, ['Moisture Content', 'Loss on Drying']),
  analyteFactory('water_activity', 'aw')('water_activity', 'Water Activity', undefined, ['aw', 'a_w']),
  analyteFactory('foreign_matter', '%')(
    'foreign_matter_stems',
    'Foreign Matter: Stems',
    undefined,
    ['FM Stems', 'Foreign Matter Stems', 'Stems (FM)'],
    {
      panelAliases: ['Stems'],
    },
  ),
  analyteFactory('foreign_matter', '%')(
    'foreign_matter_other',
    'Foreign Matter: Other',
    undefined,
    ['FM Other', 'Foreign Matter Other', 'Other Foreign Matter'],
    {
      panelAliases: ['Other'],
    },
  ),
  analyteFactory('foreign_matter', '%')('mammalian_excreta', 'Mammalian Excreta', undefined, [
    'Mammal Excrement',
    'Mammalian Excrement',
    'Excreta',
  ]),
  analyteFactory('foreign_matter', '%')('insect_fragments', 'Insect Fragments', undefined, ['Insects', 'Insect Parts']),
  analyteFactory('foreign_matter', '%')('hair', 'Hair', undefined, ['Hairs']),
  analyteFactory('other', '%')('vitamin_e_acetate', 'Vitamin E Acetate', '7695-91-2', [
    'VEA',
    'Tocopheryl Acetate',
    'α-Tocopheryl Acetate',
    'DL-α-Tocopheryl Acetate',
  ]),
];
