import request from 'supertest';
import { LabInstrumentTemplate } from '../../../src/instrument-templates/lab-instrument-template.entity';
import { InstrumentTemplatesService } from '../../../src/instrument-templates/instrument-templates.service';
import { unseenFormatExport } from '../../generators/instruments/unseen-format-fixtures';
import { importedResults, registerSamples, upload } from '../../support/lab-setup';
import { ADMIN_TOKEN, bearer, startTestApp, type TestApp } from '../../support/test-app';

/** Teaching the service a format no template reads: propose, edit, save, import, export, retire. */
describe('teaching the service a new instrument format', () => {
  let t: TestApp;
  let tech: string;
  let manager: string;
  const file = unseenFormatExport([
    { id: 'POT-0001', results: { 'delta9-THC': '1,52', CBD: '0,61', THCA: '182,4' } },
    { id: 'POT-0002', results: { 'delta9-THC': 'n.a.', CBD: '0,33', THCA: '151,0' } },
  ]);
  const propose = (fields: Record<string, string> = {}, token = tech) => {
    const req = request(t.http).post('/api/instrument-templates/proposals').set(bearer(token));
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req.attach('file', file.bytes, file.name);
  };

  beforeAll(async () => {
    t = await startTestApp();
    tech = await t.userToken('tara.tech', 'technician');
    manager = await t.userToken('mona.manager', 'manager');
    await registerSamples(t.http, tech, [{ labSampleId: 'POT-0001' }, { labSampleId: 'POT-0002' }]);
  });
  afterAll(async () => t.close());

  it('refuses the file before the lab teaches it: no template fits', async () => {
    const res = await upload(t.http, tech, file).expect(422);
    expect(res.body.details.code).toBe('no_template');
  });

  it('proposes a long template: the header under the report block, each column role, LOQ, unit, qualifier and QC, with a preview from the real engine', async () => {
    const res = await propose().expect(200);
    const roles = Object.fromEntries(res.body.proposal.columns.map((c: { header: string; role: string }) => [c.header, c.role]));

    expect(res.body.proposal.layout).toEqual({ type: 'long', headerRow: 5 });
    expect(roles).toEqual({
      'Injection Name': 'sample_id',
      'Inj. Type': 'sample_type',
      Component: 'analyte',
      Amount: 'value',
      Unit: 'unit',
      LOQ: 'loq',
      'Ret.Time': 'extra',
    });
    expect(res.body.template).toMatchObject({
      id: 'lab-chromeleon-style-summary',
      fileKinds: ['csv'],
      layout: { type: 'long', sample: { labSampleId: 'Injection Name', sampleType: 'Inj. Type' }, analyte: 'Component' },
      units: [{ from: 'column', column: 'Unit' }],
      qualifiers: ['n.a.'],
      qc: { sampleType: { qcValues: ['Blank', 'Check Standard'] } },
      calculation: { operation: 'none' },
    });
    expect(res.body.preview).toMatchObject({ samples: 2, results: 6, qcRows: 6, qcByKind: { blank: 3, check: 3 } });
    expect(res.body.preview.rows[0]).toEqual({
      sample: 'POT-0001',
      analyte: 'delta9-THC',
      value: '1.52',
      unit: 'mg/g',
      cell: 'D9',
    });
    expect(res.body.grid.rows.map((r: { number: number }) => r.number)[0]).toBe(2);
    expect(res.body.fits).toEqual([]);
    expect(res.body.proposal.unsure).toEqual([]);
  });

  it("takes a person's edits: a role changed by column letter, a new id, and names what it is now unsure of", async () => {
    const res = await propose({
      choices: JSON.stringify({ roles: { F: 'ignore' }, id: 'lab-potency-summary', title: 'Potency summary' }),
    }).expect(200);

    expect(res.body.template.id).toBe('lab-potency-summary');
    expect(res.body.template.layout.columns.loq).toBeUndefined();
    const bad = await propose({ choices: JSON.stringify({ roles: { F: 'weight' } }) }).expect(400);
    expect(bad.body.message).toContain('choices');
  });

  it('marks a role it is unsure of, and returns no template while a required role is missing', async () => {
    const res = await propose({ choices: JSON.stringify({ roles: { A: 'ignore' } }) }).expect(200);

    expect(res.body.template).toBeNull();
    expect(res.body.proposal.missing).toEqual(['a sample column (sample ID or sample name)']);
  });

  it('saves the accepted proposal for managers only, never over a built-in id, and detects the format from then on', async () => {
    const { template } = (await propose().expect(200)).body;
    await request(t.http).post('/api/instrument-templates').set(bearer(tech)).send(template).expect(403);
    const builtIn = await request(t.http)
      .post('/api/instrument-templates')
      .set(bearer(manager))
      .send({ ...template, id: 'perkinelmer-winlab32-csv' })
      .expect(409);
    expect(builtIn.body.message).toContain('built-in');
    await request(t.http)
      .post('/api/instrument-templates')
      .set(bearer(manager))
      .send({ ...template, layout: { type: 'long' } })
      .expect(400);

    const saved = await request(t.http).post('/api/instrument-templates').set(bearer(manager)).send(template).expect(201);
    expect([saved.body.id, saved.body.version, saved.body.retired]).toEqual(['lab-chromeleon-style-summary', 1, false]);
    await request(t.http).post('/api/instrument-templates').set(bearer(manager)).send(template).expect(409);

    const imported = await upload(t.http, tech, file).expect(201);
    expect(imported.body.template).toBe('lab-chromeleon-style-summary');
    const sets = await importedResults(t.http, tech, imported.body);
    const shown = sets
      .flatMap((s) =>
        s.results.map(
          (r) => `${s.labSampleId} ${r.analyte} ${String(r.qualifier ?? r.valueText)} ${String(r.unit)} LOQ ${String(r.loq)}`,
        ),
      )
      .sort();
    // Converted to the catalog's unit (mg/g → %), comma decimals read as the file writes them; "n.a." becomes the qualifier NA.
    expect(shown).toEqual([
      'POT-0001 cbd 0.061 % LOQ 0.050',
      'POT-0001 delta9_thc 0.152 % LOQ 0.050',
      'POT-0001 thca 18.24 % LOQ 0.050',
      'POT-0002 cbd 0.033 % LOQ 0.050',
      'POT-0002 delta9_thc NA % LOQ 0.050',
      'POT-0002 thca 15.10 % LOQ 0.050',
    ]);

    const audit = await request(t.http).get('/api/audit?entityType=instrument_template').set(bearer(ADMIN_TOKEN)).expect(200);
    expect(JSON.stringify(audit.body)).toContain('instrument_template.created');
  });

  it('lists, exports as a JSON file, changes as a new version and retires a lab template', async () => {
    const list = await request(t.http).get('/api/instrument-templates').set(bearer(tech)).expect(200);
    expect(list.body.lab.map((l: { id: string }) => l.id)).toEqual(['lab-chromeleon-style-summary']);
    expect(list.body.builtIn.map((b: { id: string }) => b.id)).toContain('perkinelmer-winlab32-csv');

    const exported = await request(t.http)
      .get('/api/instrument-templates/lab-chromeleon-style-summary/export')
      .set(bearer(tech))
      .expect(200);
    expect(exported.headers['content-disposition']).toBe('attachment; filename="lab-chromeleon-style-summary.json"');
    expect(exported.body).toMatchObject({ id: 'lab-chromeleon-style-summary', version: '1' });

    const changed = await request(t.http)
      .put('/api/instrument-templates/lab-chromeleon-style-summary')
      .set(bearer(manager))
      .send({ ...exported.body, title: 'Potency summary (Chromeleon)' })
      .expect(200);
    expect([changed.body.version, changed.body.template.title]).toEqual([2, 'Potency summary (Chromeleon)']);

    await request(t.http).post('/api/instrument-templates/lab-chromeleon-style-summary/retire').set(bearer(manager)).expect(200);
    const again = unseenFormatExport([{ id: 'POT-0001', results: { CBD: '0,70' } }], 'second-run.csv');
    expect((await upload(t.http, tech, again).expect(422)).body.details.code).toBe('no_template');
    const versions = await request(t.http)
      .get('/api/instrument-templates/lab-chromeleon-style-summary?version=1')
      .set(bearer(tech))
      .expect(200);
    expect(versions.body.retired).toBe(false);
  });

  it('detects a template another instance saved once it looks for new versions', async () => {
    const other = unseenFormatExport([{ id: 'POT-0001', results: { CBD: '0,80' } }], 'third-run.csv');
    const { template } = (await propose().expect(200)).body;
    expect((await upload(t.http, tech, other).expect(422)).body.details.code).toBe('no_template');

    // Written by another instance sharing the database: this one has not loaded it.
    const em = t.orm.em.fork();
    em.persist(new LabInstrumentTemplate('lab-other-instance', 1, { ...template, id: 'lab-other-instance' }, 'mona.manager'));
    await em.flush();
    await t.app.get(InstrumentTemplatesService).reloadIfChanged();

    expect((await upload(t.http, tech, other).expect(201)).body.template).toBe('lab-other-instance');
  });
});

describe('a taught template in the worker thread that reads large files', () => {
  let t: TestApp;
  afterAll(async () => t?.close());

  it('reads a file in the worker with the template saved after the service started', async () => {
    // Every file goes to the worker: the one started with the built-in templates is replaced when the lab saves one.
    t = await startTestApp({ IMPORT_WORKER_MIN_BYTES: '1' });
    const tech = await t.userToken('tara.tech', 'technician');
    const manager = await t.userToken('mona.manager', 'manager');
    await registerSamples(t.http, tech, [{ labSampleId: 'POT-0301' }]);
    const file = unseenFormatExport([{ id: 'POT-0301', results: { CBD: '0,44' } }], 'worker-run.csv');
    const proposed = await request(t.http)
      .post('/api/instrument-templates/proposals')
      .set(bearer(tech))
      .attach('file', file.bytes, file.name)
      .expect(200);
    await request(t.http).post('/api/instrument-templates').set(bearer(manager)).send(proposed.body.template).expect(201);

    const imported = await upload(t.http, tech, file).expect(201);
    expect([imported.body.template, imported.body.resultSets.length]).toEqual(['lab-worker-run', 1]);
  });
});
