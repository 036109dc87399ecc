import * as path from 'node:path';
import { extractCertificate } from './coa-extractor';
import { loadCoaLayouts } from './coa-layout.loader';
import { groupIntoLines } from './page-lines';
import type { TextPart } from './text-line';

/** The MCR Labs layout reads names wrapped around their values (`table.namesAroundValues`). */
const layout = loadCoaLayouts(path.resolve(__dirname, '../../../templates/coa')).find((l) => l.id === 'coa-mcr-labs')!;

const part = (text: string, x0: number, x1: number, y: number): TextPart => ({ text, x0, x1, y, size: 10 });

/** A microbial table: header, then rows of test ID, name (where printed), result, unit, limit, disposition. */
function table(rows: Array<[y: number, testId: string, name: string | undefined]>, names: Array<[y: number, text: string]>) {
  const parts: TextPart[] = [
    part('Microbiological Screen [MCR-TM-0006]', 116, 300, 80),
    ...(
      [
        ['Test ID', 143, 176],
        ['Test Analysis', 229, 293],
        ['Results', 345, 381],
        ['Unit', 443, 463],
        ['Limits', 528, 558],
        ['Disposition', 606, 661],
      ] as const
    ).map(([text, x0, x1]) => part(text, x0, x1, 100)),
    ...rows.flatMap(([y, testId, name]) => [
      part(testId, 130, 189, y),
      ...(name ? [part(name, 229, 296, y)] : []),
      part('<100', 352, 374, y),
      part('CFU/g', 439, 467, y),
      part('10^3', 520, 535, y),
      part('CFU/g', 538, 566, y),
      part('Pass', 622, 644, y),
    ]),
    ...names.map(([y, text]) => part(text, 229, 296, y)),
    part('Note: CFU = colony forming unit.', 116, 400, 320),
  ];
  const lines = groupIntoLines(1, parts);
  return extractCertificate({ pages: [lines] }, layout, 'sha').sample.rows.map((r) => [
    r.name,
    r.extra?.testId,
    r.unsure ?? null,
  ]);
}

describe('names wrapped around their values (namesAroundValues)', () => {
  it('gives each name line to the nearer row: above, beside and below the values', () => {
    const rows = table(
      [
        [120, 'T-1', undefined],
        [160, 'T-2', 'Total'],
        [200, 'T-3', 'Gram Negative'],
      ],
      [
        [126, 'Yeast and Mold'],
        [165, 'Coliforms'],
        [188, 'Total Bile-Tolerant'],
        [212, 'Bacteria'],
      ],
    );
    expect(rows).toEqual([
      ['Yeast and Mold', 'T-1', null],
      ['Total Coliforms', 'T-2', null],
      ['Total Bile-Tolerant Gram Negative Bacteria', 'T-3', null],
    ]);
  });

  it('keeps a name line halfway between two rows with the row above, and says it is unsure', () => {
    const rows = table(
      [
        [120, 'T-1', 'Total Coliforms'],
        [160, 'T-2', 'Salmonella'],
        [200, 'T-3', 'STEC'],
      ],
      [[180, 'Extra Words']],
    );
    expect(rows[1][0]).toBe('Salmonella Extra Words');
    expect(rows[1][2]).toContain('as near the values below');
    expect(rows.map((r) => r[2] === null)).toEqual([true, false, true]);
  });

  it('keeps values printed with no name anywhere near them as an unsure row, never drops them', () => {
    const rows = table(
      [
        [120, 'T-1', 'Total Coliforms'],
        [160, 'T-2', undefined],
      ],
      [],
    );
    expect(rows).toEqual([
      ['Total Coliforms', 'T-1', null],
      ['', 'T-2', 'no analyte name printed beside, above or below these values'],
    ]);
  });
});
