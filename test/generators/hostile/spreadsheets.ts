import { zipFile, type ZipEntry } from './zip-file';

/**
 * Hostile spreadsheets, written by hand so every byte is known: a zip bomb, a zip whose directory lies
 * about sizes, a workbook with a million empty rows, formulas and external links that must never be
 * evaluated or fetched, and CSV cells that a spreadsheet would run as formulas. Names and values are invented.
 */

export interface HostileFile {
  name: string;
  bytes: Buffer;
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** A generic-long table (Sample, Analyte, Result, Units, LOQ) for two samples the suites register. */
export const HOSTILE_SAMPLES = ['HOSTILE-0001', 'HOSTILE-0002'];
export const HOSTILE_MAPPING = { sampleId: 'Sample', analyte: 'Analyte', value: 'Result', unit: 'Units', loq: 'LOQ' };

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function column(index: number): string {
  return String.fromCharCode(65 + index);
}

/** One row of inline-string or number cells. */
export function rowXml(r: number, cells: Array<string | number>): string {
  const body = cells
    .map((cell, c) =>
      typeof cell === 'number'
        ? `<c r="${column(c)}${r}"><v>${cell}</v></c>`
        : `<c r="${column(c)}${r}" t="inlineStr"><is><t>${xmlText(cell)}</t></is></c>`,
    )
    .join('');
  return `<row r="${r}">${body}</row>`;
}

/** The table every hostile workbook starts with: a header and one result per sample. */
export function tableRowsXml(): string {
  return [
    rowXml(1, ['Sample', 'Analyte', 'Result', 'Units', 'LOQ']),
    rowXml(2, [HOSTILE_SAMPLES[0], 'Lead', 0.153, 'µg/g', 0.05]),
    rowXml(3, [HOSTILE_SAMPLES[1], 'Lead', 0.21, 'µg/g', 0.05]),
  ].join('');
}

interface WorkbookOptions {
  /** `<dimension ref>` the sheet claims. */
  dimension?: string;
  /** The sheet's XML between `<sheetData>` and `</sheetData>`, as pieces (repeated to inflate). */
  sheetData: ZipEntry['data'];
  /** Extra parts (external links, …) and extra workbook relationships. */
  extraParts?: ZipEntry[];
  extraWorkbookRels?: string;
  extraWorkbookXml?: string;
  extraSheetXml?: string;
  extraSheetRels?: string;
  /** Size written in the zip headers for the sheet part instead of the true one. */
  claimedSheetSize?: number;
}

/** An XLSX with one sheet named "Results" built from raw parts. */
export function workbookFromParts(name: string, o: WorkbookOptions): HostileFile {
  const head = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS}" xmlns:r="${REL_NS}">` +
      (o.dimension ? `<dimension ref="${o.dimension}"/>` : '') +
      '<sheetData>',
    'utf8',
  );
  const tail = Buffer.from(`</sheetData>${o.extraSheetXml ?? ''}</worksheet>`, 'utf8');
  const data = o.sheetData;
  const sheet: ZipEntry['data'] =
    typeof data === 'string' || Buffer.isBuffer(data)
      ? Buffer.concat([head, Buffer.from(data), tail])
      : [{ bytes: head, times: 1 }, ...data, { bytes: tail, times: 1 }];
  const entries: ZipEntry[] = [
    {
      name: '[Content_Types].xml',
      data:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>' +
        '</Types>',
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><sheets><sheet name="Results" sheetId="1" r:id="rId1"/></sheets>${o.extraWorkbookXml ?? ''}</workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>${o.extraWorkbookRels ?? ''}</Relationships>`,
    },
    { name: 'xl/worksheets/sheet1.xml', data: sheet, claimedSize: o.claimedSheetSize },
    ...(o.extraSheetRels
      ? [
          {
            name: 'xl/worksheets/_rels/sheet1.xml.rels',
            data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL_NS}">${o.extraSheetRels}</Relationships>`,
          },
        ]
      : []),
    ...(o.extraParts ?? []),
  ];
  return { name, bytes: zipFile(entries) };
}

/** One mebibyte of spaces: XML whitespace, and the most compressible payload there is. */
const MEBIBYTE_OF_SPACES = Buffer.alloc(1024 * 1024, 0x20);

/**
 * A valid-looking XLSX, a few hundred kilobytes on disk, whose sheet inflates to `inflatedMiB` MiB
 * (the table, then whitespace). SheetJS inflates every part whole before parsing it.
 */
export function zipBombXlsx(inflatedMiB: number): HostileFile {
  return workbookFromParts('results.xlsx', {
    sheetData: [
      { bytes: Buffer.from(tableRowsXml()), times: 1 },
      { bytes: MEBIBYTE_OF_SPACES, times: inflatedMiB },
    ],
  });
}

/** The same bomb, but its zip headers claim the sheet is 4 KiB: only inflating it shows the truth. */
export function lyingZipBombXlsx(inflatedMiB: number): HostileFile {
  return workbookFromParts('small-results.xlsx', {
    sheetData: [
      { bytes: Buffer.from(tableRowsXml()), times: 1 },
      { bytes: MEBIBYTE_OF_SPACES, times: inflatedMiB },
    ],
    claimedSheetSize: 4096,
  });
}

/** The table, then a million explicit empty rows, in a sheet that claims the whole 1,048,576-row grid. */
export function millionEmptyRowsXlsx(): HostileFile {
  const empty = Array.from({ length: 1_000_000 }, (_, i) => `<row r="${i + 4}"/>`).join('');
  return workbookFromParts('million-empty-rows.xlsx', { dimension: 'A1:E1048576', sheetData: tableRowsXml() + empty });
}

/** Only a claimed range: `<dimension ref="A1:XFD1048576">` over the three real rows. */
export function claimedHugeRangeXlsx(): HostileFile {
  return workbookFromParts('claimed-range.xlsx', { dimension: 'A1:XFD1048576', sheetData: tableRowsXml() });
}

/**
 * Results computed by formulas that would call out if evaluated (WEBSERVICE, a linked workbook, a
 * HYPERLINK), each with the cached value Excel saved beside it, plus an external-link part and a
 * hyperlink relationship pointing at `leakUrl`. Reading it must use the cached values and fetch nothing.
 */
export function formulasAndExternalLinksXlsx(leakUrl: string): HostileFile {
  const url = xmlText(leakUrl);
  const rows = [
    rowXml(1, ['Sample', 'Analyte', 'Result', 'Units', 'LOQ']),
    `<row r="2"><c r="A2" t="inlineStr"><is><t>${HOSTILE_SAMPLES[0]}</t></is></c><c r="B2" t="inlineStr"><is><t>Lead</t></is></c>` +
      `<c r="C2"><f>WEBSERVICE("${url}/webservice")</f><v>0.153</v></c>` +
      `<c r="D2" t="inlineStr"><is><t>µg/g</t></is></c><c r="E2"><f>[1]Sheet1!A1</f><v>0.05</v></c></row>`,
    `<row r="3"><c r="A3" t="inlineStr"><is><t>${HOSTILE_SAMPLES[1]}</t></is></c><c r="B3" t="str"><f>HYPERLINK("${url}/hyperlink","Lead")</f><v>Lead</v></c>` +
      `<c r="C3"><f>1/0+0.21</f><v>0.21</v></c><c r="D3" t="inlineStr"><is><t>µg/g</t></is></c><c r="E3"><v>0.05</v></c></row>`,
  ].join('');
  return workbookFromParts('formulas.xlsx', {
    sheetData: rows,
    extraWorkbookXml: '<externalReferences><externalReference r:id="rId9"/></externalReferences>',
    extraWorkbookRels:
      '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"/>',
    extraSheetXml: '<hyperlinks><hyperlink ref="A2" r:id="rId1"/></hyperlinks>',
    extraSheetRels: `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="${url}/sheet-hyperlink" TargetMode="External"/>`,
    extraParts: [
      {
        name: 'xl/externalLinks/externalLink1.xml',
        data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<externalLink xmlns="${NS}" xmlns:r="${REL_NS}"><externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames></externalBook></externalLink>`,
      },
      {
        name: 'xl/externalLinks/_rels/externalLink1.xml.rels',
        data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="${url}/linked-workbook.xlsx" TargetMode="External"/></Relationships>`,
      },
    ],
  });
}

/** A formula with no cached value: nothing to read, and it must not be computed. */
export function formulaWithoutCachedValueXlsx(): HostileFile {
  const rows = [
    rowXml(1, ['Sample', 'Analyte', 'Result', 'Units', 'LOQ']),
    `<row r="2"><c r="A2" t="inlineStr"><is><t>${HOSTILE_SAMPLES[0]}</t></is></c><c r="B2" t="inlineStr"><is><t>Lead</t></is></c>` +
      `<c r="C2"><f>0.1+0.053</f></c><c r="D2" t="inlineStr"><is><t>µg/g</t></is></c><c r="E2"><v>0.05</v></c></row>`,
  ].join('');
  return workbookFromParts('uncached-formula.xlsx', { sheetData: rows });
}

/** An XLSX whose zip structure is intact but whose sheet is not XML. */
export function corruptSheetXlsx(): HostileFile {
  return workbookFromParts('corrupt.xlsx', {
    sheetData: Buffer.from(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>Sample</t></is></c></row><row r="2"><c r="A2"><v>\u0000\u0001\u0002</v>>>><<<</sheetData></worksheet></row',
      'latin1',
    ),
  });
}

/** Bytes that start like an XLS (OLE compound file) and continue as noise. */
export function corruptXls(): HostileFile {
  const magic = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256));
  return { name: 'corrupt.xls', bytes: Buffer.concat([magic, noise]) };
}

/** The cells a spreadsheet would run as formulas when a CSV is opened (CSV injection). */
export const FORMULA_LEADS = {
  sample: "=cmd|' /C calc'!A0",
  analyte: '=HYPERLINK("http://example.invalid/x","Lead")',
  atSign: '@SUM(1+1)',
  plusValue: '+0.153',
  minusValue: '-0.020',
  formulaValue: '=0.1+0.2',
};
