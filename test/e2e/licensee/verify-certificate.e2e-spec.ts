import request from 'supertest';
import { startTestApp, type TestApp } from '../../support/test-app';
import { releaseTwoVersions } from './released-versions';

describe('verifying a certificate from its QR code', () => {
  let t: TestApp;
  let v1: string;
  let v2: string;
  beforeAll(async () => {
    t = await startTestApp({
      LAB_NAME: 'Hudson Analytical',
      LAB_LICENSE: 'OCM-CPL-2022-00042',
      PUBLIC_URL: 'https://coa.hudson.example',
    });
    ({ v1, v2 } = await releaseTwoVersions(t));
  });
  afterAll(async () => t.close());

  const json = (id: string) => request(t.http).get(`/verify/${id}`).set('Accept', 'application/json');

  it('answers JSON for the current version: genuine, current, with its summary and PDF', async () => {
    const res = await json(v2)
      .expect(200)
      .expect('Content-Type', /application\/json/);
    expect(res.body).toMatchObject({
      genuine: true,
      issued: true,
      current: true,
      version: 2,
      status: 'approved',
      supersededBy: null,
      uid: '4815020000009001',
      productName: 'Blue Dream 3.5g',
      batch: 'BD-0325',
      lab: { name: 'Hudson Analytical', license: 'OCM-CPL-2022-00042' },
      currentVersion: {
        id: v2,
        version: 2,
        pdfUrl: `https://coa.hudson.example/api/certificates/${v2}.pdf`,
        verifyUrl: `https://coa.hudson.example/verify/${v2}`,
      },
    });
    // Total THC = 0.41 + 0.877 × 22.80 = 20.41
    expect(res.body.totals).toContainEqual({ analyte: 'total_thc', value: '20.41', qualifier: null, unit: '%' });
    // Who released it, as the certificate prints them: the approval's e-signature, never a username or id.
    expect(res.body.signatures).toEqual([
      {
        step: 'Approved',
        fullName: 'Max Manager',
        title: 'Laboratory Director',
        meaning: 'Reviewed and approved for release',
        signedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
    expect(JSON.stringify(res.body.signatures)).not.toMatch(/max\.manager|mia\.manager|"(id|userId|username)"/);
  });

  it('no longer calls a superseded version genuine, and names the version that replaced it', async () => {
    const res = await json(v1).expect(200);
    expect(res.body).toMatchObject({
      genuine: false,
      issued: true,
      current: false,
      version: 1,
      status: 'superseded',
      supersededBy: 2,
      currentVersion: { id: v2, version: 2, pdfUrl: `https://coa.hudson.example/api/certificates/${v2}.pdf` },
    });
    expect(res.body.message).toBe(
      'Version 1 was released by Hudson Analytical but has been superseded by version 2: it is no longer valid. Use version 2.',
    );
    // The signature that released version 1, its own fingerprint (the content differs from version 2's).
    expect(res.body.signatures).toEqual([
      expect.objectContaining({
        step: 'Approved',
        fullName: 'Mia Manager',
        title: null,
        meaning: 'Reviewed and approved for release',
      }),
    ]);
    const current = await json(v2).expect(200);
    expect(res.body.signatures[0].contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.signatures[0].contentHash).not.toBe(current.body.signatures[0].contentHash);
  });

  it('answers a phone page by default: the facts in words, a plain warning for a superseded version, a link to the current PDF', async () => {
    const current = await request(t.http)
      .get(`/verify/${v2}`)
      .expect(200)
      .expect('Content-Type', /text\/html/);
    expect(current.text).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(current.text).toContain('Certificate verified');
    expect(current.text).toContain('Hudson Analytical (permit OCM-CPL-2022-00042)');
    expect(current.text).toMatch(/<dt>Product<\/dt><dd>Blue Dream 3.5g<\/dd>/);
    expect(current.text).toMatch(/<dt>Total THC<\/dt><dd>20.41 %<\/dd>/);
    expect(current.text).toContain(`href="https://coa.hudson.example/api/certificates/${v2}.pdf"`);
    expect(current.text).not.toContain('PUBLIC_URL');
    // The release signatures in the certificate's words, lab time, and the start of the content fingerprint.
    const hash = (await json(v2).expect(200)).body.signatures[0].contentHash as string;
    expect(current.text).toMatch(
      /<h2 id="signatures">Signatures<\/h2>\s*<p class="signature">Approved by Max Manager, Laboratory Director — Reviewed and approved for release — \d{1,2} \w{3} \d{4}, \d{2}:\d{2} E[SD]T<br>/,
    );
    expect(current.text).toContain(`<span class="note">Content fingerprint (sha256) ${hash.slice(0, 16)}…</span>`);
    expect(current.text).not.toContain('max.manager');

    const old = await request(t.http).get(`/verify/${v1}`).set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8').expect(200);
    expect(old.text).toContain('This certificate was replaced');
    expect(old.text).toContain('has been superseded by version 2: it is no longer valid');
    expect(old.text).toContain(
      `href="https://coa.hudson.example/api/certificates/${v2}.pdf">Open the current certificate, version 2 (PDF)`,
    );
    expect(old.text).toContain('Signed when version 1 was released; it has since been superseded.');
    expect(old.text).toMatch(/Approved by Mia Manager — Reviewed and approved for release — /);
    expect(old.text).not.toContain('Max Manager');
  });

  it('answers an unknown certificate 404 in the form asked for', async () => {
    const page = await request(t.http)
      .get('/verify/00000000-0000-4000-8000-000000000000')
      .expect(404)
      .expect('Content-Type', /text\/html/);
    expect(page.text).toContain('Certificate not found');
    await json('not-a-uuid')
      .expect(404)
      .expect('Content-Type', /application\/json/);
  });
});

describe('a PUBLIC_URL on this machine', () => {
  let t: TestApp;
  let v2: string;
  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL: 'http://localhost:3000' });
    ({ v2 } = await releaseTwoVersions(t));
  });
  afterAll(async () => t.close());

  it('is warned about on the certificate page: the QR code will not work for anyone else', async () => {
    const page = await request(t.http).get(`/verify/${v2}`).expect(200);
    expect(page.text).toContain(
      'PUBLIC_URL is http://localhost:3000: the QR codes on certificates point at this machine and will not work for anyone else.',
    );
  });
});
