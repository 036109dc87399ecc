import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { readPdfText } from '../../../src/ingest/coa/pdf-text';
import { ResultSetFactory } from '../../support/factories/result-set.factory';
import { binaryBody } from '../../support/lab-setup';
import { ADMIN_TOKEN, bearer, startTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app';
import {
  describeWithChromium,
  launchChromium,
  listenForBrowser,
  screenshotBoth,
  screenshotFolder,
  signForm,
  signIn,
  VIEWPORTS,
} from './browser';

jest.setTimeout(180_000);

const MEANING = 'Reviewed and approved for release';

describeWithChromium('e-signatures on the review pages in Chromium')(
  'e-signatures in Chromium: approve with the password, the certificate’s signature, bulk approval, a signed amendment',
  () => {
    let t: TestApp;
    let base: string;
    let browser: Browser;
    let shots: string;
    let context: BrowserContext;
    let page: Page;
    let maria: string;
    const ids: Record<'single' | 'b' | 'c' | 'own', string> = { single: '', b: '', c: '', own: '' };

    const statusOf = async (id: string): Promise<string> =>
      (await request(t.http).get(`/api/result-sets/${id}`).set(bearer(maria)).expect(200)).body.status;

    /** A complete set, ready for release, submitted for review by `by`. */
    const inReview = async (labSampleId: string, by: string): Promise<string> => {
      const { resultSetId } = await ResultSetFactory.for(t).sample({ labSampleId }).complete().build();
      await request(t.http).post(`/api/result-sets/${resultSetId}/submit`).set(bearer(by)).expect(200);
      return resultSetId;
    };

    beforeAll(async () => {
      t = await startTestApp();
      base = await listenForBrowser(t);
      const tech = await t.userToken('tara.tech', 'technician');
      maria = (
        await request(t.http)
          .post('/api/users')
          .set(bearer(ADMIN_TOKEN))
          .send({
            username: 'maria.lopez',
            fullName: 'Maria Lopez',
            title: 'Laboratory Director',
            role: 'manager',
            password: TEST_PASSWORD,
          })
          .expect(201)
      ).body.token;
      ids.single = await inReview('SIG-0001', tech);
      ids.b = await inReview('SIG-0002', tech);
      ids.c = await inReview('SIG-0003', tech);
      // Submitted by Maria herself: the two-person rule keeps her from approving it.
      ids.own = await inReview('SIG-0004', maria);
      shots = screenshotFolder();
      browser = await launchChromium();
      context = await browser.newContext({ viewport: VIEWPORTS.laptop });
      page = await signIn(context, base, maria);
    });
    afterAll(async () => {
      await context?.close();
      await browser?.close();
      await t?.close();
    });

    it('refuses a wrong password with a plain message and approves nothing, keeping the meaning typed', async () => {
      await page.goto(`${base}/review/${ids.single}`);
      const form = page.getByRole('form', { name: 'Approve and release', exact: true });
      await expect(form.textContent()).resolves.toContain(
        'Signing records your name, title, the meaning and a fingerprint of these results',
      );
      await expect(form.getByLabel('Meaning of your signature').inputValue()).resolves.toBe(MEANING);
      await signForm(form, 'not my password at all', 'Reviewed, approved for release to the client');
      await screenshotBoth(page, shots, 'S01-approve-signature');
      const answer = page.waitForResponse((r) => r.url().endsWith(`/review/${ids.single}/approve`));
      await form.getByRole('button', { name: 'Approve and release' }).click();
      expect((await answer).status()).toBe(401);
      await expect(page.getByRole('alert').first().textContent()).resolves.toContain(
        'That password is not yours: nothing was approved.',
      );
      const again = page.getByRole('form', { name: 'Approve and release', exact: true });
      await expect(again.getByLabel('Meaning of your signature').inputValue()).resolves.toBe(
        'Reviewed, approved for release to the client',
      );
      await expect(again.getByLabel('Your password').inputValue()).resolves.toBe('');
      await screenshotBoth(page, shots, 'S02-approve-wrong-password');
      expect(await statusOf(ids.single)).toBe('in_review');
    });

    it('approves with the right password and lists the signature on the page: full name, title, meaning, time, fingerprint', async () => {
      const form = page.getByRole('form', { name: 'Approve and release', exact: true });
      await signForm(form, TEST_PASSWORD);
      await form.getByRole('button', { name: 'Approve and release' }).click();
      await page.waitForURL(`${base}/review/${ids.single}`);
      await expect(page.getByRole('status').first().textContent()).resolves.toContain('Approved and released.');
      expect(await statusOf(ids.single)).toBe('approved');
      const signatures = page.getByRole('region', { name: 'Signatures on this version' });
      const line = (await signatures.textContent()) ?? '';
      expect(line).toContain('Maria Lopez, Laboratory Director');
      expect(line).toContain('Reviewed, approved for release to the client');
      expect(line).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} E[SD]T/);
      expect(line).toMatch(/fingerprint [0-9a-f]{12}/);
      await expect(signatures.locator('time').getAttribute('title')).resolves.toMatch(/ UTC$/);
      await screenshotBoth(page, shots, 'S03-approved-signature-listed');
    });

    it('prints the signature on the certificate with the full name and title, not a username', async () => {
      const pdf = await request(t.http).get(`/api/certificates/${ids.single}.pdf`).buffer(true).parse(binaryBody).expect(200);
      const read = await readPdfText(pdf.body as Buffer, { maxBytes: 10_000_000, maxPages: 50, timeoutMs: 20_000 });
      const text = read.pages
        .map((p) => p.items.map((i) => i.str).join(' '))
        .join(' ')
        .replace(/\s+/g, ' ');
      expect(text).toMatch(
        /Approved by Maria Lopez, Laboratory Director — Reviewed, approved for release to the client — \d{1,2} \w{3} \d{4}, \d{2}:\d{2} E[SD]T/,
      );
      expect(text).toMatch(/Content fingerprint \(sha256\) [0-9a-f]{64}/);
      expect(text).not.toContain('maria.lopez');
    });

    it('bulk-approves the ticked ready sets with one signature; a set she may not approve has no box and says why', async () => {
      await page.goto(`${base}/review?status=in_review`);
      const rowOf = (labSampleId: string) => page.locator('tr', { hasText: labSampleId });
      await expect(page.getByLabel('Approve SIG-0002').count()).resolves.toBe(1);
      await expect(page.getByLabel('Approve SIG-0003').count()).resolves.toBe(1);
      await expect(rowOf('SIG-0004').locator('input[type=checkbox]').count()).resolves.toBe(0);
      await expect(rowOf('SIG-0004').textContent()).resolves.toContain(
        'You submitted these results for review; another manager must approve them.',
      );
      await page.getByLabel('Approve SIG-0002').check();
      await page.getByLabel('Approve SIG-0003').check();
      // A page left open while the set changed: the box of a set she may not approve is posted anyway.
      await page.evaluate(
        `document.getElementById('bulk-approve').insertAdjacentHTML('beforeend', '<input type="hidden" name="ids" value="${ids.own}">')`,
      );
      const bulk = page.getByRole('form', { name: 'Approve several sets with one signature' });
      await signForm(bulk, TEST_PASSWORD);
      await screenshotBoth(page, shots, 'S04-bulk-approve-ticked');
      await bulk.getByRole('button', { name: 'Approve and release the ticked sets' }).click();
      await page.waitForLoadState();
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Bulk approval');
      await expect(page.locator('main').textContent()).resolves.toMatch(/2 approved[\s\S]*1 refused/);
      await expect(page.locator('tr[data-outcome=approved]').count()).resolves.toBe(2);
      const refused = page.locator('tr[data-outcome=refused]');
      await expect(refused.textContent()).resolves.toMatch(
        /SIG-0004[\s\S]*Refused[\s\S]*two-person rule: maria\.lopez submitted/,
      );
      await screenshotBoth(page, shots, 'S05-bulk-approve-outcome');
      expect([await statusOf(ids.b), await statusOf(ids.c), await statusOf(ids.own)]).toEqual([
        'approved',
        'approved',
        'in_review',
      ]);
      const signatures = (await request(t.http).get(`/api/result-sets/${ids.b}`).set(bearer(maria)).expect(200)).body.signatures;
      expect(signatures).toEqual([
        expect.objectContaining({ action: 'approve', fullName: 'Maria Lopez', title: 'Laboratory Director', meaning: MEANING }),
      ]);
    });

    it('signs an amendment: a wrong password keeps what was typed, the right one drafts it and records the signature', async () => {
      await page.goto(`${base}/review/${ids.single}/amend`);
      await page.getByLabel(/^New value or qualifier for (Lead|Pb 208)$/).fill('0.11');
      const reason = 'Lead re-integrated after the chromatogram review.';
      await page.getByLabel(/Reason for the amendment/).fill(reason);
      await signForm(page, 'wrong password again');
      await page.getByRole('button', { name: 'Sign and draft the amendment' }).click();
      await page.waitForLoadState();
      await expect(page.getByRole('alert').first().textContent()).resolves.toContain('nothing was amended');
      await expect(page.getByLabel(/^New value or qualifier for (Lead|Pb 208)$/).inputValue()).resolves.toBe('0.11');
      await expect(page.getByLabel(/Reason for the amendment/).inputValue()).resolves.toBe(reason);
      await expect(page.getByLabel('Your password').inputValue()).resolves.toBe('');

      await signForm(page, TEST_PASSWORD, 'Amended: lead re-integrated');
      await page.getByRole('button', { name: 'Sign and draft the amendment' }).click();
      await page.waitForURL((url) => url.pathname.startsWith('/review/') && !url.pathname.endsWith(ids.single));
      await expect(page.getByRole('status').first().textContent()).resolves.toContain('Amendment drafted as version 2');
      await page.goto(`${base}/review/${ids.single}`);
      const listed = (await page.getByRole('region', { name: 'Signatures on this version' }).textContent()) ?? '';
      expect(listed).toContain('Amended: lead re-integrated');
      expect(listed).toContain('amended, version 1');
      await screenshotBoth(page, shots, 'S06-amendment-signed');
    });
  },
);
