import request from 'supertest';
import { GENERIC_LONG_MAPPING } from '../../generators/instruments/encoding-fixtures';
import { completeForRelease } from '../../support/factories/result-set.factory';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';
import { signed, signIn, type WebClient } from './web-client';

const UID = '4815020000009001';

const flashes = (html: string): string[] =>
  [...html.matchAll(/<div class="flash flash-(?:success|error)"[^>]*>([^<]*)<\/div>/g)].map((m) => m[1]);

/** Rows of the v1 → v2 difference table: analyte, before, after, what changed. */
const diffRows = (html: string): string[][] =>
  [
    ...(/<table class="diff-table">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '').matchAll(
      /<tr class="diff-[a-z]+">([\s\S]*?)<\/tr>/g,
    ),
  ].map((m) => [...m[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1].replace(/<[^>]+>/g, '').trim()));

describe('review page after release: dates, the state system’s answer, history in words, and an amendment through its form', () => {
  let t: TestApp;
  let techToken: string;
  let managerToken: string;
  let tech: WebClient;
  let manager: WebClient;
  let setId: string;

  beforeAll(async () => {
    t = await startTestApp({ SAMPLE_SYNC_INTERVAL_SECONDS: '0', OUTBOX_ENABLED: 'true', OUTBOX_INTERVAL_MS: '200' });
    techToken = await t.userToken('tara.tech', 'technician');
    managerToken = await t.userToken('maria.manager', 'manager');
    tech = await signIn(t.http, techToken);
    manager = await signIn(t.http, managerToken);
    await tech.post('/intake/sync').expect(303);
    const sample = (await request(t.http).get(`/api/samples?q=${UID}`).set(bearer(techToken)).expect(200)).body[0];
    await request(t.http)
      .post('/api/samples/lab-ids')
      .set(bearer(techToken))
      .send({ samples: [{ id: sample.id, labSampleId: 'AM-0001' }] })
      .expect(201);
    const csv =
      'Sample,Analyte,Result,Units,LOQ\nAM-0001,Lead,0.150,ug/g,0.05\nAM-0001,Arsenic,0.100,ug/g,0.04\nAM-0001,Cadmium,ND,ug/g,0.02\n';
    const summary = (
      await request(t.http)
        .post('/api/imports')
        .set(bearer(techToken))
        .field('template', 'generic-long')
        .field('mapping', JSON.stringify(GENERIC_LONG_MAPPING))
        .attach('file', Buffer.from(csv), 'metals-run.csv')
        .expect(201)
    ).body;
    setId = summary.resultSets[0].id;
    // The run tested metals: the other panels New York requires come from the lab's other runs.
    await completeForRelease(t, setId);
    await tech.post(`/review/${setId}/submit`).expect(303);
    await manager.post(`/review/${setId}/approve`, signed()).expect(303);
    for (let i = 0; i < 100; i++) {
      const subs = (await request(t.http).get('/api/submissions').set(bearer(managerToken)).expect(200)).body.submissions;
      if (subs[0]?.status === 'accepted') break;
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  afterAll(async () => t.close());

  it('shows the dates in the lab time zone with UTC in the title, and the state system’s transaction', async () => {
    const page = (await manager.get(`/review/${setId}`).expect(200)).text;
    expect(page).toMatch(
      /<dt>Received<\/dt><dd><time title="\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC">\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} E[SD]T<\/time>/,
    );
    expect(page).toMatch(/<dt>Released<\/dt><dd><time title="[^"]+ UTC">[^<]+ E[SD]T<\/time>/);
    expect(page).toMatch(/<dt>Reported to the state<\/dt><dd><time title="[^"]+ UTC">[^<]+<\/time>/);
    expect(page).toMatch(
      /class="state-status state-accepted"><strong>State system:<\/strong> BioTrack NY accepted the results, transaction [^<,]+/,
    );
  });

  it('tells the history in words, from the file that added the results to the state system’s answer', async () => {
    const page = (await manager.get(`/review/${setId}`).expect(200)).text;
    const history = (/<ol class="history">[\s\S]*?<\/ol>/.exec(page)?.[0] ?? '').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    expect(history).toContain('tara.tech added 3 result(s) from metals-run.csv');
    expect(history).toContain('tara.tech submitted it for review');
    expect(history).toContain('maria.manager approved and released it; the report to the state system is due by');
    expect(history).toMatch(/outbox recorded: the state system accepted it, transaction \S+/);
  });

  it('lists every current value on the amendment page, and drafts an amendment that changes, removes and adds rows', async () => {
    const form = (await manager.get(`/review/${setId}/amend`).expect(200)).text;
    expect(form).toContain('<caption>Current values of version 1</caption>');
    expect(form).toMatch(
      /<th scope="row">Lead<br>[\s\S]*?<td>0\.150 ug\/g<br><span class="small">LOQ 0\.05 · Pass<\/span><\/td>/,
    );
    const rowOf = (name: string) => {
      const m = new RegExp(`name="rows\\[(\\d+)\\]\\[analyte\\]" value="${name}"`).exec(form);
      return Number(m?.[1]);
    };
    const hidden = (i: number) =>
      Object.fromEntries(
        [...form.matchAll(new RegExp(`<input type="hidden" name="(rows\\[${i}\\]\\[[a-zA-Z]+\\])" value="([^"]*)">`, 'g'))].map(
          (m) => [m[1], m[2]],
        ),
      );
    const lead = rowOf('lead');
    const arsenic = rowOf('arsenic');
    const cadmium = rowOf('cadmium');
    const res = await manager
      .post(`/review/${setId}/amendment`, {
        reason: 'Lead re-integrated; arsenic LOQ corrected; cadmium was not tested on this run.',
        ...hidden(lead),
        [`rows[${lead}][reading]`]: '0.40',
        [`rows[${lead}][loq]`]: '0.05',
        ...hidden(arsenic),
        [`rows[${arsenic}][reading]`]: '',
        [`rows[${arsenic}][loq]`]: '0.03',
        ...hidden(cadmium),
        [`rows[${cadmium}][loq]`]: '0.02',
        [`rows[${cadmium}][remove]`]: 'yes',
        'add[0][analyte]': 'Mercury',
        'add[0][reading]': 'ND',
        'add[0][unit]': 'ug/g',
        'add[0][loq]': '0.01',
        'add[1][analyte]': '',
        'add[1][reading]': '',
        ...signed('Amended: lead re-integrated'),
      })
      .expect(303);
    const page = (await manager.get(res.headers.location).expect(200)).text;
    expect(flashes(page)).toEqual([
      'Amendment drafted as version 2 with 4 change(s). Submit it for review; approving it supersedes version 1.',
    ]);
    expect(page).toContain('(v1 → v2)');
    const rows = diffRows(page);
    expect(rows).toContainEqual(['Lead', '0.150 ug/g · LOQ 0.05 · Pass', '0.40 ug/g · LOQ 0.05 · Pass', 'value']);
    expect(rows).toContainEqual(['Arsenic', '0.100 ug/g · LOQ 0.04 · Pass', '0.100 ug/g · LOQ 0.03 · Pass', 'LOQ']);
    expect(rows).toContainEqual(['Cadmium', 'ND · LOQ 0.02 · Pass', '—', 'removed']);
    expect(rows.find((r) => r[0] === 'Mercury')).toEqual(['Mercury', '—', expect.stringMatching(/^ND · LOQ 0\.01/), 'added']);
    const v2 = (
      await request(t.http).get(res.headers.location.replace('/review/', '/api/result-sets/')).set(bearer(managerToken))
    ).body;
    expect(v2.results.map((r: { analyte: string }) => r.analyte)).not.toContain('cadmium');
  });

  it('refuses an amendment without a change or a reason, naming the field, and a page for a version that is not approved', async () => {
    // Version 1 already has its amendment (above): the refusal is told on its page, with the fields named.
    const res = await manager.post(`/review/${setId}/amendment`, { reason: 'x', 'add[0][analyte]': '', ...signed() }).expect(303);
    expect(res.headers.location).toBe(`/review/${setId}`);
    expect(flashes((await manager.get(res.headers.location).expect(200)).text)[0]).toMatch(
      /reason[\s\S]*changes|changes[\s\S]*reason/,
    );
    const v2 = (await request(t.http).get(`/api/result-sets/${setId}`).set(bearer(managerToken))).body.amendedBy.id;
    expect((await manager.get(`/review/${v2}/amend`)).status).toBe(409);
    expect((await tech.get(`/review/${setId}/amend`)).status).toBe(403);
  });
});
