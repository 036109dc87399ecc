import { ANALYTES, findFormCollisions, getAnalyte } from './analyte-catalog';
import { isInternalStandard } from './analyte-name';
import { resolveAnalyte } from './resolve-analyte';

function keyOf(name: string, panelHint?: string): string | null {
  const r = resolveAnalyte(name, { panelHint });
  return r.ok ? r.analyte.key : null;
}

describe('resolveAnalyte: certificate spellings', () => {
  it.each([
    ['THCa', 'thca'],
    ['THCA', 'thca'],
    ['THCA-A', 'thca'],
    ['Δ9-THC', 'delta9_thc'],
    ['d9-THC', 'delta9_thc'],
    ['D9-THC', 'delta9_thc'],
    ['Delta-9 THC', 'delta9_thc'],
    ['delta 9 THC', 'delta9_thc'],
    ['THC', 'delta9_thc'],
    ['Δ8-THC', 'delta8_thc'],
    ['(6aR,9R)-d10-THC', 'delta10_thc_6ar9r'],
    ['(6aR,9S)-d10-THC', 'delta10_thc_6ar9s'],
    ['CBDa', 'cbda'],
    ['CBDVa', 'cbdva'],
    ['Total THC', 'total_thc'],
    ['TOTAL CAN NABINOIDS', 'total_cannabinoids'],
    ['α-Pinene', 'alpha_pinene'],
    ['β-Myrcene', 'beta_myrcene'],
    ['γ-Terpinene', 'gamma_terpinene'],
    ['ALPHA-BISABOLOL', 'alpha_bisabolol'],
    ['(-)-α-Bisabolol', 'alpha_bisabolol'],
    ['(-) -β-Pinene', 'beta_pinene'],
    ['δ-Limonene', 'limonene'],
    ['δ-3-Carene', 'delta_3_carene'],
    ['Shiga Toxin E. Coli', 'stec'],
    ['STEC E. coli', 'stec'],
    ['Aerobic Bacteria', 'total_aerobic_bacteria'],
    ['Yeast & Mold', 'total_yeast_and_mold'],
    ['Mammal Excrement', 'mammalian_excreta'],
    ['FM Stems', 'foreign_matter_stems'],
    ['m+p Xylene', 'm_p_xylene'],
    ['1,1,1,2-Tetrafluoro-Ethane', '1_1_1_2_tetrafluoroethane'],
    ['1,2-Dichloro-Ethane', '1_2_dichloroethane'],
    ['Butanes', 'butane'],
    ['n-Butane', 'n_butane'],
    ['Xylenes', 'total_xylenes'],
    ['Avermectin-B1a', 'avermectin_b1a'],
    ['Kresoxim Methyl', 'kresoxim_methyl'],
    ['Parathion Methyl', 'methyl_parathion'],
    ['PENTACHLORONITROBENZENE (PCNB) *', 'pentachloronitrobenzene'],
    ['Salmonella SPP', 'salmonella'],
    ['Moisture Content', 'moisture'],
    ['Moisture (%)', 'moisture'],
  ])('maps the certificate spelling %j to %s', (name, key) => {
    expect(keyOf(name)).toBe(key);
  });
});

describe('resolveAnalyte: ligature-damaged PDF text', () => {
  it.each([
    ['A atoxin B1', 'aflatoxin_b1'],
    ['A atoxin G2', 'aflatoxin_g2'],
    ['Aatoxin B2', 'aflatoxin_b2'],
    ['Total A atoxins', 'total_aflatoxins'],
    ['Cy uthrin', 'cyfluthrin'],
    ['Tri oxystrobin', 'trifloxystrobin'],
    ['Aspergillus avus', 'aspergillus_flavus'],
    ['Aspergillus  avus', 'aspergillus_flavus'],
    ['Aspergillus ﬂavus', 'aspergillus_flavus'],
    ['Cyﬂuthrin', 'cyfluthrin'],
  ])('repairs %j to %s', (name, key) => {
    expect(keyOf(name)).toBe(key);
  });
});

describe('resolveAnalyte: instrument names', () => {
  it.each([
    ['THCA - tetrahydrocannabinolic acid', 'thca'],
    ['THCA - tetrahydrocannabidiolic acid', 'thca'],
    ['CBDV - cannabidivarin', 'cbdv'],
    ['CBDA - cannabidiolic acid ', 'cbda'],
    ['THC - delta-9-tetrahydrocannabinol', 'delta9_thc'],
    ['D8-THC - delta-8-tetrahydrocannabinol', 'delta8_thc'],
    ['Δ9-THC - tetrahydrocannabinol', 'delta9_thc'],
    ['As 75', 'arsenic'],
    ['Cd 111', 'cadmium'],
    ['Cd 114', 'cadmium'],
    ['Hg 202', 'mercury'],
    ['Pb 208', 'lead'],
    ['111Cd', 'cadmium'],
    ['Cr-52', 'chromium'],
    ['As', 'arsenic'],
    ['A. Fumi', 'aspergillus_fumigatus'],
    ['A. Flav', 'aspergillus_flavus'],
    ['A. Nig', 'aspergillus_niger'],
    ['A. Terr', 'aspergillus_terreus'],
    ['Y+M', 'total_yeast_and_mold'],
    ['TAMC', 'total_aerobic_bacteria'],
    ['TYMC', 'total_yeast_and_mold'],
    ['a-Pinene', 'alpha_pinene'],
    ['y-terpinene', 'gamma_terpinene'],
    ['∆-3-carene', 'delta_3_carene'],
    ['(-)-Caryophyllene oxide', 'caryophyllene_oxide'],
    ['m/p-Xylene', 'm_p_xylene'],
    ['2-Propanol', 'isopropanol'],
    ['Methylene Chloride', 'dichloromethane'],
    ['Diethyl Ether', 'ethyl_ether'],
    ['Trichloroethene', 'trichloroethylene'],
    ['n-Heptane', 'heptane'],
  ])('maps the instrument name %j to %s', (name, key) => {
    expect(keyOf(name)).toBe(key);
  });
});

describe('resolveAnalyte: panel hints', () => {
  it.each([
    ['B1', 'Mycotoxins', 'aflatoxin_b1'],
    ['G2', 'mycotoxins', 'aflatoxin_g2'],
    ['Total', 'Terpenes', 'total_terpenes'],
    ['Total', 'Cannabinoids', 'total_cannabinoids'],
    ['Stems', 'Foreign Matter', 'foreign_matter_stems'],
    ['DMA', 'Residual Solvents', 'n_n_dimethylacetamide'],
  ])('reads %j under %j as %s', (name, panel, key) => {
    expect(keyOf(name, panel)).toBe(key);
  });

  it.each([
    ['B1', undefined],
    ['Total', undefined],
    ['Total', 'Heavy Metals'],
    ['B1', 'Pesticides'],
  ])('does not resolve the panel-only spelling %j without its panel (%s)', (name, panel) => {
    expect(keyOf(name, panel)).toBeNull();
  });

  it('still resolves an unambiguous name listed under another panel', () => {
    expect(keyOf('Ochratoxin A', 'Pesticides')).toBe('ochratoxin_a');
  });
});

describe('resolveAnalyte: unknown names are never guessed', () => {
  it.each([
    ['Cyfluthrine', 'cyfluthrin'],
    ['Delta-10 THC', 'delta10_thc_6ar9r'],
    ['Total THC (dry)', 'total_thc'],
    ['E. Coli', 'stec'],
    ['Aflatoxin', 'total_aflatoxins'],
  ])('returns %j as unknown with %s among the candidates', (name, candidate) => {
    const r = resolveAnalyte(name);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('unknown');
    expect(r.candidates.map((c) => c.key)).toContain(candidate);
    expect(r.candidates.every((c) => c.score > 0 && c.score < 1)).toBe(true);
  });

  it('offers both Δ10 isomers for an unspecified Δ10-THC', () => {
    const r = resolveAnalyte('Delta-10 THC');
    expect(
      r.ok
        ? []
        : r.candidates
            .slice(0, 2)
            .map((c) => c.key)
            .sort(),
    ).toEqual(['delta10_thc_6ar9r', 'delta10_thc_6ar9s']);
  });

  it.each(['Ag 107', 'Al 27', 'Pb 210', 'Unobtainium', ''])('does not resolve %j', (name) => {
    expect(resolveAnalyte(name).ok).toBe(false);
  });

  it('orders candidates best first', () => {
    const r = resolveAnalyte('Cypermethrine');
    const scores = r.ok ? [] : r.candidates.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(r.ok ? null : r.candidates[0].key).toBe('cypermethrin');
  });
});

describe('internal standards and controls', () => {
  it.each([
    '|> Ge 74',
    'Ge 74',
    'In 115',
    'Bi 209',
    'Sc 45',
    'Y 89',
    'Tb 159',
    'IC-YM',
    'IC-Asp',
    'IC-SE',
    'ROX',
    'Triphenylphosphate(TPP-IS) (ISTD)',
  ])('treats %j as an internal standard, not a result', (name) => {
    expect(isInternalStandard(name)).toBe(true);
    const r = resolveAnalyte(name);
    expect(r.ok ? 'resolved' : r.reason).toBe('internal_standard');
  });

  it.each(['As 75', 'Y+M', 'Yeast & Mold', 'Indolebutyric Acid'])('does not treat %j as an internal standard', (name) => {
    expect(isInternalStandard(name)).toBe(false);
  });
});

describe('the catalog', () => {
  const KEYS_MD = [
    'thca',
    'delta9_thc',
    'delta8_thc',
    'delta10_thc_6ar9r',
    'delta10_thc_6ar9s',
    'thcv',
    'thcva',
    'cbd',
    'cbda',
    'cbdv',
    'cbdva',
    'cbg',
    'cbga',
    'cbn',
    'cbc',
    'cbca',
    'total_thc',
    'total_cbd',
    'total_cannabinoids',
    'limonene',
    'beta_myrcene',
    'beta_caryophyllene',
    'linalool',
    'alpha_humulene',
    'beta_pinene',
    'alpha_pinene',
    'alpha_bisabolol',
    'valencene',
    'guaiol',
    'alpha_phellandrene',
    'alpha_terpinene',
    'gamma_terpinene',
    'camphene',
    'caryophyllene_oxide',
    'farnesene',
    'fenchol',
    'geraniol',
    'ocimene',
    'terpineol',
    'terpinolene',
    'nerolidol',
    'eucalyptol',
    'total_terpenes',
    'arsenic',
    'cadmium',
    'lead',
    'mercury',
    'chromium',
    'nickel',
    'copper',
    'antimony',
    'aflatoxin_b1',
    'aflatoxin_b2',
    'aflatoxin_g1',
    'aflatoxin_g2',
    'total_aflatoxins',
    'ochratoxin_a',
    'salmonella',
    'stec',
    'aspergillus_flavus',
    'aspergillus_fumigatus',
    'aspergillus_niger',
    'aspergillus_terreus',
    'total_aerobic_bacteria',
    'total_yeast_and_mold',
    'total_coliforms',
    'bile_tolerant_gram_negative',
    'abamectin',
    'acephate',
    'acequinocyl',
    'chlormequat_chloride',
    'cyfluthrin',
    'kresoxim_methyl',
    'methyl_parathion',
    'mgk_264',
    'piperonyl_butoxide',
    'pyrethrin_1',
    'pyrethrins',
    'spinetoram_j',
    'trifloxystrobin',
    'avermectin_b1a',
    'cinerin_1',
    'jasmolin_1',
    'indolebutyric_acid',
    'pentachloronitrobenzene',
    'permethrins',
    'butane',
    'propane',
    'ethanol',
    'acetone',
    'isopropanol',
    'hexane',
    'heptane',
    'pentane',
    'methanol',
    'benzene',
    'toluene',
    'total_xylenes',
    'chloroform',
    'dichloromethane',
    'ethyl_acetate',
    'ethyl_ether',
    'acetonitrile',
    'trichloroethylene',
    '1_2_dichloroethane',
    'ethylene_oxide',
    'dimethyl_sulfoxide',
    'trichloroethane',
    '1_1_1_2_tetrafluoroethane',
    'n_butane',
    'isobutane',
    'n_pentane',
    '2_methylbutane',
    'neopentane',
    'n_hexane',
    '2_methylpentane',
    '3_methylpentane',
    '2_2_dimethylbutane',
    '2_3_dimethylbutane',
    'm_p_xylene',
    'o_xylene',
    'moisture',
    'water_activity',
    'foreign_matter_stems',
    'foreign_matter_other',
    'mammalian_excreta',
    'insect_fragments',
    'hair',
    'vitamin_e_acetate',
  ];

  it.each(KEYS_MD)('holds the analyte-keys.md key %s', (key) => {
    expect(getAnalyte(key)).toBeDefined();
    expect(keyOf(key.replace(/_/g, ' '))).toBe(key);
  });

  it('has unique, well-formed keys', () => {
    const keys = ANALYTES.map((a) => a.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((k) => !/^[a-z0-9]+(_[a-z0-9]+)*$/.test(k))).toEqual([]);
  });

  it('has no spelling that names two analytes', () => {
    expect(findFormCollisions()).toEqual([]);
  });

  it('has summed analytes whose constituents exist in the same panel and unit', () => {
    const bad = ANALYTES.flatMap((a) =>
      (a.summedFrom ?? [])
        .filter((k) => getAnalyte(k)?.panel !== a.panel || getAnalyte(k)?.unit !== a.unit)
        .map((k) => `${a.key} ← ${k}`),
    );
    expect(bad).toEqual([]);
  });

  it('has CAS numbers with a valid check digit', () => {
    const bad = ANALYTES.filter((a) => a.cas !== undefined && !validCas(a.cas)).map((a) => `${a.key} ${a.cas}`);
    expect(bad).toEqual([]);
  });

  it("gives every analyte its panel's canonical unit", () => {
    const units: Record<string, string> = {
      cannabinoids: '%',
      terpenes: '%',
      metals: 'ug/g',
      pesticides: 'ug/g',
      mycotoxins: 'ug/kg',
      solvents: 'ug/g',
      microbials: 'CFU/g',
      moisture: '%',
      water_activity: 'aw',
      foreign_matter: '%',
    };
    expect(ANALYTES.filter((a) => a.panel !== 'other' && units[a.panel] !== a.unit).map((a) => a.key)).toEqual([]);
  });
});

/** CAS check digit: the weighted sum of the other digits, weights 1, 2, 3… from the right, mod 10. */
function validCas(cas: string): boolean {
  const m = /^(\d{2,7})-(\d{2})-(\d)$/.exec(cas);
  if (!m) return false;
  const digits = (m[1] + m[2]).split('').reverse();
  const sum = digits.reduce((s, d, i) => s + Number(d) * (i + 1), 0);
  return sum % 10 === Number(m[3]);
}
