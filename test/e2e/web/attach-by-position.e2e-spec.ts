import request from 'supertest';
import { GENERIC_LONG_MAPPING } from '../../generators/instruments/encoding-fixtures';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';
import { signIn, type WebClient } from './web-client';

const flashes = (html: string): string[] =>
  [...html.matchAll(/<div class="flash flash-(?:success|error)"[^>]*>([^<]*)<\/div>/g)].map((m) => m[1]);

/** Each picker's entry index and the value it was filled with ('' when empty). */
const pickers = (html: string): Array<[number, string]> =>
  [...html.matchAll(/<input id="sample-(\d+)" name="rows\[\d+\]\[sample\]"[^>]*?(?: value="([^"]*)")?>/g)].map((m) => [
    Number(m[1]),
    m[2] ?? '',
  ]);

describe('import page: attach a run by position, in the order of an intake list', () => {
  let t: TestApp;
  let techToken: string;
  let tech: WebClient;
  /** The UIDs of transfer 7002 in the intake page's order. */
  let transfer: string[];

  beforeAll(async () => {
    t = await startTestApp({ SAMPLE_SYNC_INTERVAL_SECONDS: '0' });
    techToken = await t.userToken('tara.tech', 'technician');
    tech = await signIn(t.http, techToken);
    await tech.post('/intake/sync').expect(303);
    const intake = (await tech.get('/intake').expect(200)).text;
    const table = /<caption>Transfer 7002[\s\S]*?<\/table>/.exec(intake)?.[0] ?? '';
    transfer = [...table.matchAll(/<a href="\/samples\/[0-9a-f-]{36}">(\d{16})<\/a>/g)].map((m) => m[1]);
    expect(transfer).toHaveLength(3);
  });
  afterAll(async () => t.close());

  const importRun = async (names: string[], file: string) =>
    (
      await request(t.http)
        .post('/api/imports')
        .set(bearer(techToken))
        .field('template', 'generic-long')
        .field('mapping', JSON.stringify(GENERIC_LONG_MAPPING))
        .attach(
          'file',
          Buffer.from(
            `Sample,Analyte,Result,Units,LOQ\n${names.map((n, i) => `${n},Lead,0.${i + 1}${file.length},ug/g,0.05`).join('\n')}\n`,
          ),
          file,
        )
        .expect(201)
    ).body;

  it('offers the intake lists, fills every picker in order, and one post attaches them all', async () => {
    const run = await importRun(['Pos 1', 'Pos 2', 'Pos 3'], 'by-position.csv');
    const plain = (await tech.get(`/imports/${run.id}`).expect(200)).text;
    expect(plain).toMatch(/<option value="7002">Transfer 7002 · manifest MNF-2025-007002 · from [^<]+ · 3 sample\(s\)<\/option>/);
    expect(pickers(plain)).toEqual([
      [0, ''],
      [1, ''],
      [2, ''],
    ]);
    expect(plain).toContain('Done: 0 of 3 unmatched samples attached or discarded');

    const filled = (await tech.get(`/imports/${run.id}?byPosition=7002`).expect(200)).text;
    expect(pickers(filled)).toEqual(transfer.map((uid, i) => [i, uid]));
    expect(filled).toContain('<option value="7002" selected>');
    expect(filled).toContain('Filled 3 picker(s) from Transfer 7002');
    expect(filled).not.toContain('The counts differ');

    const res = await tech
      .post(
        `/imports/${run.id}/attach-all`,
        Object.fromEntries(
          pickers(filled).flatMap(([index, value], n) => [
            [`rows[${n}][index]`, String(index)],
            [`rows[${n}][sample]`, value],
          ]),
        ),
      )
      .expect(303);
    const page = (await tech.get(res.headers.location).expect(200)).text;
    expect(flashes(page)).toEqual([`Attached 3: Pos 1 → ${transfer[0]}, Pos 2 → ${transfer[1]}, Pos 3 → ${transfer[2]}.`]);
    expect(page).toContain('Done: 3 of 3 unmatched samples attached or discarded');
  });

  it('leaves out samples the import already matched, and says when the counts differ', async () => {
    // The run names the second sample of the list by its UID: it matches by itself and is not paired again.
    const run = await importRun(['First', transfer[1], 'Third', 'Extra'], 'partly-matched.csv');
    expect(run.resultSets.map((s: { uid: string }) => s.uid)).toEqual([transfer[1]]);
    const filled = (await tech.get(`/imports/${run.id}?byPosition=7002`).expect(200)).text;
    expect(pickers(filled)).toEqual([
      [0, transfer[0]],
      [1, transfer[2]],
      [2, ''],
    ]);
    expect(filled).toContain(`Left out, the import already has their results: ${transfer[1]}.`);
    expect(filled).toContain('the run has 3 open unmatched sample(s), the list 2 still to match. The last rows are left empty.');
  });

  it('ignores a transfer the intake page does not list', async () => {
    const run = await importRun(['Lone'], 'lone.csv');
    const page = (await tech.get(`/imports/${run.id}?byPosition=9999`).expect(200)).text;
    expect(pickers(page)).toEqual([[0, '']]);
    expect(page).not.toContain('Filled ');
  });
});
