import { chemstationReportXls } from '../../test/generators/instruments/layout-fixtures';

/**
 * A ChemStation HPLC run of `samples` injections as ChemStation writes it: one "Report to XLS" workbook
 * per injection (the layout of the real REPORT01.xls), each for its own registered sample.
 */
export function chemstationRun(
  run: string,
  samples: number,
): {
  files: Array<{ name: string; bytes: Buffer }>;
  sampleIds: string[];
  fields: Record<string, string>;
} {
  const sampleIds = Array.from({ length: samples }, (_, i) => `CHEM-${run}-${String(i + 1).padStart(4, '0')}`);
  const files = sampleIds.map((sampleName) => {
    const file = chemstationReportXls({ sampleName });
    return { name: `${sampleName}.xls`, bytes: file.bytes };
  });
  // ChemStation's amounts are concentrations in the vial; mass and extraction volume come with the upload.
  return { files, sampleIds, fields: { mass: '0.500', volume: '25' } };
}
