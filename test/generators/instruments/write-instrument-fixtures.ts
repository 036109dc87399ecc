import * as fs from 'node:fs';
import * as path from 'node:path';
import * as bad from './bad-fixtures';
import { genericLongText, genericLongXlsx, genericWideText, genericWideXlsx, TEXT_VARIANTS } from './encoding-fixtures';
import type { GeneratedFile } from './fixture-file';
import * as layouts from './layout-fixtures';
import * as secondRound from './second-round-fixtures';

/**
 * Writes every generated instrument fixture to test/fixtures/instruments (git-ignored):
 *   npx ts-node test/generators/instruments/write-instrument-fixtures.ts [outDir]
 */
export function allInstrumentFixtures(): GeneratedFile[] {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  return [
    layouts.chemstationReportXls(),
    layouts.chemstationReportXls({ sampleName: 'CAL 2' }),
    layouts.shimadzuAsciiTxt(),
    layouts.shimadzuResavedCsv(),
    layouts.nexionSummaryWorkbook(),
    layouts.nexion350xWorkbook(),
    layouts.winlab32Csv(),
    layouts.massHunterCsv(),
    layouts.qpcrWorkbook(),
    secondRound.targetLynxSummaryTxt(),
    secondRound.multiQuantAreasTxt(),
    secondRound.traceFinderCompoundCsv(),
    secondRound.massHunterBatchTableCsv({ withSamples: true }),
    secondRound.openLabTextReport(),
    secondRound.quantStudioPresenceAbsenceXlsx(),
    secondRound.cfxMaestroCqCsv({ targets: true }),
    secondRound.lightCyclerCpTxt(),
    ...TEXT_VARIANTS.map(({ name, variant }) => ({ ...genericLongText(variant), name: `generic-long-${slug(name)}.csv` })),
    ...TEXT_VARIANTS.map(({ name, variant }) => ({ ...genericWideText(variant), name: `generic-wide-${slug(name)}.csv` })),
    genericLongXlsx(),
    genericWideXlsx(),
    bad.truncatedXlsx(),
    bad.truncatedXls(),
    bad.truncatedCsv(),
    bad.wrongKindPdf(),
    bad.wrongKindBinary(),
    bad.emptyFile(),
    bad.blankFile(),
    bad.headerOnlyCsv(),
    { ...bad.headerOnlyWorkbook(), name: 'chemstation-header-only.xls' },
    { ...bad.templateMismatch().file, name: 'template-mismatch-winlab32-for-shimadzu.csv' },
  ];
}

if (require.main === module) {
  const out = path.resolve(process.argv[2] ?? path.join(__dirname, '../../fixtures/instruments'));
  fs.mkdirSync(out, { recursive: true });
  for (const file of allInstrumentFixtures()) fs.writeFileSync(path.join(out, file.name), file.bytes);
  console.log(`wrote ${allInstrumentFixtures().length} fixtures to ${out}`);
}
