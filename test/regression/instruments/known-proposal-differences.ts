/** Files whose proposal reads other results than the hand-written template, and why (see README "Teach a new format"). */
const CHEMSTATION =
  'ChemStation "Report to XLS" holds one sample per file in key/value sheets (Sheet1, Peak, Compound); the engine proposes table layouts only, so it reads the Compound sheet as a table without the sample';
export const KNOWN_DIFFERENCES: Record<string, string> = {
  'agilent-chemstation-gc-residual-solvents.xls': CHEMSTATION,
  'agilent-chemstation-gc-terpenes.xls': CHEMSTATION,
  'agilent-chemstation-hplc-cannabinoids.xls': CHEMSTATION,
  'perkinelmer-nexion-icpms-heavy-metals.xlsx':
    'the Summary Report prints one block per sample ("Sample ID:" label rows, then a table) and the prep data on another sheet (Log); the engine does not propose sample blocks or prep tables, so it reads the digestion Log as the table',
  'qpcr-microbials.xlsx':
    'its hand-written template keeps Cq numbers as results with the unit "Cq"; the engine never turns a Cq into a result without a kit table (target → analyte, cut-off), so its proposal refuses the file (cq_without_call) until a person adds the kit',
};
