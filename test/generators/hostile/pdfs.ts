import { constants, deflateRawSync } from 'node:zlib';

/**
 * Hostile PDFs written object by object, so their structure is exactly what the case needs: thousands
 * of pages sharing one content stream, objects nested tens of thousands deep, a page tree that loops,
 * and a content stream that inflates to hundreds of megabytes. Each is a few kilobytes to a few hundred.
 */

type PdfObject = string | { dict: string; stream: Buffer };

/** Serialises numbered objects (1…n, object 1 the catalog) with a correct cross-reference table. */
export function pdfFromObjects(objects: PdfObject[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(length);
    const chunk =
      typeof object === 'string'
        ? Buffer.from(`${i + 1} 0 obj\n${object}\nendobj\n`, 'latin1')
        : Buffer.concat([
            Buffer.from(`${i + 1} 0 obj\n<< ${object.dict} /Length ${object.stream.length} >>\nstream\n`, 'latin1'),
            object.stream,
            Buffer.from('\nendstream\nendobj\n', 'latin1'),
          ]);
    parts.push(chunk);
    length += chunk.length;
  });
  const xref = [
    `xref\n0 ${objects.length + 1}\n`,
    '0000000000 65535 f \n',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
  ].join('');
  parts.push(
    Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`, 'latin1'),
  );
  return Buffer.concat(parts);
}

const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';

function textStream(lines: string[]): Buffer {
  const ops = lines.map((line, i) => `BT /F1 11 Tf 46 ${740 - i * 14} Td (${line.replace(/[()\\]/g, '\\$&')}) Tj ET`).join('\n');
  return Buffer.from(ops, 'latin1');
}

/** `pages` pages that all draw the same content stream: a tiny file that claims to be a long certificate. */
export function thousandsOfPagesPdf(pages: number): Buffer {
  // 1 catalog, 2 pages, 3 font, 4 content, 5… the pages.
  const kids = Array.from({ length: pages }, (_, i) => `${i + 5} 0 R`).join(' ');
  const objects: PdfObject[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
    FONT,
    { dict: '', stream: textStream(['Certificate of Analysis', 'Analyte LOQ Limit Result Status']) },
    ...Array.from(
      { length: pages },
      () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>',
    ),
  ];
  return pdfFromObjects(objects);
}

/** A one-page PDF whose catalog holds an array nested `depth` levels deep. */
export function deeplyNestedArrayPdf(depth: number): Buffer {
  return onePage(`/Nested ${'['.repeat(depth)}0${']'.repeat(depth)}`);
}

/** A one-page PDF whose catalog holds a dictionary nested `depth` levels deep. */
export function deeplyNestedDictionaryPdf(depth: number): Buffer {
  return onePage(`/Nested ${'<< /A '.repeat(depth)}0${' >>'.repeat(depth)}`);
}

/** A one-page PDF whose page resources hold a dictionary nested `depth` levels deep (read when its text is). */
export function deeplyNestedResourcesPdf(depth: number): Buffer {
  return pdfFromObjects([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [4 0 R] /Count 1 >>',
    FONT,
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> /Properties ${'<< /P '.repeat(depth)}0${' >>'.repeat(depth)} >> /Contents 5 0 R >>`,
    { dict: '', stream: textStream(['Certificate of Analysis', 'Sample: 2601TST0001-0001']) },
  ]);
}

/** One page drawing `operators` save/restore pairs before its text: small, flat, and slow to interpret. */
export function slowContentPdf(operators: number): Buffer {
  const text = textStream(['Certificate of Analysis']);
  return pdfFromObjects([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [4 0 R] /Count 1 >>',
    FONT,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>',
    {
      dict: '/Filter /FlateDecode',
      stream: zlibStream([
        { bytes: Buffer.from('q Q '.repeat(250_000), 'latin1'), times: Math.ceil(operators / 250_000) },
        { bytes: text, times: 1 },
      ]),
    },
  ]);
}

/** A page tree whose node lists itself among its kids. */
export function loopingPageTreePdf(): Buffer {
  return pdfFromObjects([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [2 0 R 4 0 R] /Count 2 >>',
    FONT,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>',
    { dict: '', stream: textStream(['Certificate of Analysis']) },
  ]);
}

/** One page whose content stream inflates to `mib` MiB: two lines of text, then a sea of spaces. */
export function flateBombPdf(mib: number): Buffer {
  const head = textStream(['Certificate of Analysis', 'Lead 0.05 0.5 ND Pass']);
  return pdfFromObjects([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [4 0 R] /Count 1 >>',
    FONT,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>',
    {
      dict: '/Filter /FlateDecode',
      stream: zlibStream([
        { bytes: head, times: 1 },
        { bytes: Buffer.alloc(1024 * 1024, 0x20), times: mib },
      ]),
    },
  ]);
}

function onePage(catalogExtra: string): Buffer {
  return pdfFromObjects([
    `<< /Type /Catalog /Pages 2 0 R ${catalogExtra} >>`,
    '<< /Type /Pages /Kids [4 0 R] /Count 1 >>',
    FONT,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>',
    { dict: '', stream: textStream(['Certificate of Analysis', 'Sample: 2601TST0001-0001']) },
  ]);
}

/**
 * A zlib stream (header, deflate blocks, Adler-32) of pieces repeated many times. Each piece is deflated
 * once on its own, so its blocks only refer back inside themselves and can be repeated as they are.
 */
function zlibStream(pieces: Array<{ bytes: Buffer; times: number }>): Buffer {
  const blocks: Buffer[] = [Buffer.from([0x78, 0x9c])];
  let adler = 1;
  for (const { bytes, times } of pieces) {
    const block = deflateRawSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
    const pieceAdler = adler32(bytes);
    for (let i = 0; i < times; i++) {
      blocks.push(block);
      adler = adler32Combine(adler, pieceAdler, bytes.length);
    }
  }
  blocks.push(Buffer.from([0x03, 0x00]));
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(adler >>> 0, 0);
  blocks.push(checksum);
  return Buffer.concat(blocks);
}

const ADLER_BASE = 65521;

function adler32(bytes: Buffer): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % ADLER_BASE;
    b = (b + a) % ADLER_BASE;
  }
  return ((b << 16) | a) >>> 0;
}

/** zlib's adler32_combine: the checksum of two runs from theirs, without reading the bytes again. */
function adler32Combine(adler1: number, adler2: number, length2: number): number {
  const rem = length2 % ADLER_BASE;
  let sum1 = adler1 & 0xffff;
  let sum2 = (rem * sum1) % ADLER_BASE;
  sum1 += (adler2 & 0xffff) + ADLER_BASE - 1;
  sum2 += ((adler1 >>> 16) & 0xffff) + ((adler2 >>> 16) & 0xffff) + ADLER_BASE - rem;
  sum1 %= ADLER_BASE;
  sum2 %= ADLER_BASE;
  return ((sum2 << 16) | sum1) >>> 0;
}
