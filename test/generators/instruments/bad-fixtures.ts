import { encodeText, type GeneratedFile } from './fixture-file';
import { genericLongXlsx } from './encoding-fixtures';
import { chemstationReportXls, winlab32Csv } from './layout-fixtures';

/** Files that must be refused with a 422 naming the template, the location and what was expected. */

/** An XLSX cut in half, as an interrupted copy from the instrument PC leaves it. */
export function truncatedXlsx(): GeneratedFile {
  const whole = genericLongXlsx().bytes;
  return { name: 'truncated.xlsx', bytes: whole.subarray(0, Math.floor(whole.length / 2)) };
}

/** A ChemStation-style XLS cut short. */
export function truncatedXls(): GeneratedFile {
  const whole = chemstationReportXls().bytes;
  return { name: 'truncated.xls', bytes: whole.subarray(0, Math.floor(whole.length / 2)) };
}

/** A CSV cut inside a quoted field. */
export function truncatedCsv(): GeneratedFile {
  return { name: 'truncated.csv', bytes: encodeText('Sample,Analyte,Result\n2502RLI0135-0489,"Lead') };
}

/** A PDF uploaded where an instrument export was expected. */
export function wrongKindPdf(): GeneratedFile {
  return {
    name: 'certificate.pdf',
    bytes: Buffer.concat([
      Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1'),
      Buffer.from([0, 1, 2, 3, 0, 0]),
    ]),
  };
}

/** Binary data without a known signature. */
export function wrongKindBinary(): GeneratedFile {
  return { name: 'export.dat', bytes: Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 37) % 256)) };
}

export function emptyFile(): GeneratedFile {
  return { name: 'empty.csv', bytes: Buffer.alloc(0) };
}

/** Only line breaks and spaces. */
export function blankFile(): GeneratedFile {
  return { name: 'blank.csv', bytes: encodeText('\r\n   \r\n\r\n') };
}

export function headerOnlyCsv(): GeneratedFile {
  return winlab32Csv({ headerOnly: true });
}

export function headerOnlyWorkbook(): GeneratedFile {
  return chemstationReportXls({ headerOnly: true });
}

/** A real-layout file for one template, to be parsed with another. */
export function templateMismatch(): { file: GeneratedFile; template: string } {
  return { file: winlab32Csv(), template: 'shimadzu-labsolutions-ascii' };
}
