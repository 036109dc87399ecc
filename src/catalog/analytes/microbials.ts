import { analyteFactory, type Analyte } from '../analyte';

const a = analyteFactory('microbials', 'CFU/g');

/*
 * qPCR targets ("A. Fumi", "Y+M") are aliases. A bare "E. coli" is not: a generic E. coli plate count
 * is a different test from the Shiga-toxin-producing E. coli (STEC) presence test.
 */
export const MICROBIALS: readonly Analyte[] = [
  a('salmonella', 'Salmonella', undefined, ['Salmonella spp', 'Salmonella spp.', 'Salmonella Specific Gene', 'Salm']),
  a('stec', 'Shiga Toxin-producing E. coli', undefined, [
    'STEC',
    'STEC E. coli',
    'Shiga Toxin E. Coli',
    'Shiga toxin-producing E. Coli',
    'Shiga toxin-producing Escherichia coli',
    'Shiga Toxin Producing E. coli',
    'Escherichia coli Shigella spp',
    'E. coli (STEC)',
  ]),
  a('aspergillus_flavus', 'Aspergillus flavus', undefined, ['A. flavus', 'A. Flav', 'Asp. flavus']),
  a('aspergillus_fumigatus', 'Aspergillus fumigatus', undefined, ['A. fumigatus', 'A. Fumi', 'Asp. fumigatus']),
  a('aspergillus_niger', 'Aspergillus niger', undefined, ['A. niger', 'A. Nig', 'Asp. niger']),
  a('aspergillus_terreus', 'Aspergillus terreus', undefined, ['A. terreus', 'A. Terr', 'Asp. terreus']),
  a('total_aerobic_bacteria', 'Total Aerobic Bacteria', undefined, [
    'Aerobic Bacteria',
    'TAMC',
    'TAB',
    'Total Aerobic Microbial Count',
    'Total Aerobic Count',
    'Total Aerobic Plate Count',
    'Aerobic Plate Count',
  ]),
  a('total_yeast_and_mold', 'Total Yeast and Mold', undefined, [
    'Yeast & Mold',
    'Yeast and Mold',
    'Total Yeast & Mold',
    'Total Yeast and Mould',
    'Total Yeast and Mold Count',
    'TYMC',
    'TYM',
    'Y+M',
  ]),
  a('total_coliforms', 'Total Coliforms', undefined, ['Coliforms', 'Total Coliform']),
  a('bile_tolerant_gram_negative', 'Bile-Tolerant Gram-Negative Bacteria', undefined, [
    'BTGN',
    'Bile Tolerant Gram Negative',
    'Bile-Tolerant Gram-Negative',
    'Gram-negative bile-tolerant bacteria',
  ]),
];
