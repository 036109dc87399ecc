import request from 'supertest';
import { defaultRoute } from '../../src/catalog';
import { bulkInsert, ROWS_PER_ARRAY_INSERT } from '../../src/db/bulk-insert';
import { isPostgres } from '../../src/db/platform';
import { ROWS_PER_UPDATE, updateRows } from '../../src/db/update-rows';
import { Result } from '../../src/results/result.entity';
import { ResultSet } from '../../src/results/result-set.entity';
import { Client } from '../../src/samples/client.entity';
import { Sample } from '../../src/samples/sample.entity';
import { bearer, startTestApp, type TestApp } from '../support/test-app';

describe('persistence', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  /** A draft result set with no results, stored for a new client and sample. */
  const storedEmptySet = async (licenseNumber: string, labSampleId: string): Promise<ResultSet> => {
    const em = t.orm.em.fork();
    const client = new Client(licenseNumber, 'Bulk insert');
    const set = new ResultSet(new Sample(labSampleId, client, 'flower', defaultRoute('flower')), 'import', 'tara.tech');
    await em.persist([client, set]).flush();
    return set;
  };

  it('writes nothing when a loaded entity did not change (timestamps keep their value)', async () => {
    const tech = await t.userToken('tara.tech', 'technician');
    await request(t.http)
      .post('/api/clients')
      .set(bearer(tech))
      .send({ licenseNumber: 'OCM-PROC-24-000031', name: 'Unchanged' })
      .expect(201);
    const before = (await t.sql(`select updated_at from clients where license_number = 'OCM-PROC-24-000031'`)) as Array<{
      updated_at: unknown;
    }>;
    await new Promise((r) => setTimeout(r, 20));
    const em = t.orm.em.fork();
    await em.findOneOrFail(Client, { licenseNumber: 'OCM-PROC-24-000031' });
    await em.flush();
    const after = (await t.sql(`select updated_at from clients where license_number = 'OCM-PROC-24-000031'`)) as Array<{
      updated_at: unknown;
    }>;
    expect(String(after[0].updated_at)).toBe(String(before[0].updated_at));
  });

  it('stores rows written by bulkInsert as the unit of work stores them, and reads them back the same', async () => {
    const em = t.orm.em.fork();
    const client = new Client('OCM-PROC-24-000032', 'Bulk');
    const set = new ResultSet(new Sample('BULK-0001', client, 'flower', defaultRoute('flower')), 'import', 'tara.tech');
    const result = (analyte: string) => {
      const r = new Result(set, {
        panel: 'metals',
        analyte,
        name: analyte,
        unit: 'ug/g',
        reportedValue: '0.153',
        reportedUnit: 'µg/g',
        status: 'pass',
        provenance: { kind: 'field', field: 'x' },
      });
      r.value = '0.153';
      r.appliedLimit = { table: 'ny', max: '0.5' };
      r.confirmedAt = new Date('2026-03-01T12:00:00.123Z');
      return r;
    };
    const viaOrm = result('lead');
    em.persist([client, set, viaOrm]);
    await em.flush();
    const viaBulk = result('arsenic');
    viaBulk.derived = true;
    await em.transactional((tx) => bulkInsert(tx, [viaBulk]));

    const rows = (await t.sql(`select * from results where result_set_id = '${set.id}' order by analyte desc`)) as Array<
      Record<string, unknown>
    >;
    expect(rows.map((r) => r.analyte)).toEqual(['lead', 'arsenic']);
    const types = (row: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? 'null' : typeof v]));
    expect(types(rows[1])).toEqual(types(rows[0]));
    const loaded = await t.orm.em.fork().findOneOrFail(Result, { id: viaBulk.id });
    expect(loaded).toMatchObject({
      value: '0.153',
      derived: true,
      appliedLimit: { table: 'ny', max: '0.5' },
      provenance: { kind: 'field', field: 'x' },
    });
    expect(loaded.confirmedAt?.toISOString()).toBe('2026-03-01T12:00:00.123Z');
    expect(loaded.createdAt.getTime()).toBe(viaBulk.createdAt.getTime());
  });

  it('bulkInsert writes a batch longer than one statement with every value intact: quotes, backslashes, NULLs, non-ASCII', async () => {
    const set = await storedEmptySet('OCM-PROC-24-000036', 'BULK-0002');
    const count = ROWS_PER_ARRAY_INSERT + 1;
    const results = Array.from({ length: count }, (_, i) => {
      const r = new Result(set, {
        panel: 'metals',
        analyte: `a${String(i).padStart(5, '0')}`,
        name: `Pb "208" \\ it's µ-${i}`,
        unit: 'ug/g',
        reportedValue: i % 2 ? 'ND' : `0.${i}`,
        reportedUnit: 'µg/g',
        status: 'pass',
        provenance: {
          kind: 'cell',
          sha256: 'f'.repeat(64),
          row: i,
          column: 'C',
          context: ['{"quoted"}', 'back\\slash', 'Δ9-THC'],
        },
      });
      r.value = i % 2 ? null : `0.${i}`;
      r.qualifier = i % 2 ? 'ND' : null;
      r.derived = i % 3 === 0;
      return r;
    });
    await t.orm.em.fork().transactional((tx) => bulkInsert(tx, results));

    const loaded = await t.orm.em.fork().find(Result, { resultSet: set.id }, { orderBy: { analyte: 'asc' } });
    expect(loaded).toHaveLength(count);
    const fields = (r: Result) => ({
      id: r.id,
      name: r.name,
      value: r.value,
      qualifier: r.qualifier,
      derived: r.derived,
      reportedUnit: r.reportedUnit,
      provenance: r.provenance,
    });
    expect(loaded.map(fields)).toEqual(results.map(fields));
  });

  it('bulkInsert fails a batch whose later statement breaks a key, and its transaction keeps none of the batch', async () => {
    const set = await storedEmptySet('OCM-PROC-24-000037', 'BULK-0003');
    const results = Array.from({ length: ROWS_PER_ARRAY_INSERT + 2 }, (_, i) => {
      const r = new Result(set, {
        panel: 'metals',
        analyte: `b${i}`,
        name: `B ${i}`,
        unit: 'ug/g',
        reportedValue: '0.1',
        reportedUnit: 'ug/g',
        status: 'pass',
        provenance: { kind: 'field', field: 'x' },
      });
      r.value = '0.1';
      return r;
    });
    results[results.length - 1].id = results[0].id; // the same primary key twice, in the batch's last statement
    await expect(t.orm.em.fork().transactional((tx) => bulkInsert(tx, results))).rejects.toThrow(/unique|duplicate/i);
    expect(await t.orm.em.fork().count(Result, { resultSet: set.id })).toBe(0);
  });

  it('updateRows changes each row with its own values where its compare-and-set holds, and answers which changed', async () => {
    const em = t.orm.em.fork();
    const client = new Client('OCM-PROC-24-000033', 'Update rows');
    const stamp = new Date('2026-03-02T08:30:00.250Z');
    const clients = [client, new Client('OCM-PROC-24-000034', 'Second'), new Client('OCM-PROC-24-000035', 'Third')];
    em.persist(clients);
    await em.flush();
    const changed = await em.transactional((tx) =>
      updateRows(tx, Client, [
        { id: clients[0].id, set: { name: 'First, renamed', updatedAt: stamp }, expect: { name: 'Update rows' } },
        { id: clients[1].id, set: { name: 'Second, renamed' }, expect: { name: 'not what it holds' } },
        { id: clients[2].id, set: { updatedAt: stamp }, expect: { name: 'Third' } },
      ]),
    );
    expect(changed.sort()).toEqual([clients[0].id, clients[2].id].sort());
    const read = await t.orm.em.fork().find(Client, { id: { $in: clients.map((c) => c.id) } });
    const byId = new Map(read.map((c) => [c.id, c]));
    expect(byId.get(clients[0].id)).toMatchObject({ name: 'First, renamed' });
    expect(byId.get(clients[0].id)?.updatedAt.toISOString()).toBe(stamp.toISOString());
    expect(byId.get(clients[1].id)).toMatchObject({ name: 'Second' });
    expect(byId.get(clients[2].id)).toMatchObject({ name: 'Third' });
    expect(byId.get(clients[2].id)?.updatedAt.toISOString()).toBe(stamp.toISOString());
    await expect(
      em.transactional((tx) => updateRows(tx, Client, [{ id: clients[0].id, set: { notAColumn: 1 } as never }])),
    ).rejects.toThrow('Client.notAColumn is not a column');
  });

  it('updateRows splits a batch larger than one statement takes, and changes every row of it', async () => {
    const em = t.orm.em.fork();
    const clients = Array.from(
      { length: ROWS_PER_UPDATE + 3 },
      (_, i) => new Client(`OCM-BULK-UPD-${String(i).padStart(4, '0')}`, 'before'),
    );
    em.persist(clients);
    await em.flush();
    const changed = await em.transactional((tx) =>
      updateRows(
        tx,
        Client,
        clients.map((c, i) => ({ id: c.id, set: { name: `after ${i}` }, expect: { name: 'before' } })),
      ),
    );
    expect(changed).toHaveLength(clients.length);
    const rows = (await t.sql(
      `select name from clients where license_number like 'OCM-BULK-UPD-%' order by license_number`,
    )) as Array<{ name: string }>;
    expect(rows.map((r) => r.name)).toEqual(clients.map((_, i) => `after ${i}`));
  });

  it('runs SQLite in write-ahead-log mode with foreign keys enforced', async () => {
    if (isPostgres(t.orm.em)) return;
    expect(await t.sql('pragma journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await t.sql('pragma foreign_keys')).toEqual([{ foreign_keys: 1 }]);
  });
});
