import request from 'supertest';
import { GENERIC_LONG_MAPPING } from '../../generators/instruments/encoding-fixtures';
import { registerSamples } from '../../support/lab-setup';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';
import { signIn, type WebClient } from './web-client';

const flashes = (html: string): string[] =>
  [...html.matchAll(/<div class="flash flash-(?:success|error)"[^>]*>([^<]*)<\/div>/g)].map((m) => m[1]);

describe('review page: conflicts resolved several at once, the chosen value marked with its reason', () => {
  let t: TestApp;
  let techToken: string;
  let tech: WebClient;
  let setId: string;
  const sha: Record<string, string> = {};

  const importRun = async (file: string, rows: string[]) => {
    const summary = (
      await request(t.http)
        .post('/api/imports')
        .set(bearer(techToken))
        .field('template', 'generic-long')
        .field('mapping', JSON.stringify(GENERIC_LONG_MAPPING))
        .attach('file', Buffer.from(`Sample,Analyte,Result,Units,LOQ\n${rows.join('\n')}\n`), file)
        .expect(201)
    ).body;
    sha[file] = summary.sourceFile.sha256;
    return summary;
  };

  beforeAll(async () => {
    t = await startTestApp();
    techToken = await t.userToken('tara.tech', 'technician');
    tech = await signIn(t.http, techToken);
    await registerSamples(t.http, techToken, [{ labSampleId: 'CF-1' }]);
    setId = (
      await importRun('first-run.csv', [
        'CF-1,Lead,0.150,ug/g,0.05',
        'CF-1,Arsenic,0.100,ug/g,0.04',
        'CF-1,Cadmium,0.050,ug/g,0.02',
        'CF-1,Mercury,0.010,ug/g,0.005',
      ])
    ).resultSets[0].id;
    // The rerun reads lead and arsenic differently (arsenic printed without its LOQ), cadmium the same.
    await importRun('rerun.csv', ['CF-1,Lead,0.200,ug/g,0.08', 'CF-1,Arsenic,0.120,ug/g,', 'CF-1,Cadmium,0.050,ug/g,0.02']);
    await importRun('mercury-check.csv', ['CF-1,Mercury,0.030,ug/g,0.005']);
  });
  afterAll(async () => t.close());

  it('offers each source that can settle conflicts, and keeping what is on the results', async () => {
    const page = (await tech.get(`/review/${setId}`).expect(200)).text;
    expect(page).toContain('Conflicts to resolve (3)');
    /** Each choice's label and the analytes it settles (in the results' order, compared as sets here). */
    const choices = Object.fromEntries(
      [...page.matchAll(/<label for="bulk-\d+">([^<]+?) <span class="small">— settles ([^<]+)<\/span>/g)].map((m) => [
        m[1],
        m[2].split(', ').sort(),
      ]),
    );
    expect(choices).toEqual({
      'Take every conflicting value from first-run.csv': ['Arsenic', 'Lead', 'Mercury'],
      'Take every conflicting value from rerun.csv': ['Arsenic', 'Lead'],
      'Take every conflicting value from mercury-check.csv': ['Mercury'],
      'Keep every value already on the results': ['Arsenic', 'Lead', 'Mercury'],
    });
  });

  it('takes every reading of one source with one reason; keeps the LOQ a reading lacks and says so; leaves the rest open', async () => {
    const res = await tech
      .post(`/review/${setId}/resolve-conflicts`, {
        take: sha['rerun.csv'],
        reason: 'the rerun after recalibration replaces the first run',
      })
      .expect(303);
    const page = (await tech.get(res.headers.location).expect(200)).text;
    expect(flashes(page)).toEqual([
      expect.stringMatching(
        /^Resolved 2 conflict\(s\): (Lead, Arsenic|Arsenic, Lead)\. Still open \(that source did not report them\): Mercury\.$/,
      ),
    ]);
    const set = (await request(t.http).get(`/api/result-sets/${setId}`).set(bearer(techToken)).expect(200)).body;
    const result = (analyte: string) => set.results.find((r: { analyte: string }) => r.analyte === analyte);
    expect(result('lead')).toMatchObject({ value: 0.2, loq: '0.08' });
    expect(result('arsenic')).toMatchObject({ value: 0.12, loq: '0.04' });
    expect(set.unresolvedConflicts).toEqual(['mercury']);

    expect(page).toContain('Resolved conflicts (2)');
    const arsenic = /<tr>\s*<th scope="row">Arsenic<\/th>[\s\S]*?<\/tr>/.exec(page)?.[0] ?? '';
    expect(arsenic).toContain('<mark class="chosen">0.120 ug/g</mark><br><span class="small">from rerun.csv</span>');
    expect(arsenic).toContain('kept from the first reading: LOQ 0.04');
    expect(arsenic).toContain('0.100 ug/g (first-run.csv)');
    expect(arsenic).toContain('<q>the rerun after recalibration replaces the first run</q>');
    expect(page).toMatch(
      /tara\.tech<\/strong> resolved the conflict on Lead: took the other source’s reading, 0\.200 ug\/g from rerun\.csv: <q>the rerun after recalibration replaces the first run<\/q>/,
    );
  });

  it('keeps the values on the results for the rest, and refuses when nothing is left to settle', async () => {
    const kept = await request(t.http)
      .post(`/api/result-sets/${setId}/resolve-conflicts`)
      .set(bearer(techToken))
      .send({ take: 'existing', reason: 'the check standard was out of range' })
      .expect(200);
    expect(kept.body).toMatchObject({ resolved: ['mercury'], untouched: [] });
    expect(kept.body.set.results.find((r: { analyte: string }) => r.analyte === 'mercury')).toMatchObject({ value: 0.01 });
    const none = await request(t.http)
      .post(`/api/result-sets/${setId}/resolve-conflicts`)
      .set(bearer(techToken))
      .send({ take: 'existing', reason: 'the check standard was out of range' })
      .expect(409);
    expect(none.body.message).toContain('no open conflict');
    await request(t.http)
      .post(`/api/result-sets/${setId}/resolve-conflicts`)
      .set(bearer(techToken))
      .send({ take: 'rerun.csv', reason: 'the check standard was out of range' })
      .expect(400);
  });
});
