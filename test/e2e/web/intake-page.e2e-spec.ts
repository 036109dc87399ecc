import request from 'supertest';
import { registerSamples } from '../../support/lab-setup';
import { ADMIN_TOKEN, bearer, startTestApp, type TestApp } from '../../support/test-app';
import { signIn, type WebClient } from './web-client';

/** The simulator's demo transfers: 7001 (two flower samples), 7002 (three processor samples), 7003 (two, already received). */
const UIDS = ['4815020000009001', '4815020000009002', '4815020000009003', '4815020000009004', '4815020000009005'];

const flashes = (html: string): string[] =>
  [...html.matchAll(/<div class="flash flash-(?:success|error)"[^>]*>([^<]*)<\/div>/g)].map((m) => m[1]);

describe('intake page: what arrived from the state system, and lab sample ids for all of it in one pass', () => {
  let t: TestApp;
  let techToken: string;
  let tech: WebClient;
  const idOf: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ SAMPLE_SYNC_INTERVAL_SECONDS: '0' });
    techToken = await t.userToken('tara.tech', 'technician');
    tech = await signIn(t.http, techToken);
  });
  afterAll(async () => t.close());

  const landing = async (res: request.Response): Promise<string> => {
    let location = res.headers.location;
    for (let i = 0; i < 3; i++) {
      const page = await tech.get(location);
      if (page.status !== 303) return page.text;
      location = page.headers.location;
    }
    throw new Error('redirect loop');
  };
  const labIdOf = async (uid: string): Promise<string> =>
    (await request(t.http).get(`/api/samples?q=${uid}`).set(bearer(techToken)).expect(200)).body[0].labSampleId;

  it('pulls the inbound transfers and lists them by transfer with manifest, shipper, items and state receipt', async () => {
    const empty = await tech.get('/intake').expect(200);
    expect(empty.text).toContain('Every arrived sample has its lab sample ID.');
    const pulled = await tech.post('/intake/sync').expect(303);
    expect(pulled.headers.location).toBe('/intake');
    const page = await landing(pulled);
    expect(flashes(page)[0]).toMatch(/^Checked 3 inbound transfer\(s\): registered 7 sample\(s\)/);
    expect(page).toMatch(/Transfer 7001 · manifest MNF-2025-007001 · from OCM-CULT-24-000112[\s\S]*2 item\(s\)/);
    expect(page).toMatch(/Transfer 7002 · manifest MNF-2025-007002[\s\S]*3 item\(s\)/);
    expect(page).toContain('Still without lab IDs (7 samples)');
    expect(page).toContain('Blue Dream Flower (sample)');
    expect((page.match(/>Received<\/span>/g) ?? []).length).toBe(7);
    for (const m of page.matchAll(/<a href="\/samples\/([0-9a-f-]{36})">(\d{16})<\/a>/g)) idOf[m[2]] = m[1];
    expect(Object.keys(idOf).sort()).toEqual([...UIDS, '4815020000009006', '4815020000009007']);
  });

  it('gives three samples their lab ids from the table in one post, each audited', async () => {
    const res = await tech
      .post('/intake/lab-ids', {
        [`ids[${idOf[UIDS[0]]}]`]: '2512-0101',
        [`ids[${idOf[UIDS[1]]}]`]: '2512-0102',
        [`ids[${idOf[UIDS[2]]}]`]: ' 2512-0103 ',
        [`ids[${idOf[UIDS[3]]}]`]: '',
      })
      .expect(303);
    const page = await landing(res);
    expect(flashes(page)).toEqual([
      'Gave 3 sample(s) their lab sample IDs: 2512-0101, 2512-0102, 2512-0103. 4 arrived sample(s) still have none.',
    ]);
    expect(page).toContain('Still without lab IDs (4 samples)');
    expect(await labIdOf(UIDS[2])).toBe('2512-0103');
    const audit = (
      await request(t.http).get(`/api/audit?entityType=sample&entityId=${idOf[UIDS[0]]}`).set(bearer(ADMIN_TOKEN)).expect(200)
    ).body;
    expect(audit.at(-1)).toMatchObject({
      action: 'sample.updated',
      actor: 'tara.tech',
      before: { labSampleId: UIDS[0] },
      after: { labSampleId: '2512-0101' },
    });
  });

  it('takes a pasted two-column list, UIDs on the left', async () => {
    const res = await tech.post('/intake/lab-ids', { pasted: `${UIDS[3]}\t2512-0104\r\n${UIDS[4]}, 2512-0105\n` }).expect(303);
    expect(flashes(await landing(res))[0]).toBe(
      'Gave 2 sample(s) their lab sample IDs: 2512-0104, 2512-0105. 2 arrived sample(s) still have none.',
    );
    expect(await labIdOf(UIDS[4])).toBe('2512-0105');
  });

  it('refuses a paste that names an unknown UID or is not two columns, by line, and changes nothing', async () => {
    const res = await tech
      .post('/intake/lab-ids', { pasted: `4815020000009006\t2512-0106\n4815029999999999\t2512-0199\njust-one-column` })
      .expect(303);
    expect(flashes(await landing(res))[0]).toBe(
      'pasted: line 2: no arrived sample has UID or id 4815029999999999; line 3 (&quot;just-one-column&quot;): expected two columns, the UID and the lab sample ID. Nothing was changed.',
    );
    expect(await labIdOf('4815020000009006')).toBe('4815020000009006');
  });

  it('changes none when one of the ids belongs to another sample, or is given twice', async () => {
    await registerSamples(t.http, techToken, [{ labSampleId: 'TAKEN-1' }]);
    const taken = await tech
      .post('/intake/lab-ids', {
        [`ids[${idOf['4815020000009006']}]`]: '2512-0106',
        [`ids[${idOf['4815020000009007']}]`]: 'TAKEN-1',
      })
      .expect(303);
    expect(flashes(await landing(taken))[0]).toContain('TAKEN-1 is already the lab sample id of another sample');
    const twice = await tech
      .post('/intake/lab-ids', {
        [`ids[${idOf['4815020000009006']}]`]: '2512-0106',
        [`ids[${idOf['4815020000009007']}]`]: '2512-0106',
      })
      .expect(303);
    expect(flashes(await landing(twice))[0]).toContain('the same lab sample id is given to two samples');
    expect(await labIdOf('4815020000009006')).toBe('4815020000009006');
  });

  it('matches an instrument run that names the new lab ids without anyone attaching a row', async () => {
    const csv = Buffer.from(
      'Sample,Analyte,Result,Units,LOQ\n2512-0101,Lead,0.153,ug/g,0.05\n2512-0102,Lead,0.21,ug/g,0.05\n2512-0103,Lead,ND,ug/g,0.05\n',
    );
    const res = await request(t.http)
      .post('/api/imports')
      .set(bearer(techToken))
      .field('template', 'generic-long')
      .field('mapping', JSON.stringify({ sampleId: 'Sample', analyte: 'Analyte', value: 'Result', unit: 'Units', loq: 'LOQ' }))
      .attach('file', csv, 'run.csv')
      .expect(201);
    expect(res.body.unmatched).toEqual([]);
    expect(res.body.resultSets.map((s: { labSampleId: string }) => s.labSampleId).sort()).toEqual([
      '2512-0101',
      '2512-0102',
      '2512-0103',
    ]);
  });
});
