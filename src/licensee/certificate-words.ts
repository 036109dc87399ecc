import { getAnalyte } from '../catalog';

/** Internal status keys in the words a certificate prints; an unknown key is shown capitalised, never raw snake_case. */
const RESULT_STATUS: Record<string, string> = {
  pass: 'Pass',
  fail: 'Fail',
  report_only: 'Tested',
  not_tested: 'Not tested',
  no_limit: 'No limit on file',
  indeterminate: 'Cannot be judged',
};

const PANEL_STATUS: Record<string, string> = {
  pass: 'Pass',
  fail: 'Fail',
  report_only: 'Tested',
  not_tested: 'Not tested',
  incomplete: 'Incomplete',
};

const PANEL_NAMES: Record<string, string> = {
  cannabinoids: 'Cannabinoids',
  terpenes: 'Terpenes',
  metals: 'Heavy metals',
  pesticides: 'Pesticides',
  mycotoxins: 'Mycotoxins',
  solvents: 'Residual solvents',
  microbials: 'Microbials',
  moisture: 'Moisture',
  water_activity: 'Water activity',
  foreign_matter: 'Foreign matter',
  other: 'Other tests',
};

const VERDICTS: Record<string, string> = { pass: 'PASS', fail: 'FAIL', incomplete: 'INCOMPLETE' };

/** Canonical units are ASCII ("ug/g"); people read "µg/g". The CSV, XLSX and PDF use these spellings. */
const UNITS: Record<string, string> = {
  'ug/g': 'µg/g',
  'ug/kg': 'µg/kg',
  'ug/ml': 'µg/mL',
  'ug/mL': 'µg/mL',
  'ug/serving': 'µg/serving',
};

export const resultStatusWords = (status: string): string => RESULT_STATUS[status] ?? words(status);
export const panelStatusWords = (status: string): string => PANEL_STATUS[status] ?? words(status);
export const panelName = (panel: string): string => PANEL_NAMES[panel] ?? words(panel);
export const verdictWords = (verdict: string | null): string =>
  verdict ? (VERDICTS[verdict] ?? words(verdict).toUpperCase()) : 'NOT EVALUATED';
export const displayUnit = (unit: string): string => UNITS[unit] ?? unit;

/** The catalog's display name ("Δ9-THC"), or the name the source printed for an analyte outside the catalog. */
export function analyteName(key: string, printed: string): string {
  return getAnalyte(key)?.name ?? printed;
}

function words(key: string): string {
  const spaced = key.replace(/_/g, ' ').trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
