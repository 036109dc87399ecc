import { analyteFactory, type Analyte } from '../analyte';

const a = analyteFactory('solvents', 'ug/g');

const SINGLE: readonly Analyte[] = [
  a('propane', 'Propane', '74-98-6'),
  a('n_butane', 'n-Butane', '106-97-8'),
  a('isobutane', 'Isobutane', '75-28-5', ['2-Methylpropane', 'i-Butane']),
  a('n_pentane', 'n-Pentane', '109-66-0'),
  a('2_methylbutane', '2-Methylbutane', '78-78-4', ['Isopentane', 'i-Pentane']),
  a('neopentane', 'Neopentane', '463-82-1', ['2,2-Dimethylpropane']),
  a('n_hexane', 'n-Hexane', '110-54-3'),
  a('2_methylpentane', '2-Methylpentane', '107-83-5'),
  a('3_methylpentane', '3-Methylpentane', '96-14-0'),
  a('2_2_dimethylbutane', '2,2-Dimethylbutane', '75-83-2', ['Neohexane']),
  a('2_3_dimethylbutane', '2,3-Dimethylbutane', '79-29-8'),
  a('heptane', 'Heptane', '142-82-5', ['n-Heptane']),
  a('methanol', 'Methanol', '67-56-1'),
  a('ethanol', 'Ethanol', '64-17-5'),
  a('isopropanol', 'Isopropanol', '67-63-0', ['2-Propanol', 'Isopropyl Alcohol', 'IPA']),
  a('acetone', 'Acetone', '67-64-1'),
  a('acetonitrile', 'Acetonitrile', '75-05-8'),
  a('benzene', 'Benzene', '71-43-2'),
  a('toluene', 'Toluene', '108-88-3'),
  a('m_p_xylene', 'm,p-Xylene', undefined, ['m+p Xylene', 'm/p-Xylene', 'm&p-Xylene', 'm-Xylene & p-Xylene']),
  a('o_xylene', 'o-Xylene', '95-47-6'),
  a('chloroform', 'Chloroform', '67-66-3', ['Trichloromethane']),
  a('dichloromethane', 'Dichloromethane', '75-09-2', ['Methylene Chloride', 'DCM']),
  a('ethyl_acetate', 'Ethyl Acetate', '141-78-6'),
  a('ethyl_ether', 'Ethyl Ether', '60-29-7', ['Diethyl Ether']),
  a('trichloroethylene', 'Trichloroethylene', '79-01-6', ['Trichloroethene', 'TCE']),
  // DRS prints "Trichloroethane" without saying which isomer, so no CAS is claimed here.
  a('trichloroethane', 'Trichloroethane', undefined),
  a('1_2_dichloroethane', '1,2-Dichloroethane', '107-06-2', ['Ethylene Dichloride']),
  a('ethylene_oxide', 'Ethylene Oxide', '75-21-8'),
  a('dimethyl_sulfoxide', 'Dimethyl Sulfoxide', '67-68-5', ['DMSO']),
  a('1_1_1_2_tetrafluoroethane', '1,1,1,2-Tetrafluoroethane', '811-97-2', ['HFC-134a', 'R-134a', 'Norflurane']),
  a('cyclohexane', 'Cyclohexane', '110-82-7'),
  a('n_n_dimethylacetamide', 'N,N-Dimethylacetamide', '127-19-5', ['Dimethylacetamide'], { panelAliases: ['DMA'] }),
];

/*
 * Summed solvents: certificates print the limit on the sum ("Butanes") and list the isomers
 * beside it. A bare "Butane" is the sum's key; "n-Butane" is the isomer.
 */
const SUMS: readonly Analyte[] = [
  a('butane', 'Butanes', undefined, ['Butane', 'Total Butanes'], { summedFrom: ['n_butane', 'isobutane'] }),
  a('pentane', 'Pentanes', undefined, ['Pentane', 'Total Pentanes'], {
    summedFrom: ['n_pentane', '2_methylbutane', 'neopentane'],
  }),
  a('hexane', 'Hexanes', undefined, ['Hexane', 'Total Hexanes'], {
    summedFrom: ['n_hexane', '2_methylpentane', '3_methylpentane', '2_2_dimethylbutane', '2_3_dimethylbutane'],
  }),
  a('total_xylenes', 'Xylenes', '1330-20-7', ['Total Xylenes', 'Xylene'], {
    total: true,
    summedFrom: ['m_p_xylene', 'o_xylene'],
  }),
];

export const SOLVENTS: readonly Analyte[] = [...SINGLE, ...SUMS];
