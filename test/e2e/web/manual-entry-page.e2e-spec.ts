import request from 'supertest';
import { unseenLabCertificate } from '../../generators/coa/make-pdfs';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';
import { signIn, type WebClient } from './web-client';

/**
 * The manual-entry page as a person uses it: a refused form comes back with everything typed and the reason in
 * plain words with the row as shown (counted from 1); "Read the certificate" fills the header from the PDF and
 * keeps the file for the entry; on the review page values are confirmed by panel or all at once, and a misread
 * value is corrected to a qualifier.
 */
describe('the manual-entry page', () => {
  let t: TestApp;
  let tech: WebClient;
  let techToken: string;
  beforeAll(async () => {
    t = await startTestApp();
    techToken = await t.userToken('tara.tech', 'technician');
    tech = await signIn(t.http, techToken);
  });
  afterAll(async () => t.close());

  const header = {
    uid: '4815020000099101',
    clientLicense: 'OCM-RETL-24-000415',
    productType: 'flower',
    supplierLicense: 'OCM-CULT-24-000999',
    labName: 'Example Analytical Lab',
    labLicense: 'OCM-CPL-2099-00001',
    certificateNumber: 'EX-1',
    certificateDate: '2026-01-09',
  };

  function post(path: string, fields: Record<string, string>, file?: { name: string; bytes: Buffer }) {
    const req = request(t.http).post(path).set('Cookie', tech.cookie).field('_csrf', tech.csrf);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return file ? req.attach('certificate', file.bytes, file.name) : req;
  }

  it('gives a refused form back with every value typed, naming the row as shown', async () => {
    const res = await post('/manual-entry', {
      ...header,
      'results[0][analyte]': 'Total THC',
      'results[0][value]': '21.5',
      'results[0][unit]': '%',
      'results[2][analyte]': 'Lead',
      'results[2][value]': 'lots',
      'results[2][unit]': 'ug/g',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Row 3, value &quot;lots&quot;: expected a number');
    expect(res.text).not.toMatch(/results\.\d/);
    for (const v of [header.uid, header.supplierLicense, header.labName, header.certificateNumber, '21.5', 'lots', 'Lead'])
      expect(res.text).toContain(`value="${v}"`);
    expect(res.text).toContain('value="2026-01-09"');
    expect(res.text).toMatch(/<option value="flower" selected>/);
    const sets = await request(t.http).get('/api/result-sets').set(bearer(techToken)).expect(200);
    expect(JSON.stringify(sets.body)).not.toContain(header.uid);
  });

  it('speaks of fields by their labels and keeps the form when the UID is wrong', async () => {
    const res = await post('/manual-entry', { ...header, uid: '123', 'results[0][analyte]': 'Lead', 'results[0][value]': '0.1' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/New UID: /);
    expect(res.text).toContain('value="123"');
  });

  it('reads the header from the certificate, keeps the file, and pre-fills its results for confirmation', async () => {
    const bytes = await unseenLabCertificate();
    const typed = {
      uid: '4815020000099102',
      clientLicense: header.clientLicense,
      productType: 'flower',
      supplierLicense: header.supplierLicense,
    };
    const read = await post(
      '/manual-entry/read',
      { ...typed, certificateDate: new Date().toISOString().slice(0, 10) },
      {
        name: 'northwind.pdf',
        bytes,
      },
    ).expect(200);
    // The header it prints: batch, sample ID as the certificate number, the report date; what was typed stays.
    expect(read.text).toContain('id="batch" name="batch" value="NW-B-19"');
    expect(read.text).toContain('id="certificateNumber" name="certificateNumber" value="NW-7781"');
    expect(read.text).toContain('id="certificateDate" name="certificateDate" type="date" required value="2026-03-02"');
    expect(read.text).toContain(`value="${typed.uid}"`);
    expect(read.text).toMatch(/Read northwind\.pdf: \d+ header field\(s\) filled where blank; 9 result\(s\) will be pre-filled/);
    const sha = /name="certificateSha256" value="([0-9a-f]{64})"/.exec(read.text)?.[1];
    expect(sha).toBeDefined();

    // Completed and entered without choosing the file again.
    const entered = await post('/manual-entry', {
      ...typed,
      labName: 'Northwind Analytical',
      labLicense: 'NW-LAB-1',
      certificateNumber: 'NW-7781',
      certificateDate: '2026-03-02',
      certificateSha256: sha!,
      certificateName: 'northwind.pdf',
    }).expect(303);
    const id = /\/review\/([^/]+)$/.exec(entered.headers.location)?.[1] ?? '';
    const set = await request(t.http).get(`/api/result-sets/${id}`).set(bearer(techToken)).expect(200);
    expect(set.body.origin).toBe('manual');
    const values = (set.body.results as Array<{ analyte: string; derived: boolean; confirmedBy: string | null }>).filter(
      (r) => !r.derived,
    );
    expect(values).toHaveLength(9);
    expect(values.filter((r) => r.confirmedBy !== null)).toEqual([]);

    // The review page groups them by panel; "confirm this panel" takes one panel, with a qualifier correction.
    const page = await tech.get(`/review/${id}`).expect(200);
    const panels = [...page.text.matchAll(/name="panel" value="([a-z_]+)"/g)].map((m) => m[1]);
    expect(panels.sort()).toEqual(['cannabinoids', 'metals', 'microbials']);
    const rows = [
      ...page.text.matchAll(
        /name="values\[(\d+)\]\[analyte\]" value="([^"]+)"><input type="hidden" name="values\[\d+\]\[panel\]" value="([a-z_]+)"/g,
      ),
    ].map((m) => ({ index: m[1], analyte: m[2], panel: m[3] }));
    expect(rows).toHaveLength(9);
    const form: Record<string, string> = { panel: 'metals' };
    for (const r of rows) {
      form[`values[${r.index}][analyte]`] = r.analyte;
      form[`values[${r.index}][panel]`] = r.panel;
    }
    const lead = rows.find((r) => r.analyte === 'lead')!;
    form[`values[${lead.index}][qualifier]`] = '<LOQ';
    await tech.post(`/review/${id}/confirm`, form).expect(303);
    let after = await request(t.http).get(`/api/result-sets/${id}`).set(bearer(techToken)).expect(200);
    const byAnalyte = (a: string) =>
      (
        after.body.results as Array<{
          analyte: string;
          qualifier: string | null;
          value: number | null;
          confirmedBy: string | null;
        }>
      ).find((r) => r.analyte === a);
    expect(byAnalyte('lead')).toMatchObject({ qualifier: '<LOQ', value: null, confirmedBy: 'tara.tech' });
    for (const r of rows)
      expect([r.analyte, byAnalyte(r.analyte)?.confirmedBy ?? null]).toEqual([
        r.analyte,
        r.panel === 'metals' ? 'tara.tech' : null,
      ]);

    // "Confirm all shown" takes the rest.
    const rest = await tech.get(`/review/${id}`).expect(200);
    const all: Record<string, string> = { all: 'yes' };
    for (const m of rest.text.matchAll(/name="values\[(\d+)\]\[analyte\]" value="([^"]+)"/g))
      all[`values[${m[1]}][analyte]`] = m[2];
    expect(Object.keys(all)).toHaveLength(7);
    await tech.post(`/review/${id}/confirm`, all).expect(303);
    after = await request(t.http).get(`/api/result-sets/${id}`).set(bearer(techToken)).expect(200);
    expect(
      (after.body.results as Array<{ derived: boolean; confirmedBy: string | null }>).filter(
        (r) => !r.derived && r.confirmedBy === null,
      ),
    ).toEqual([]);
  });

  it('says so when "Read the certificate" is pressed without a file, keeping the form', async () => {
    const res = await post('/manual-entry/read', { uid: '4815020000099103', productType: 'flower' }).expect(400);
    expect(res.text).toContain('Choose the certificate PDF to read first.');
    expect(res.text).toContain('value="4815020000099103"');
  });
});
