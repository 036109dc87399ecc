/** Files whose proposal reads other results than the hand-written template, and why (see README "Teach a new format"). */
const CHEMSTATION =
  'ChemStation "Report to XLS" holds one sample per file: the sample is a key on Sheet1 and the results are spread over key/value sheets (Peak, Compound, IntResults); the engine proposes table layouts only and finds no sample column in any of its tables, so it proposes no template (it names what is missing) until a person writes a key_value_workbook template';
export const KNOWN_DIFFERENCES: Record<string, string> = {
  'agilent-chemstation-gc-residual-solvents.xls': CHEMSTATION,
  'agilent-chemstation-gc-terpenes.xls': CHEMSTATION,
  'agilent-chemstation-hplc-cannabinoids.xls': CHEMSTATION,
  'perkinelmer-nexion-icpms-heavy-metals.xlsx':
    'the Summary Report prints one block per sample ("Sample ID:" label rows, then a small table) and the prep data on another sheet (Log); the engine proposes table layouts only and finds no sample column in the block tables, so it proposes no template (it names what is missing)',
  'qpcr-microbials.xlsx':
    'its hand-written template keeps Cq numbers as results with the unit "Cq"; the engine never turns a Cq into a result without a kit table (target → analyte, cut-off), so its proposal refuses the file (cq_without_call) until a person adds the kit',
};
