import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import request from 'supertest';
import { GENERIC_LONG_MAPPING } from '../../generators/instruments/encoding-fixtures';
import { registerSamples } from '../../support/lab-setup';
import { startTestApp, type TestApp } from '../../support/test-app';
import { signIn, type WebClient } from '../web/web-client';
import { filesUnder, storedCounts, storedUploads } from './hostile-support';

const MAX_UPLOAD_BYTES = 100_000;
const BOUNDARY = '----lims-hostile-boundary';
/** A refusal that does not wait for the body arrives well within this; one that reads the body never does. */
const PROMPT_MS = 5_000;

describe('hostile upload forms: CSRF before the body, one limit for the whole request, files on disk', () => {
  let t: TestApp;
  let base: URL;
  let tech: WebClient;
  beforeAll(async () => {
    t = await startTestApp({ MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) });
    const token = await t.userToken('tara.tech', 'technician');
    await registerSamples(t.http, token, [{ labSampleId: 'FORM-0001' }]);
    tech = await signIn(t.http, token);
    const server = t.http as http.Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(async () => t.close());

  const incoming = () => filesUnder(path.join(t.config.dataDir, 'incoming'));

  it('refuses a form whose file comes before its CSRF token as soon as the file begins, without reading the rest', async () => {
    const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n`;
    const res = await partialPost(
      '/upload',
      { 'Content-Length': String(MAX_UPLOAD_BYTES), Accept: 'text/html' },
      Buffer.concat([Buffer.from(head), Buffer.alloc(4096, 0x41)]),
    );

    expect(res).toEqual({ status: 303, location: '/' });
    const page = await tech.get('/upload').expect(200);
    expect(page.text).toContain('this form has expired or did not come from this site');
    expect(incoming()).toEqual([]);
  });

  it('refuses the upload script with a wrong CSRF header before it sends a byte of its body', async () => {
    const res = await partialPost(
      '/upload/file',
      { 'Content-Length': String(MAX_UPLOAD_BYTES), Accept: 'application/json', 'X-CSRF-Token': 'x'.repeat(43) },
      Buffer.alloc(0),
    );

    expect(res.status).toBe(403);
  });

  it('refuses a request that declares more than MAX_UPLOAD_BYTES before reading it (413)', async () => {
    const res = await partialPost(
      '/upload/file',
      { 'Content-Length': String(10 * MAX_UPLOAD_BYTES), Accept: 'application/json', 'X-CSRF-Token': tech.csrf },
      Buffer.alloc(0),
    );

    expect(res.status).toBe(413);
  });

  it('applies MAX_UPLOAD_BYTES to all the files of a form together, keeping nothing of any of them', async () => {
    const before = await storedCounts(t);
    const uploads = storedUploads(t.config.dataDir);
    const res = await request(t.http)
      .post('/upload')
      .set('Cookie', tech.cookie)
      .field('_csrf', tech.csrf)
      .field('template', 'generic-long')
      .field('mapping', JSON.stringify(GENERIC_LONG_MAPPING))
      .attach('file', csvOfSize('FORM-0001', 40_000), 'one.csv')
      .attach('file', csvOfSize('FORM-0001', 40_000, 2), 'two.csv')
      .attach('file', csvOfSize('FORM-0001', 40_000, 3), 'three.csv')
      .expect(303);

    expect(res.headers.location).toBe('/');
    const page = await tech.get('/upload').expect(200);
    expect(page.text).toContain(
      `the upload is larger than MAX_UPLOAD_BYTES (${MAX_UPLOAD_BYTES} bytes) in all: send fewer or smaller files at once`,
    );
    expect(await storedCounts(t)).toEqual(before);
    expect(storedUploads(t.config.dataDir)).toEqual(uploads);
    expect(incoming()).toEqual([]);
  });

  it('imports files within the limit from disk, one at a time, and leaves no temporary file behind', async () => {
    const res = await request(t.http)
      .post('/upload')
      .set('Cookie', tech.cookie)
      .field('_csrf', tech.csrf)
      .field('template', 'generic-long')
      .field('mapping', JSON.stringify(GENERIC_LONG_MAPPING))
      .attach('file', csvOfSize('FORM-0001', 30_000), 'a.csv')
      .attach('file', csvOfSize('FORM-0001', 30_000, 2), 'b.csv')
      .expect(303);

    expect(res.headers.location).toBe('/upload');
    const page = await tech.get('/upload').expect(200);
    expect(page.text).toContain('a.csv: imported (1 result set(s), 1 unmatched)');
    expect(page.text).toContain('b.csv: imported (1 result set(s), 1 unmatched)');
    expect(incoming()).toEqual([]);
  });

  /** Sends the headers and `first`, then stops sending; resolves with the answer, or a 0 status if none came in time. */
  function partialPost(
    pathname: string,
    headers: Record<string, string>,
    first: Buffer,
  ): Promise<{ status: number; location?: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: base.hostname,
        port: base.port,
        path: pathname,
        method: 'POST',
        headers: {
          Cookie: tech.cookie,
          'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
          Referer: `${base.origin}/`,
          ...headers,
        },
      });
      const timer = setTimeout(() => {
        req.destroy();
        resolve({ status: 0 });
      }, PROMPT_MS);
      req.on('response', (res) => {
        clearTimeout(timer);
        res.resume();
        resolve({ status: res.statusCode ?? 0, ...(res.headers.location ? { location: res.headers.location } : {}) });
        req.destroy();
      });
      req.on('error', (e) => {
        clearTimeout(timer);
        if ((e as NodeJS.ErrnoException).code === 'ECONNRESET') resolve({ status: 0 });
        else reject(e);
      });
      req.flushHeaders();
      if (first.length) req.write(first);
    });
  }
});

/** A generic-long CSV of about `bytes` bytes: one result, then comment-like filler rows of another sample. */
function csvOfSize(sample: string, bytes: number, variant = 1): Buffer {
  const head = `Sample,Analyte,Result,Units,LOQ\n${sample},Lead,0.10${variant},ug/g,0.05\n`;
  const filler = 'FILLER-0000,Lead,0.100,ug/g,0.05\n';
  return Buffer.from(head + filler.repeat(Math.ceil((bytes - head.length) / filler.length))).subarray(0, bytes);
}
