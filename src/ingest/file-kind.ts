/**
 * True when the bytes start with a PDF header. Which adapter explains a file nothing detected turns on it: a PDF is
 * the certificate adapter's to explain, any other file the instrument adapter's.
 */
export function startsWithPdfHeader(bytes: Buffer): boolean {
  return bytes.subarray(0, 5).toString('latin1') === '%PDF-';
}
