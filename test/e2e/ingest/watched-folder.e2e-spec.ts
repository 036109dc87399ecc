import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { FolderWatcher } from '../../../src/ingest/watch/folder-watcher';
import { genericLongXlsx } from '../../generators/instruments/encoding-fixtures';
import { emptyFile } from '../../generators/instruments/bad-fixtures';
import { importedResults, registerSamples } from '../../support/lab-setup';
import { ADMIN_TOKEN, bearer, startTestApp, type TestApp } from '../../support/test-app';

describe('the watched folder', () => {
  let t: TestApp;
  let dir: string;
  let watcher: FolderWatcher;
  let tech: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lims-watch-'));
    // A long interval: the test drives the polls itself.
    t = await startTestApp({ WATCH_DIR: dir, WATCH_TECHNICIAN: 'tara.tech', WATCH_INTERVAL_SECONDS: '3600' });
    tech = await t.userToken('tara.tech', 'technician');
    await registerSamples(t.http, tech, [{ labSampleId: '2502RLI0135-0489' }, { labSampleId: '2502RLI0135-0490' }]);
    watcher = t.app.get(FolderWatcher);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports a file once it stopped growing, as the technician, and moves it to processed/', async () => {
    // The generic templates need a mapping, so the folder gets a self-describing long CSV with a known layout.
    const csv =
      'Sample ID,Analyte Name,Date,Time,Reported Conc (Calib),Units (Samp)\n2502RLI0135-0489,Pb 208,28-05-21,10:00,0.153,mg/kg\n';
    fs.writeFileSync(path.join(dir, 'winlab.csv'), csv.slice(0, 40));
    expect(await watcher.poll()).toEqual([{ file: 'winlab.csv', outcome: 'waiting' }]);
    fs.writeFileSync(path.join(dir, 'winlab.csv'), csv); // still being written: size changed
    expect(await watcher.poll()).toEqual([{ file: 'winlab.csv', outcome: 'waiting' }]);
    expect(await watcher.poll()).toEqual([{ file: 'winlab.csv', outcome: 'processed' }]);
    expect(fs.existsSync(path.join(dir, 'processed', 'winlab.csv'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'winlab.csv'))).toBe(false);

    const imports = await request(t.http).get('/api/imports').set(bearer(tech)).expect(200);
    expect(imports.body[0]).toMatchObject({ status: 'imported', createdBy: 'tara.tech', template: 'perkinelmer-winlab32-csv' });
    const summary = await request(t.http).get(`/api/imports/${imports.body[0].id}`).set(bearer(tech)).expect(200);
    const set = summary.body.resultSets[0];
    expect(set).toMatchObject({ read: 1, added: 1, conflicts: [] });
    const [stored] = await importedResults(t.http, tech, summary.body);
    expect(stored.results).toEqual([expect.objectContaining({ analyte: 'lead', value: 0.153, unit: 'ug/g' })]);
    // Still a draft: a person submits it for review.
    const sample = await request(t.http).get(`/api/samples/${set.sampleId}`).set(bearer(tech)).expect(200);
    expect(sample.body.resultSets).toEqual([expect.objectContaining({ id: set.id, status: 'draft' })]);
    // The technician's contribution, for the two-person rule.
    const workflow = await request(t.http).get(`/api/result-sets/${set.id}`).set(bearer(tech)).expect(200);
    expect(workflow.body).toMatchObject({ createdBy: 'tara.tech', contributors: [{ by: 'tara.tech', as: 'imported' }] });
  });

  it('moves a file it cannot import to failed/ with the reason beside it', async () => {
    fs.writeFileSync(path.join(dir, 'empty.csv'), emptyFile().bytes);
    await watcher.poll();
    expect(await watcher.poll()).toEqual([{ file: 'empty.csv', outcome: 'failed' }]);
    expect(fs.readFileSync(path.join(dir, 'failed', 'empty.csv.error.txt'), 'utf8')).toMatch(/the file is empty/);
  });

  it('never overwrites an earlier processed file of the same name', async () => {
    const file = genericLongXlsx();
    fs.writeFileSync(path.join(dir, 'winlab.csv'), file.bytes);
    await watcher.poll();
    await watcher.poll();
    const processed = fs.readdirSync(path.join(dir, 'processed'));
    const failed = fs.readdirSync(path.join(dir, 'failed'));
    expect(processed.length + failed.filter((f) => !f.endsWith('.error.txt')).length).toBe(3);
    expect(processed).toContain('winlab.csv');
  });
});

describe('the watched folder imports only as an active technician', () => {
  const CSV =
    'Sample ID,Analyte Name,Date,Time,Reported Conc (Calib),Units (Samp)\n2502RLI0135-0491,Pb 208,28-05-21,10:00,0.161,mg/kg\n';
  let t: TestApp;
  let dir: string;
  afterEach(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function start(technician: string): Promise<FolderWatcher> {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lims-watch-'));
    t = await startTestApp({ WATCH_DIR: dir, WATCH_TECHNICIAN: technician, WATCH_INTERVAL_SECONDS: '3600' });
    return t.app.get(FolderWatcher);
  }

  /** Drops the file and polls as often as a stable file needs; returns what the last pass did. */
  async function dropAndPoll(watcher: FolderWatcher, name: string) {
    fs.writeFileSync(path.join(dir, name), CSV);
    await watcher.poll();
    return watcher.poll();
  }

  it("leaves the files of a manager's folder untouched, so nobody approves results they imported through it", async () => {
    const watcher = await start('mia.manager');
    const mia = await t.userToken('mia.manager', 'manager');
    await registerSamples(t.http, mia, [{ labSampleId: '2502RLI0135-0491' }]);

    expect(await dropAndPoll(watcher, 'by-mia.csv')).toEqual([]);
    expect(watcher.problem).toContain('WATCH_TECHNICIAN "mia.manager" has role manager, not technician');
    expect(fs.existsSync(path.join(dir, 'by-mia.csv'))).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'processed'))).toEqual([]);
    expect(fs.readdirSync(path.join(dir, 'failed'))).toEqual([]);
    const imports = await request(t.http).get('/api/imports').set(bearer(mia)).expect(200);
    expect(imports.body).toEqual([]);
  });

  it('names an unknown account at start-up, and processes the folder once that technician exists, until deactivated', async () => {
    const watcher = await start('wes.watch');
    expect(watcher.problem).toContain('WATCH_TECHNICIAN "wes.watch" names no user');
    expect(await dropAndPoll(watcher, 'first.csv')).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'first.csv'))).toBe(true);

    const wes = await t.userToken('wes.watch', 'technician');
    await registerSamples(t.http, wes, [{ labSampleId: '2502RLI0135-0491' }]);
    expect(await watcher.poll()).toEqual([{ file: 'first.csv', outcome: 'waiting' }]);
    expect(watcher.problem).toBeNull();
    expect(await watcher.poll()).toEqual([{ file: 'first.csv', outcome: 'processed' }]);

    const users = await request(t.http).get('/api/users').set(bearer(ADMIN_TOKEN)).expect(200);
    const id = users.body.find((u: { username: string }) => u.username === 'wes.watch').id;
    await request(t.http).post(`/api/users/${id}/deactivate`).set(bearer(ADMIN_TOKEN)).expect(200);
    expect(await dropAndPoll(watcher, 'second.csv')).toEqual([]);
    expect(watcher.problem).toContain('WATCH_TECHNICIAN "wes.watch" is deactivated');
    expect(fs.existsSync(path.join(dir, 'second.csv'))).toBe(true);
  });
});
