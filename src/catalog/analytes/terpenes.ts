import { analyteFactory, type Analyte } from '../analyte';

const a = analyteFactory('terpenes', '%');

/*
 * Greek letters are also matched spelled out and as the Latin look-alikes instruments print
 * ("a-Pinene", "y-terpinene"): see analyte-name.ts. Optical-rotation prefixes "(-)-" are ignored.
 */
const CONSTITUENTS: readonly Analyte[] = [
  a('limonene', 'Limonene', '138-86-3', ['d-Limonene', 'D-Limonene', 'δ-Limonene', '(R)-(+)-Limonene']),
  a('beta_myrcene', 'β-Myrcene', '123-35-3', ['Myrcene']),
  a('beta_caryophyllene', 'β-Caryophyllene', '87-44-5', ['Caryophyllene', 'trans-Caryophyllene']),
  a('linalool', 'Linalool', '78-70-6'),
  a('alpha_humulene', 'α-Humulene', '6753-98-6', ['Humulene']),
  a('beta_pinene', 'β-Pinene', '127-91-3'),
  a('alpha_pinene', 'α-Pinene', '80-56-8'),
  a('alpha_bisabolol', 'α-Bisabolol', '515-69-5', ['Bisabolol', 'Levomenol']),
  a('valencene', 'Valencene', '4630-07-3'),
  a('guaiol', 'Guaiol', '489-86-1'),
  a('alpha_phellandrene', 'α-Phellandrene', '99-83-2'),
  a('alpha_terpinene', 'α-Terpinene', '99-86-5'),
  a('gamma_terpinene', 'γ-Terpinene', '99-85-4'),
  a('camphene', 'Camphene', '79-92-5'),
  a('caryophyllene_oxide', 'Caryophyllene Oxide', '1139-30-6'),
  a('farnesene', 'Farnesene', undefined, ['β-Farnesene']),
  a('trans_beta_farnesene', 'trans-β-Farnesene', '18794-84-8', ['trans-b-Farnesene']),
  a('fenchol', 'Fenchol', '1632-73-1', ['Fenchyl Alcohol', 'endo-Fenchyl alcohol']),
  a('geraniol', 'Geraniol', '106-24-1'),
  a('ocimene', 'Ocimene', '13877-91-3', ['β-Ocimene']),
  a('cis_ocimene', 'cis-Ocimene', '3338-55-4', ['cis-β-Ocimene']),
  a('trans_beta_ocimene', 'trans-β-Ocimene', '3779-61-1', ['trans-Ocimene', 'trans-b-Ocimene']),
  a('terpineol', 'Terpineol', undefined, ['α-Terpineol', 'Total Terpineol']),
  a('terpinolene', 'Terpinolene', '586-62-9'),
  a('cis_nerolidol', 'cis-Nerolidol', '3790-78-1'),
  a('trans_nerolidol', 'trans-Nerolidol', '40716-66-3'),
  a('eucalyptol', 'Eucalyptol', '470-82-6', ['1,8-Cineole', 'Cineole']),
  a('delta_3_carene', 'Δ3-Carene', '13466-78-9', ['3-Carene', 'Δ-3-Carene', 'delta-3-Carene', 'Carene']),
  a('p_cymene', 'p-Cymene', '99-87-6'),
  a('isopulegol', 'Isopulegol', '89-79-2'),
  a('sabinene', 'Sabinene', '3387-41-5'),
  a('sabinene_hydrate', 'Sabinene Hydrate', '546-79-2'),
  a('fenchone', 'Fenchone', '1195-79-5'),
  a('camphor', 'Camphor', '76-22-2'),
  a('isoborneol', 'Isoborneol', '124-76-5'),
  a('borneol', 'Borneol', '507-70-0'),
  a('menthol', 'Menthol', '89-78-1', ['Hexahydrothymol']),
  a('dl_menthol', 'DL-Menthol', '89-78-1', ['Racemic Menthol']),
  a('nerol', 'Nerol', '106-25-2'),
  a('pulegone', 'Pulegone', '89-82-7'),
  a('geranyl_acetate', 'Geranyl Acetate', '105-87-3'),
  a('alpha_cedrene', 'α-Cedrene', '469-61-4'),
  a('cedrol', 'Cedrol', '77-53-2'),
];

/** "Nerolidol" without an isomer is the mixture; it is not added again when its isomers are reported. */
const NEROLIDOL = a('nerolidol', 'Nerolidol', '7212-44-4', [], { summedFrom: ['cis_nerolidol', 'trans_nerolidol'] });

const TOTAL_TERPENES = a('total_terpenes', 'Total Terpenes', undefined, ['Total Terpenes', 'Total Terpenoids'], {
  total: true,
  panelAliases: ['Total'],
  summedFrom: [...CONSTITUENTS.map((c) => c.key), 'nerolidol'],
});

export const TERPENES: readonly Analyte[] = [...CONSTITUENTS, NEROLIDOL, TOTAL_TERPENES];
