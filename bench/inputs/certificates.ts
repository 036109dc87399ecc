import * as fs from 'node:fs';
import * as path from 'node:path';
import { productTypeFromMatrix, type ProductType } from '../../src/catalog';
import { LIMS_LIKE, limsLikeCertificate } from '../../test/generators/coa/make-pdfs';

/** The real New York certificates beside the project, when present (never copied into it). */
const REAL_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'samples', 'coa', 'drs-testing-ny');

export interface Certificate {
  name: string;
  bytes: Buffer;
  labSampleId: string;
  clientLicense: string;
  productType: ProductType;
}

/**
 * Certificates to import: the eight real DRS Testing certificates when ../shared/samples is present, else
 * eight generated certificates in the same (Confident LIMS) layout, distinct bytes of one certificate.
 */
export async function loadCertificates(): Promise<{ real: boolean; certificates: Certificate[] }> {
  if (!fs.existsSync(REAL_DIR)) {
    const base = await limsLikeCertificate();
    return {
      real: false,
      certificates: Array.from({ length: 8 }, (_, i) => ({
        name: `generated-${i + 1}.pdf`,
        bytes: copyOf(base, i + 1),
        labSampleId: LIMS_LIKE.labSampleId,
        clientLicense: LIMS_LIKE.clientLicense,
        productType: 'flower',
      })),
    };
  }
  const expected = fs.readdirSync(path.join(REAL_DIR, 'expected')).filter((f) => f.endsWith('.json'));
  return {
    real: true,
    certificates: expected.sort().map((f) => {
      const e = JSON.parse(fs.readFileSync(path.join(REAL_DIR, 'expected', f), 'utf8')) as {
        file: string;
        labSampleId: string;
        clientLicense: string;
        matrix: string;
      };
      return {
        name: e.file,
        bytes: fs.readFileSync(path.join(REAL_DIR, e.file)),
        labSampleId: e.labSampleId,
        clientLicense: e.clientLicense,
        productType: productTypeFromMatrix(e.matrix) ?? 'flower',
      };
    }),
  };
}

/**
 * The same certificate as different bytes: a PDF comment after %%EOF, which readers ignore. Lets the bench
 * import a certificate again (the same bytes would be recognised and not imported twice); its results
 * then arrive as duplicates of the first import's.
 */
export function copyOf(bytes: Buffer, copy: number): Buffer {
  return Buffer.concat([bytes, Buffer.from(`\n% bench copy ${copy}\n`, 'latin1')]);
}
