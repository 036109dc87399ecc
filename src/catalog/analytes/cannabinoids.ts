import { analyteFactory, type Analyte } from '../analyte';

const a = analyteFactory('cannabinoids', '%');

const CONSTITUENTS: readonly Analyte[] = [
  a('thca', 'THCA', '23978-85-0', [
    'THCa',
    'THCA-A',
    'Δ9-THCA',
    'Δ9-THCA-A',
    'Delta-9 THCA',
    'Tetrahydrocannabinolic acid',
    'Tetrahydrocannabinolic acid A',
    'Δ9-Tetrahydrocannabinolic acid',
  ]),
  a('delta9_thc', 'Δ9-THC', '1972-08-3', [
    'THC',
    'Δ9-THC',
    'd9-THC',
    'Delta-9 THC',
    'Delta 9 THC',
    'Delta9-THC',
    'Δ9-Tetrahydrocannabinol',
    'Delta-9-tetrahydrocannabinol',
    'Tetrahydrocannabinol',
  ]),
  a('delta8_thc', 'Δ8-THC', '5957-75-5', [
    'Δ8-THC',
    'd8-THC',
    'Delta-8 THC',
    'Delta 8 THC',
    'Δ8-Tetrahydrocannabinol',
    'Delta-8-tetrahydrocannabinol',
  ]),
  a('delta10_thc_6ar9r', '(6aR,9R)-Δ10-THC', undefined, [
    '(6aR,9R)-d10-THC',
    '(6aR,9R)-Δ10-THC',
    '(6aR,9R)-Delta-10-THC',
    '9R-Δ10-THC',
    '9R-Delta-10 THC',
  ]),
  a('delta10_thc_6ar9s', '(6aR,9S)-Δ10-THC', undefined, [
    '(6aR,9S)-d10-THC',
    '(6aR,9S)-Δ10-THC',
    '(6aR,9S)-Delta-10-THC',
    '9S-Δ10-THC',
    '9S-Delta-10 THC',
  ]),
  a('thcv', 'THCV', '31262-37-0', ['Tetrahydrocannabivarin', 'Δ9-THCV']),
  a('thcva', 'THCVA', '39986-26-0', ['THCVa', 'Tetrahydrocannabivarinic acid']),
  a('cbd', 'CBD', '13956-29-1', ['Cannabidiol']),
  a('cbda', 'CBDA', '1244-58-2', ['CBDa', 'Cannabidiolic acid']),
  a('cbdv', 'CBDV', '24274-48-4', ['Cannabidivarin']),
  a('cbdva', 'CBDVA', '31932-13-5', ['CBDVa', 'Cannabidivarinic acid']),
  a('cbg', 'CBG', '25654-31-3', ['Cannabigerol']),
  a('cbga', 'CBGA', '25555-57-1', ['CBGa', 'Cannabigerolic acid']),
  a('cbn', 'CBN', '521-35-7', ['Cannabinol']),
  a('cbna', 'CBNA', '2808-39-1', ['CBNa', 'Cannabinolic acid']),
  a('cbc', 'CBC', '20675-51-8', ['Cannabichromene']),
  a('cbca', 'CBCA', '185505-15-1', ['CBCa', 'Cannabichromenic acid']),
  a('cbl', 'CBL', undefined, ['Cannabicyclol']),
];

/**
 * New York total THC as NY certificates print it: Δ9-THC + 0.877 × THCA + Δ8-THC + both Δ10-THC
 * isomers. 9 NYCRR 128.5 defines Δ9-THC + 0.877 × THCA; 0.877 is the mass ratio THC/THCA
 * (314.47 / 358.48), the THC a gram of THCA yields on decarboxylation.
 */
const TOTAL_THC = a('total_thc', 'Total THC', undefined, ['Total THC', 'Total Δ9-THC', 'Total Delta-9 THC'], {
  total: true,
  summedFrom: ['delta9_thc', 'thca', 'delta8_thc', 'delta10_thc_6ar9r', 'delta10_thc_6ar9s'],
  factors: { thca: '0.877' },
});

/** Total CBD = CBD + 0.877 × CBDA (9 NYCRR 128.5). */
const TOTAL_CBD = a('total_cbd', 'Total CBD', undefined, ['Total CBD'], {
  total: true,
  summedFrom: ['cbd', 'cbda'],
  factors: { cbda: '0.877' },
});

/** The plain sum of every cannabinoid reported, acids not decarboxylated (as DRS Testing prints it). */
const TOTAL_CANNABINOIDS = a('total_cannabinoids', 'Total Cannabinoids', undefined, ['Total Cannabinoids'], {
  total: true,
  panelAliases: ['Total'],
  summedFrom: CONSTITUENTS.map((c) => c.key),
});

/** Both Δ10-THC isomers as one printed figure (ACT Laboratories); not computed here, so not marked a total. */
const TOTAL_DELTA10_THC = a('total_delta10_thc', 'Total Δ10-THC', undefined, [
  'Total D10-THC',
  'Total Delta-10 THC',
  'Total Δ10-THC',
]);

export const CANNABINOIDS: readonly Analyte[] = [...CONSTITUENTS, TOTAL_THC, TOTAL_CBD, TOTAL_CANNABINOIDS, TOTAL_DELTA10_THC];
