import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { GENERIC_LONG_MAPPING } from '../../generators/instruments/encoding-fixtures';
import { importedResults, registerSamples, upload } from '../../support/lab-setup';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';
import { filesUnder, storedCounts, storedUploads } from './hostile-support';

const MAX_UPLOAD_BYTES = 100_000;
const FIELDS = { template: 'generic-long', mapping: JSON.stringify(GENERIC_LONG_MAPPING) };

describe('hostile uploads: size, content type, file names, and the same file raced', () => {
  let t: TestApp;
  let tech: string;
  beforeAll(async () => {
    t = await startTestApp({ MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) });
    tech = await t.userToken('tara.tech', 'technician');
    await registerSamples(t.http, tech, [{ labSampleId: 'UPL-0001' }, { labSampleId: 'UPL-0002' }]);
  });
  afterAll(async () => t.close());

  it('answers 413 for a file one byte over MAX_UPLOAD_BYTES and keeps nothing, not even the file', async () => {
    const before = await storedCounts(t);
    const uploads = storedUploads(t.config.dataDir);
    const res = await upload(t.http, tech, { name: 'big.csv', bytes: csvOfSize(MAX_UPLOAD_BYTES + 1) }, FIELDS).expect(413);

    expect(res.body).toEqual({ statusCode: 413, error: 'Payload Too Large', message: 'File too large' });
    expect(await storedCounts(t)).toEqual(before);
    expect(storedUploads(t.config.dataDir)).toEqual(uploads);
  });

  it('takes a file of exactly MAX_UPLOAD_BYTES', async () => {
    const res = await upload(t.http, tech, { name: 'at-limit.csv', bytes: csvOfSize(MAX_UPLOAD_BYTES) }, FIELDS);

    expect(res.status).not.toBe(413);
  });

  it.each([
    ['JSON', 'application/json', JSON.stringify({ file: 'U2FtcGxlLEFuYWx5dGU=' })],
    ['plain text', 'text/plain', 'Sample,Analyte,Result\nUPL-0001,Lead,0.1\n'],
    ['a url-encoded form', 'application/x-www-form-urlencoded', 'file=Sample%2CAnalyte'],
    ['a CSV body', 'text/csv', 'Sample,Analyte,Result\nUPL-0001,Lead,0.1\n'],
  ])('answers 415 to an upload sent as %s instead of multipart/form-data, storing nothing', async (_name, contentType, body) => {
    const before = await storedCounts(t);
    const res = await request(t.http)
      .post('/api/imports')
      .set(bearer(tech))
      .set('Content-Type', contentType)
      .send(body)
      .expect(415);

    expect(res.body).toEqual({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: `Content-Type: expected multipart/form-data with the file in field "file", got ${contentType}`,
      details: { field: 'Content-Type' },
    });
    expect(await storedCounts(t)).toEqual(before);
  });

  it('reads a file by its content, whatever content type its part declares', async () => {
    await registerSamples(t.http, tech, [{ labSampleId: 'UPL-TYPE-0001' }]);
    const csv = Buffer.from('Sample,Analyte,Result,Units,LOQ\nUPL-TYPE-0001,Lead,0.111,ug/g,0.05\n');
    const res = await request(t.http)
      .post('/api/imports')
      .set(bearer(tech))
      .field('template', FIELDS.template)
      .field('mapping', FIELDS.mapping)
      .attach('file', csv, { filename: 'photo.png', contentType: 'image/png' })
      .expect(201);

    expect(res.body.resultSets[0]).toMatchObject({ labSampleId: 'UPL-TYPE-0001', read: 1, added: 1 });
    const [set] = await importedResults(t.http, tech, res.body);
    expect(set.results).toEqual([expect.objectContaining({ analyte: 'lead', reportedValue: '0.111' })]);
  });

  it('refuses PNG bytes sent as a CSV by name and content type, by what they are (422), keeping only the rejection', async () => {
    const before = await storedCounts(t);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
    const res = await request(t.http)
      .post('/api/imports')
      .set(bearer(tech))
      .field('template', 'generic-long')
      .attach('file', png, { filename: 'results.csv', contentType: 'text/csv' })
      .expect(422);

    expect(res.body.message).toBe(
      'template generic-long: the file is a PNG image, not an instrument export: expected an instrument export: CSV, TSV or text, XLS or XLSX',
    );
    expect(await storedCounts(t)).toEqual({ ...before, rejected: before.rejected + 1, sourceFiles: before.sourceFiles + 1 });
  });

  describe('file names are display text only: the bytes are kept under their sha256', () => {
    const NAMES: Array<[string, string, string]> = [
      // [what, filename parameter as sent on the wire, the display name kept]
      ['a relative path climbing out of the data dir', 'filename="../../../../tmp/escaped-upload.csv"', 'escaped-upload.csv'],
      ['a Windows path', 'filename="..\\\\..\\\\Windows\\\\win-escaped.csv"', 'win-escaped.csv'],
      ['an absolute path', 'filename="/etc/cron.d/absolute-upload.csv"', 'absolute-upload.csv'],
      ['a percent-encoded path (RFC 5987)', "filename*=UTF-8''..%2F..%2Fencoded-upload.csv", 'encoded-upload.csv'],
      ['a percent-encoded Windows path', "filename*=UTF-8''..%5C..%5Cencoded-win.csv", 'encoded-win.csv'],
      ['a percent-encoded NUL byte', "filename*=UTF-8''nul%00byte.csv", 'nulbyte.csv'],
      ['a percent-encoded line break and tab', "filename*=UTF-8''line%0D%0Abreak%09.csv", 'linebreak.csv'],
      ['C1 control characters', "filename*=UTF-8''c1%C2%85%C2%9Bcontrol.csv", 'c1control.csv'],
      ['a right-to-left override hiding the real extension', "filename*=UTF-8''report%E2%80%AEvsc.exe", 'reportvsc.exe'],
    ];

    it.each(NAMES)('stores a file named with %s under its hash, never under its name', async (_what, disposition, kept) => {
      const csv = Buffer.from(`Sample,Analyte,Result,Units,LOQ\nUPL-0002,Lead,0.${Math.floor(Math.random() * 1e9)},ug/g,0.05\n`);
      const res = await rawMultipart(t, disposition, csv).expect(201);

      expect(res.body.sourceFile.name).toBe(kept);
      const sha = res.body.sourceFile.sha256 as string;
      expect(storedUploads(t.config.dataDir)).toContain(path.join(sha.slice(0, 2), sha));
      const everyFile = filesUnder(t.config.dataDir);
      expect(everyFile.filter((f) => path.basename(f) === kept || f.includes('..'))).toEqual([]);
      expect(
        everyFile.every(
          (f) =>
            f === 'lims-connector.sqlite' ||
            f.startsWith('lims-connector.sqlite-') ||
            /^uploads\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(f),
        ),
      ).toBe(true);
      for (const escaped of [
        '/tmp/escaped-upload.csv',
        '/etc/cron.d/absolute-upload.csv',
        path.resolve(t.config.dataDir, '..', 'encoded-upload.csv'),
      ]) {
        expect(fs.existsSync(escaped)).toBe(false);
      }
    });
  });

  it.each([
    ['a raw NUL byte', 'filename="nul\u0000byte.csv"', 'Multipart: Malformed part header'],
    ['a raw carriage return', 'filename="line\rbreak.csv"', 'Multipart: Malformed part header'],
    ['a raw unit-separator control character', 'filename="x\u001fy.csv"', 'Multipart: Malformed part header'],
    [
      'a name that is only dots (the multipart parser drops the file)',
      'filename=".."',
      'file: required: send the file as multipart field "file"',
    ],
  ])('answers 400 to a part whose filename holds %s, storing nothing', async (_what, disposition, message) => {
    const before = await storedCounts(t);
    const uploads = storedUploads(t.config.dataDir);
    const res = await rawMultipart(
      t,
      disposition,
      Buffer.from('Sample,Analyte,Result,Units,LOQ\nUPL-0001,Lead,0.2,ug/g,0.05\n'),
    ).expect(400);

    expect(res.body.message).toBe(message);
    expect(await storedCounts(t)).toEqual(before);
    expect(storedUploads(t.config.dataDir)).toEqual(uploads);
  });

  describe('the same bytes uploaded twice at once', () => {
    it('ends with one import, one 201 and one 200 naming the same import, and one set of draft results', async () => {
      await registerSamples(t.http, tech, [{ labSampleId: 'UPL-RACE-1' }, { labSampleId: 'UPL-RACE-2' }]);
      const csv = Buffer.from(
        'Sample,Analyte,Result,Units,LOQ\nUPL-RACE-1,Cadmium,0.031,ug/g,0.05\nUPL-RACE-2,Cadmium,0.042,ug/g,0.05\n',
      );
      const before = await storedCounts(t);
      const [a, b] = await Promise.all([
        upload(t.http, tech, { name: 'raced-a.csv', bytes: csv }, FIELDS),
        upload(t.http, tech, { name: 'raced-b.csv', bytes: csv }, FIELDS),
      ]);

      expect([a.status, b.status].sort()).toEqual([200, 201]);
      expect(a.body.id).toBe(b.body.id);
      const after = await storedCounts(t);
      expect(after).toEqual({
        ...before,
        imported: before.imported + 1,
        resultSets: before.resultSets + 2,
        results: before.results + 2,
        sourceFiles: before.sourceFiles + 1,
      });
      const cadmium = (await t.sql("select count(*) as n from results where analyte = 'cadmium'")) as Array<{
        n: number | string;
      }>;
      expect(Number(cadmium[0].n)).toBe(2);
    });

    it('refuses each of three raced copies of a bad file with the same 422, records each attempt, keeps the file once', async () => {
      const bad = Buffer.from('Sample,Analyte,Result,Units,LOQ\nUPL-0001,Lead,0.4.2,ug/g,0.05\n');
      const before = await storedCounts(t);
      const answers = await Promise.all([1, 2, 3].map(() => upload(t.http, tech, { name: 'raced-bad.csv', bytes: bad }, FIELDS)));

      expect(answers.map((r) => [r.status, r.body.details?.code])).toEqual([
        [422, 'bad_value'],
        [422, 'bad_value'],
        [422, 'bad_value'],
      ]);
      expect(await storedCounts(t)).toEqual({ ...before, rejected: before.rejected + 3, sourceFiles: before.sourceFiles + 1 });
    });
  });

  /** A generic-long CSV of exactly `bytes` bytes (the last LOQ is padded with zeros). */
  function csvOfSize(bytes: number): Buffer {
    const head = 'Sample,Analyte,Result,Units,LOQ\nUPL-0001,Lead,0.153,ug/g,0.';
    return Buffer.from(head + '0'.repeat(bytes - head.length - 2) + '5\n');
  }

  /** A multipart request written by hand, so the filename parameter reaches the server byte for byte. */
  function rawMultipart(app: TestApp, disposition: string, bytes: Buffer) {
    const boundary = '----hostile-boundary-7f3a';
    const field = (name: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const body = Buffer.concat([
      Buffer.from(field('template', FIELDS.template) + field('mapping', FIELDS.mapping), 'utf8'),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; ${disposition}\r\nContent-Type: text/csv\r\n\r\n`,
        'latin1',
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'),
    ]);
    return request(app.http)
      .post('/api/imports')
      .set(bearer(tech))
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .send(body);
  }
});
