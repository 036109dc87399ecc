import { delimited, encodeText, type GeneratedFile } from './fixture-file';

/**
 * A WinLab32 results CSV of metals by ICP-MS mass ("Pb 208"), in mg/kg unless a row says otherwise (mg/L: a
 * concentration in the digest, which needs the sample's prep data).
 */
export function winlabMetalsCsv(
  sampleId: string,
  results: Array<
    [analyte: string, value: string, unit?: string] | [sample: string, analyte: string, value: string, unit: string]
  >,
): GeneratedFile {
  const rows = [['Sample ID', 'Analyte Name', 'Date', 'Time', 'Reported Conc (Calib)', 'Units (Samp)']];
  for (const r of results) {
    const [sample, analyte, value, unit] = r.length === 4 ? r : [sampleId, r[0], r[1], r[2] ?? 'mg/kg'];
    rows.push([` ${sample}`, analyte, '05-02-25', '09:14:40 AM', value, unit]);
  }
  return { name: `winlab-metals-${sampleId}.csv`, bytes: encodeText(delimited(rows, ',')) };
}
