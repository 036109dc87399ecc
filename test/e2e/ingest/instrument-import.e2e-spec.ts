import request from 'supertest';
import {
  GENERIC_LONG_MAPPING,
  genericLongText,
  genericLongXlsx,
  TEXT_VARIANTS,
} from '../../generators/instruments/encoding-fixtures';
import {
  emptyFile,
  headerOnlyCsv,
  templateMismatch,
  truncatedXlsx,
  wrongKindBinary,
} from '../../generators/instruments/bad-fixtures';
import { defaultRoute } from '../../../src/catalog';
import { DRAFT_CHUNK } from '../../../src/ingest/import.service';
import { Client } from '../../../src/samples/client.entity';
import { Sample } from '../../../src/samples/sample.entity';
import { importedResults, registerSamples, upload } from '../../support/lab-setup';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';

describe('importing instrument exports through HTTP', () => {
  let t: TestApp;
  let tech: string;
  let samples: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp({ MAX_UPLOAD_BYTES: '200000' });
    tech = await t.userToken('tara.tech', 'technician');
    samples = await registerSamples(t.http, tech, [{ labSampleId: '2502RLI0135-0489' }, { labSampleId: '2502RLI0135-0490' }]);
  });
  afterAll(async () => t.close());

  const count = async (table: string) =>
    Number(((await t.sql(`select count(*) as n from ${table}`)) as Array<{ n: number | string }>)[0].n);

  it('stores draft result sets with canonical values, the printed text beside them, and cell provenance', async () => {
    const file = genericLongXlsx();
    const res = await upload(t.http, tech, file, {
      template: 'generic-long',
      mapping: JSON.stringify(GENERIC_LONG_MAPPING),
    }).expect(201);
    expect(res.body).toMatchObject({ status: 'imported', adapter: 'instrument', template: 'generic-long', unmatched: [] });
    expect(res.body.sourceFile).toEqual({
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      name: 'generic-long.xlsx',
      size: file.bytes.length,
    });
    expect(
      Object.fromEntries(res.body.resultSets.map((s: { labSampleId: string; sampleId: string }) => [s.labSampleId, s.sampleId])),
    ).toMatchObject({
      '2502RLI0135-0489': samples['2502RLI0135-0489'],
    });
    expect(
      res.body.resultSets.every(
        (s: { read: number; added: number; conflicts: string[] }) => s.read > 0 && s.added === s.read && s.conflicts.length === 0,
      ),
    ).toBe(true);
    const bySample = Object.fromEntries((await importedResults(t.http, tech, res.body)).map((s) => [s.labSampleId, s]));
    const lead = bySample['2502RLI0135-0489'].results.find((r) => r.analyte === 'lead');
    expect(lead).toMatchObject({
      panel: 'metals',
      value: 0.153,
      qualifier: null,
      unit: 'ug/g',
      reportedValue: '0.153',
      reportedUnit: 'µg/g',
      loq: '0.05',
      provenance: { kind: 'cell', sha256: res.body.sourceFile.sha256, sheet: 'Results', row: 4, column: 'C' },
    });
    const nd = bySample['2502RLI0135-0490'].results.find((r) => r.analyte === 'lead');
    expect(nd).toMatchObject({ value: null, qualifier: 'ND', reportedValue: 'ND' });
    const loq = bySample['2502RLI0135-0490'].results.find((r) => r.analyte === 'cadmium');
    expect(loq).toMatchObject({ value: null, qualifier: '<LOQ' });
  });

  it('returns the existing import, unchanged, when the same bytes are uploaded again', async () => {
    const file = genericLongXlsx();
    const first = await request(t.http).get('/api/imports').set(bearer(tech)).expect(200);
    const again = await upload(t.http, tech, file, {
      template: 'generic-long',
      mapping: JSON.stringify(GENERIC_LONG_MAPPING),
    }).expect(200);
    const after = await request(t.http).get('/api/imports').set(bearer(tech)).expect(200);
    expect(after.body).toHaveLength(first.body.length);
    expect(again.body.id).toBe(first.body[0].id);
  });

  // Every variant lands in the same samples' sets: a variant that read any value differently would be flagged
  // as a conflict there, and one that missed a row would read fewer results than the plain file.
  it.each(TEXT_VARIANTS.map((v) => [v.name, v.variant] as const))(
    'reads the %s text variant to the same values',
    async (_, variant) => {
      const res = await upload(t.http, tech, genericLongText(variant), {
        template: 'generic-long',
        mapping: JSON.stringify(GENERIC_LONG_MAPPING),
      });
      expect([200, 201]).toContain(res.status);
      const reference = await upload(t.http, tech, genericLongText({}), {
        template: 'generic-long',
        mapping: JSON.stringify(GENERIC_LONG_MAPPING),
      });
      const readings = (body: { resultSets: Array<{ labSampleId: string; read: number; conflicts: string[] }> }) =>
        body.resultSets
          .map((s) => ({ sample: s.labSampleId, read: s.read, conflicts: s.conflicts }))
          .sort((a, b) => a.sample.localeCompare(b.sample));
      expect(readings(res.body).length).toBeGreaterThan(0);
      expect(readings(res.body).every((r) => r.conflicts.length === 0)).toBe(true);
      expect(readings(res.body)).toEqual(readings(reference.body));
    },
  );

  it('lists samples it does not know as unmatched with their rows, and attaches them later', async () => {
    const csv = Buffer.from('Sample,Analyte,Result,Units,LOQ\nUNREG-0001,Lead,0.42,ug/g,0.05\nUNREG-0001,Arsenic,ND,ug/g,0.05\n');
    const res = await upload(
      t.http,
      tech,
      { name: 'later.csv', bytes: csv },
      { template: 'generic-long', mapping: JSON.stringify(GENERIC_LONG_MAPPING) },
    ).expect(201);
    expect(res.body.resultSets).toEqual([]);
    expect(res.body.unmatched).toEqual([
      expect.objectContaining({ index: 0, reason: 'no_sample', message: 'no registered sample matches UNREG-0001' }),
    ]);
    expect(res.body.unmatched[0].results.map((r: { analyte: string }) => r.analyte).sort()).toEqual(['arsenic', 'lead']);

    const ids = await registerSamples(t.http, tech, [{ labSampleId: 'LATE-0001' }]);
    const attached = await request(t.http)
      .post(`/api/imports/${res.body.id}/attach`)
      .set(bearer(tech))
      .send({ index: 0, sampleId: ids['LATE-0001'] })
      .expect(201);
    expect(attached.body.unmatched[0].attached).toMatchObject({ sampleId: ids['LATE-0001'], by: 'tara.tech' });
    expect(attached.body.resultSets[0]).toMatchObject({ labSampleId: 'LATE-0001', read: 2, added: 2 });
    const [set] = await importedResults(t.http, tech, attached.body);
    expect(set.results.find((r) => r.analyte === 'lead')?.value).toBe(0.42);
    await request(t.http)
      .post(`/api/imports/${res.body.id}/attach`)
      .set(bearer(tech))
      .send({ index: 0, sampleId: ids['LATE-0001'] })
      .expect(409);
  });

  it('drafts an export longer than one database round: every sample its set, an existing draft extended, unknown samples listed', async () => {
    const ids = Array.from({ length: DRAFT_CHUNK + 5 }, (_, i) => `ROUND-${String(i).padStart(5, '0')}`);
    const em = t.orm.em.fork();
    const client = new Client('OCM-PROC-24-000077', 'Round trip');
    em.persist([client, ...ids.map((id) => new Sample(id, client, 'flower', defaultRoute('flower')))]);
    await em.flush();
    const mapping = { template: 'generic-long', mapping: JSON.stringify(GENERIC_LONG_MAPPING) };
    // The last sample of the first round and the first of the second already have a draft with lead in it.
    const earlier = Buffer.from(
      `Sample,Analyte,Result,Units,LOQ\n${ids[DRAFT_CHUNK - 1]},Lead,0.11,ug/g,0.05\n${ids[DRAFT_CHUNK]},Lead,0.12,ug/g,0.05\n`,
    );
    const first = await upload(t.http, tech, { name: 'earlier.csv', bytes: earlier }, mapping).expect(201);
    const lines = ['Sample,Analyte,Result,Units,LOQ'];
    ids.forEach((id, i) => {
      if (i === DRAFT_CHUNK - 2 || i === DRAFT_CHUNK + 1) lines.push(`NOT-REGISTERED-${i},Lead,0.2,ug/g,0.05`);
      lines.push(
        `${id},Arsenic,${i % 5 === 0 ? 'ND' : `0.${String(i % 97).padStart(2, '0')}`},ug/g,0.05`,
        `${id},Cadmium,0.30,ug/g,0.05`,
      );
    });
    const [setsBefore, resultsBefore] = [await count('result_sets'), await count('results where derived = false')];

    const res = await upload(
      t.http,
      tech,
      { name: 'two-rounds.csv', bytes: Buffer.from(lines.join('\n') + '\n') },
      mapping,
    ).expect(201);
    expect(res.body.resultSets).toHaveLength(ids.length);
    expect(res.body.resultSets.map((s: { labSampleId: string }) => s.labSampleId)).toEqual(ids);
    expect(res.body.resultSets.every((s: { read: number; added: number }) => s.read === 2 && s.added === 2)).toBe(true);
    expect(res.body.unmatched.map((u: { message: string }) => u.message)).toEqual([
      `no registered sample matches NOT-REGISTERED-${DRAFT_CHUNK - 2}`,
      `no registered sample matches NOT-REGISTERED-${DRAFT_CHUNK + 1}`,
    ]);
    expect(await count('result_sets')).toBe(setsBefore + ids.length - 2);
    expect(await count('results where derived = false')).toBe(resultsBefore + 2 * ids.length);
    const extended = res.body.resultSets.filter((s: { labSampleId: string }) =>
      [ids[DRAFT_CHUNK - 1], ids[DRAFT_CHUNK]].includes(s.labSampleId),
    );
    expect(extended.map((s: { id: string }) => s.id).sort()).toEqual(
      first.body.resultSets.map((s: { id: string }) => s.id).sort(),
    );
    const [boundary] = await importedResults(t.http, tech, { resultSets: extended.slice(0, 1) });
    expect(boundary.results.map((r) => r.analyte).sort()).toEqual(['arsenic', 'cadmium', 'lead']);
    const mgr = await t.userToken('round.manager', 'manager');
    expect((await request(t.http).get('/api/audit/verify').set(bearer(mgr)).expect(200)).body).toMatchObject({ ok: true });
  });

  it.each([
    ['an empty file', emptyFile(), {}, /the file is empty/],
    ['a truncated workbook', truncatedXlsx(), {}, /./],
    ['binary data', wrongKindBinary(), {}, /not a spreadsheet|binary/],
    ['a header-only CSV', headerOnlyCsv(), { template: 'generic-long', mapping: JSON.stringify(GENERIC_LONG_MAPPING) }, /./],
    [
      'a file that does not fit the chosen template',
      templateMismatch().file,
      { template: templateMismatch().template },
      new RegExp(`template ${templateMismatch().template}`),
    ],
  ])('answers 422 for %s, storing nothing but the rejected-upload record', async (_, file, fields, message) => {
    const [sets, results, rejected] = [
      await count('result_sets'),
      await count('results'),
      await count("imports where status = 'rejected'"),
    ];
    const res = await upload(t.http, tech, file, fields).expect(422);
    expect(res.body.statusCode).toBe(422);
    expect(res.body.message).toMatch(message);
    expect(await count('result_sets')).toBe(sets);
    expect(await count('results')).toBe(results);
    expect(await count("imports where status = 'rejected'")).toBe(rejected + 1);
  });

  it('names the template tried and the cell when a value cannot be read', async () => {
    const csv = Buffer.from('Sample,Analyte,Result,Units,LOQ\n2502RLI0135-0489,Lead,0.4.2,ug/g,0.05\n');
    const res = await upload(
      t.http,
      tech,
      { name: 'bad-value.csv', bytes: csv },
      { template: 'generic-long', mapping: JSON.stringify(GENERIC_LONG_MAPPING) },
    ).expect(422);
    expect(res.body.message).toMatch(/template generic-long/);
    expect(res.body.message).toMatch(/row 2, column C/);
  });

  it('refuses an unknown template by name and lists the known ones', async () => {
    const csv = Buffer.from('Sample,Analyte,Result\nX-1,Lead,0.1\n');
    const res = await upload(t.http, tech, { name: 'x.csv', bytes: csv }, { template: 'no-such-template' }).expect(422);
    expect(res.body.message).toContain('unknown template "no-such-template"');
    expect(res.body.message).toContain('generic-long');
  });

  it('answers 413 for a file over MAX_UPLOAD_BYTES and 400 without a file', async () => {
    await upload(t.http, tech, { name: 'big.csv', bytes: Buffer.alloc(200_001, 'a') }).expect(413);
    const res = await request(t.http).post('/api/imports').set(bearer(tech)).field('template', 'generic-long').expect(400);
    expect(res.body.message).toBe('file: required: send the file as multipart field "file"');
  });

  it('refuses uploads to licensees', async () => {
    const lic = await t.userToken('lic.one', 'licensee', 'OCM-RETL-24-000415');
    await upload(t.http, lic, genericLongText({})).expect(403);
  });

  it('writes an audit event for the import', async () => {
    const mgr = await t.userToken('mia.manager', 'manager');
    const res = await request(t.http).get('/api/audit?entityType=import').set(bearer(mgr)).expect(200);
    expect(res.body.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['import.completed', 'import.rejected', 'import.unmatched_attached']),
    );
  });
});
