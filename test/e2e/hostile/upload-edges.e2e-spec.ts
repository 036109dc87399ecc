import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { GENERIC_LONG_MAPPING } from '../../generators/instruments/encoding-fixtures';
import { registerSamples, upload } from '../../support/lab-setup';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';
import { signIn } from '../web/web-client';
import { storedCounts, storedUploads } from './hostile-support';

const FIELDS = { template: 'generic-long', mapping: JSON.stringify(GENERIC_LONG_MAPPING) };
const NAME = 'Prüfbericht-µg.csv';
const DISK_FULL =
  "the service's disk is full: nothing of this request was kept; free space on the server (under DATA_DIR, or the database's disk) and send it again";

describe('uploads at the edges: non-ASCII file names and a full disk', () => {
  let t: TestApp;
  let tech: string;
  beforeAll(async () => {
    t = await startTestApp();
    tech = await t.userToken('tara.tech', 'technician');
    await registerSamples(t.http, tech, [
      { labSampleId: 'EDGE-0001' },
      { labSampleId: 'EDGE-0002' },
      { labSampleId: 'EDGE-0003' },
    ]);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => t.close());

  it(`keeps a file name such as ${NAME} as sent (UTF-8), in the summary and the import list`, async () => {
    const res = await upload(t.http, tech, { name: NAME, bytes: csv('EDGE-0001', '0.101') }, FIELDS).expect(201);

    expect(res.body.sourceFile.name).toBe(NAME);
    const list = await request(t.http).get('/api/imports').set(bearer(tech)).expect(200);
    expect(list.body[0].sourceFile.name).toBe(NAME);
  });

  it(`keeps ${NAME} from the upload page too`, async () => {
    const web = await signIn(t.http, tech);
    const res = await request(t.http)
      .post('/upload/file')
      .set('Cookie', web.cookie)
      .set('X-CSRF-Token', web.csrf)
      .set('Accept', 'application/json')
      .field('template', FIELDS.template)
      .field('mapping', FIELDS.mapping)
      .attach('file', csv('EDGE-0002', '0.102'), NAME)
      .expect(200);

    expect(res.body).toMatchObject({ ok: true, name: NAME });
  });

  it('answers 507 "the service\'s disk is full" when the file cannot be written, keeping nothing, not even part of the file', async () => {
    const before = await storedCounts(t);
    const uploads = storedUploads(t.config.dataDir);
    const tmpFiles: string[] = [];
    failWritesUnder(t.config.uploadsDir, tmpFiles);

    const res = await upload(t.http, tech, { name: 'full.csv', bytes: csv('EDGE-0003', '0.103') }, FIELDS).expect(507);

    expect(res.body).toEqual({ statusCode: 507, error: 'Insufficient Storage', message: DISK_FULL });
    expect(tmpFiles).toHaveLength(1);
    expect(fs.existsSync(tmpFiles[0])).toBe(false);
    expect(storedUploads(t.config.dataDir)).toEqual(uploads);
    expect(await storedCounts(t)).toEqual(before);
  });

  it('takes the same file once the disk has room again', async () => {
    const res = await upload(t.http, tech, { name: 'full.csv', bytes: csv('EDGE-0003', '0.103') }, FIELDS).expect(201);

    expect(res.body.resultSets).toEqual([expect.objectContaining({ labSampleId: 'EDGE-0003', added: 1 })]);
  });
});

function csv(sample: string, value: string): Buffer {
  return Buffer.from(`Sample,Analyte,Result,Units,LOQ\n${sample},Lead,${value},ug/g,0.05\n`);
}

/** Every temporary upload file opened under `dir` takes half its bytes, then fails as a full disk does. */
function failWritesUnder(dir: string, opened: string[]): void {
  const realOpen = fs.promises.open.bind(fs.promises);
  jest.spyOn(fs.promises, 'open').mockImplementation(async (file, flags, mode) => {
    const handle = await realOpen(file, flags, mode);
    const name = String(file);
    if (!name.startsWith(dir + path.sep) || !name.endsWith('.tmp')) return handle;
    opened.push(name);
    handle.writeFile = async (data) => {
      const bytes = Buffer.from(data as Buffer);
      await handle.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    };
    return handle;
  });
}
