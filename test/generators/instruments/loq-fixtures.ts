import { delimited, encodeText, type GeneratedFile } from './fixture-file';

/** A WinLab32 results CSV of one sample's metals, already in mg/kg: the method's LOQs decide what is reported. */
export function winlabMetalsCsv(sampleId: string, results: Array<[analyte: string, value: string]>): GeneratedFile {
  const rows = [['Sample ID', 'Analyte Name', 'Date', 'Time', 'Reported Conc (Calib)', 'Units (Samp)']];
  for (const [analyte, value] of results) rows.push([` ${sampleId}`, analyte, '05-02-25', '09:14:40 AM', value, 'mg/kg']);
  return { name: `winlab-metals-${sampleId}.csv`, bytes: encodeText(delimited(rows, ',')) };
}
