import { genericLongXlsx } from '../../../test/generators/instruments/encoding-fixtures';
import { truncatedXlsx } from '../../../test/generators/instruments/bad-fixtures';
import { lyingZipBombXlsx, zipBombXlsx } from '../../../test/generators/hostile/spreadsheets';
import { zipFile } from '../../../test/generators/hostile/zip-file';
import { ImportRejected } from '../import-rejected.error';
import { readTableFile } from './read-table';
import { checkZipInflation } from './zip-inflation';

const MIB = 1024 * 1024;

describe('checkZipInflation: a zipped workbook is measured before it is inflated', () => {
  it('passes a real workbook well under the limit', () => {
    expect(() => checkZipInflation(genericLongXlsx().bytes, MIB)).not.toThrow();
  });

  it.each([
    ['declares more than the limit once inflated', () => zipBombXlsx(8).bytes, /its parts declare \d+ bytes once inflated/],
    [
      'declares 4 KiB for a part that inflates to 8 MiB',
      () => lyingZipBombXlsx(8).bytes,
      /part xl\/worksheets\/sheet1\.xml inflates to more than the 4096 bytes its zip header declares/,
    ],
  ])('refuses a zip that %s, naming the limit', (_name, bytes, detail) => {
    const error = capture(() => checkZipInflation(bytes(), 4 * MIB));

    expect(error.details).toEqual({
      code: 'inflates_too_large',
      expected: `a workbook that inflates to at most ${4 * MIB} bytes`,
    });
    expect(error.message).toMatch(new RegExp(`^the workbook inflates past the limit for one import \\(${4 * MIB} bytes\\): `));
    expect(error.message).toMatch(detail);
  });

  it('accepts exactly the limit and refuses one byte more', () => {
    const bytes = zipFile([{ name: 'a.xml', data: Buffer.alloc(1000, 0x20) }]);

    expect(() => checkZipInflation(bytes, 1000)).not.toThrow();
    expect(capture(() => checkZipInflation(bytes, 999)).details.code).toBe('inflates_too_large');
  });

  it.each([
    ['cut before its directory', () => truncatedXlsx().bytes, /no zip end-of-directory record/],
    ['whose part is not deflate data', () => corruptDeflate(), /part a\.xml does not inflate/],
  ])('refuses a zip %s as a corrupt workbook', (_name, bytes, detail) => {
    const error = capture(() => checkZipInflation(bytes(), MIB));

    expect(error.details.code).toBe('corrupt_workbook');
    expect(error.message).toMatch(detail);
  });

  it('runs before SheetJS: readTableFile refuses a bomb SheetJS alone would inflate and read', () => {
    const error = capture(() =>
      readTableFile(zipBombXlsx(16).bytes, { maxRows: 100, maxCells: 1000, maxUncompressedBytes: 4 * MIB }),
    );

    expect(error.details.code).toBe('inflates_too_large');
  });
});

function corruptDeflate(): Buffer {
  const bytes = zipFile([{ name: 'a.xml', data: Buffer.alloc(1000, 0x20) }]);
  // The deflate data starts after the 30-byte local header and the 5-byte name; make its first block type invalid.
  bytes[35] = 0xff;
  return bytes;
}

function capture(run: () => unknown): ImportRejected {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportRejected) return error;
    throw error;
  }
  throw new Error('expected ImportRejected, but the file was accepted');
}
