import { analyteFactory, type Analyte } from '../analyte';

const a = analyteFactory('pesticides', 'ug/g');

/* Ligature-damaged forms ("Cy uthrin", "Tri oxystrobin") are matched by analyte-name.ts. */
const SINGLE: readonly Analyte[] = [
  a('acephate', 'Acephate', '30560-19-1'),
  a('acequinocyl', 'Acequinocyl', '57960-19-7'),
  a('acetamiprid', 'Acetamiprid', '135410-20-7'),
  a('aldicarb', 'Aldicarb', '116-06-3'),
  a('azadirachtin', 'Azadirachtin', '11141-17-6'),
  a('azoxystrobin', 'Azoxystrobin', '131860-33-8'),
  a('bifenazate', 'Bifenazate', '149877-41-8'),
  a('bifenthrin', 'Bifenthrin', '82657-04-3'),
  a('boscalid', 'Boscalid', '188425-85-6'),
  a('captan', 'Captan', '133-06-2'),
  a('carbaryl', 'Carbaryl', '63-25-2'),
  a('carbofuran', 'Carbofuran', '1563-66-2'),
  a('chlorantraniliprole', 'Chlorantraniliprole', '500008-45-7'),
  a('chlordane', 'Chlordane', '57-74-9'),
  a('chlorfenapyr', 'Chlorfenapyr', '122453-73-0'),
  a('chlormequat_chloride', 'Chlormequat Chloride', '999-81-5', ['Chlormequat']),
  a('chlorpyrifos', 'Chlorpyrifos', '2921-88-2'),
  a('clofentezine', 'Clofentezine', '74115-24-5'),
  a('coumaphos', 'Coumaphos', '56-72-4'),
  a('cyfluthrin', 'Cyfluthrin', '68359-37-5'),
  a('cypermethrin', 'Cypermethrin', '52315-07-8'),
  a('daminozide', 'Daminozide', '1596-84-5'),
  a('diazinon', 'Diazinon', '333-41-5'),
  a('dichlorvos', 'Dichlorvos', '62-73-7', ['DDVP']),
  a('dimethoate', 'Dimethoate', '60-51-5'),
  a('dimethomorph', 'Dimethomorph', '110488-70-5', ['Total Dimethomorph']),
  a('ethoprophos', 'Ethoprophos', '13194-48-4', ['Ethoprop']),
  a('etofenprox', 'Etofenprox', '80844-07-1', ['Ethofenprox']),
  a('etoxazole', 'Etoxazole', '153233-91-1'),
  a('fenhexamid', 'Fenhexamid', '126833-17-8'),
  a('fenoxycarb', 'Fenoxycarb', '72490-01-8'),
  a('fenpyroximate', 'Fenpyroximate', '134098-61-6'),
  a('fipronil', 'Fipronil', '120068-37-3'),
  a('flonicamid', 'Flonicamid', '158062-67-0'),
  a('fludioxonil', 'Fludioxonil', '131341-86-1'),
  a('hexythiazox', 'Hexythiazox', '78587-05-0'),
  a('imazalil', 'Imazalil', '35554-44-0', ['Enilconazole']),
  a('imidacloprid', 'Imidacloprid', '138261-41-3'),
  a('indolebutyric_acid', 'Indolebutyric Acid', '133-32-4', ['Indole-3-butyric acid', 'Indole butyric acid', 'IBA']),
  a('kresoxim_methyl', 'Kresoxim-methyl', '143390-89-0'),
  a('malathion', 'Malathion', '121-75-5'),
  a('metalaxyl', 'Metalaxyl', '57837-19-1'),
  a('methiocarb', 'Methiocarb', '2032-65-7'),
  a('methomyl', 'Methomyl', '16752-77-5'),
  a('methyl_parathion', 'Methyl Parathion', '298-00-0', ['Parathion-methyl', 'Parathion Methyl']),
  a('mevinphos', 'Mevinphos', '7786-34-7'),
  a('mgk_264', 'MGK-264', '113-48-4', ['MGK 264', 'N-Octyl bicycloheptene dicarboximide']),
  a('myclobutanil', 'Myclobutanil', '88671-89-0'),
  a('naled', 'Naled', '300-76-5', ['Dibrom']),
  a('oxamyl', 'Oxamyl', '23135-22-0'),
  a('paclobutrazol', 'Paclobutrazol', '76738-62-0'),
  a('pentachloronitrobenzene', 'Pentachloronitrobenzene', '82-68-8', ['PCNB', 'Quintozene']),
  a('permethrins', 'Permethrins', '52645-53-1', ['Permethrin', 'Total Permethrin', 'Total Permethrins']),
  a('phosmet', 'Phosmet', '732-11-6'),
  a('piperonyl_butoxide', 'Piperonyl Butoxide', '51-03-6', ['PBO']),
  a('prallethrin', 'Prallethrin', '23031-36-9'),
  a('propiconazole', 'Propiconazole', '60207-90-1'),
  a('propoxur', 'Propoxur', '114-26-1'),
  a('pyridaben', 'Pyridaben', '96489-71-3'),
  a('spiromesifen', 'Spiromesifen', '283594-90-1'),
  a('spirotetramat', 'Spirotetramat', '203313-25-1'),
  a('spiroxamine', 'Spiroxamine', '118134-30-8'),
  a('tebuconazole', 'Tebuconazole', '107534-96-3'),
  a('thiacloprid', 'Thiacloprid', '111988-49-9'),
  a('thiamethoxam', 'Thiamethoxam', '153719-23-4'),
  a('trifloxystrobin', 'Trifloxystrobin', '141517-21-7'),
];

/*
 * Summed pesticides: certificates print the sum with the limit and the constituents as "Tested"
 * (ny-limits.md §A): avermectin B1a/B1b → abamectin; pyrethrins I/II, cinerins, jasmolins →
 * pyrethrins; spinetoram J/L → spinetoram; spinosyn A/D → spinosad.
 */
const CONSTITUENTS: readonly Analyte[] = [
  a('avermectin_b1a', 'Avermectin B1a', '65195-55-3', ['Abamectin B1a'], { panelAliases: ['B1a'] }),
  a('avermectin_b1b', 'Avermectin B1b', '65195-56-4', ['Abamectin B1b'], { panelAliases: ['B1b'] }),
  a('pyrethrin_1', 'Pyrethrin I', '121-21-1', ['Pyrethrin 1']),
  a('pyrethrin_2', 'Pyrethrin II', '121-29-9', ['Pyrethrin 2']),
  a('cinerin_1', 'Cinerin I', '25402-06-6', ['Cinerin 1']),
  a('cinerin_2', 'Cinerin II', '121-20-0', ['Cinerin 2']),
  a('jasmolin_1', 'Jasmolin I', '4466-14-2', ['Jasmolin 1']),
  a('jasmolin_2', 'Jasmolin II', '1172-63-0', ['Jasmolin 2']),
  a('spinetoram_j', 'Spinetoram J', '187166-40-1', ['Spinetoram-J', 'XDE-175-J']),
  a('spinetoram_l', 'Spinetoram L', '187166-15-0', ['Spinetoram-L', 'XDE-175-L']),
  a('spinosyn_a', 'Spinosyn A', '131929-60-7'),
  a('spinosyn_d', 'Spinosyn D', '131929-63-0'),
];

const SUMS: readonly Analyte[] = [
  a('abamectin', 'Abamectin', '71751-41-2', ['Total Abamectin', 'Abamectins'], {
    summedFrom: ['avermectin_b1a', 'avermectin_b1b'],
  }),
  a('pyrethrins', 'Pyrethrins', '8003-34-7', ['Total Pyrethrins', 'Pyrethrum'], {
    summedFrom: ['pyrethrin_1', 'pyrethrin_2', 'cinerin_1', 'cinerin_2', 'jasmolin_1', 'jasmolin_2'],
  }),
  a('spinetoram', 'Spinetoram', '935545-74-7', ['Total Spinetoram'], { summedFrom: ['spinetoram_j', 'spinetoram_l'] }),
  a('spinosad', 'Spinosad', '168316-95-8', ['Total Spinosad'], { summedFrom: ['spinosyn_a', 'spinosyn_d'] }),
];

export const PESTICIDES: readonly Analyte[] = [...SINGLE, ...CONSTITUENTS, ...SUMS];
