import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { MICRO, METALS, POTENCY, ResultSetFactory, withValues } from '../../support/factories/result-set.factory';
import { bearer, startTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app';
import { describeWithChromium, launchChromium, screenshotBoth, screenshotFolder, signForm, VIEWPORTS } from './browser';

jest.setTimeout(120_000);

const REASON = 'The client ordered potency, metals and microbials only (order 2025-131)';

describeWithChromium('the review page release gate in Chromium')(
  'the review page in Chromium: the "Before release" checklist, a disabled button and a manager’s partial release',
  () => {
    let t: TestApp;
    let base: string;
    let browser: Browser;
    let shots: string;
    const tokens = { tara: '', mia: '', max: '' };
    let partialId: string;
    let refusedId: string;

    beforeAll(async () => {
      t = await startTestApp();
      await t.app.listen(0, '127.0.0.1');
      base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
      tokens.tara = await t.userToken('tara.tech', 'technician');
      tokens.mia = await t.userToken('mia.manager', 'manager');
      tokens.max = await t.userToken('max.manager', 'manager');
      partialId = (
        await ResultSetFactory.for(t).sample({ labSampleId: 'PAGE-PARTIAL' }).from(POTENCY).from(METALS).from(MICRO).build()
      ).resultSetId;
      const tntc = withValues(MICRO, 'qpcr-micro-page-tntc.csv', {
        'Salmonella spp': 'Absent',
        STEC: 'Absent',
        'A. Fumi': 'Absent',
        'Total Yeast and Mold': 'TNTC',
      });
      refusedId = (
        await ResultSetFactory.for(t)
          .sample({ labSampleId: 'PAGE-TNTC' })
          .from(POTENCY)
          .from(METALS)
          .from(tntc)
          .complete()
          .build()
      ).resultSetId;
      browser = await launchChromium();
      shots = screenshotFolder();
    });
    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    async function signedIn(token: string): Promise<{ context: BrowserContext; page: Page }> {
      const context = await browser.newContext({ viewport: VIEWPORTS.laptop });
      const page = await context.newPage();
      await page.goto(`${base}/login`);
      await page.getByLabel('API token').fill(token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${base}/dashboard`);
      return { context, page };
    }

    const checklist = (page: Page) => page.getByRole('list', { name: 'Before release' }).getByRole('listitem');

    it('shows a technician each missing panel with its fix above a disabled submit button, and no override', async () => {
      const { context, page } = await signedIn(tokens.tara);
      await page.goto(`${base}/review/${partialId}`);
      const items = await checklist(page).allTextContents();
      expect(items).toHaveLength(6);
      expect(items[0]).toContain(
        'New York requires the terpenes panel for this product type and this set has no terpenes results',
      );
      expect(items[0]).toContain('Fix: import or enter the terpenes results');
      const submit = page.getByRole('button', { name: 'Submit for review' });
      await expect(submit.isDisabled()).resolves.toBe(true);
      await expect(page.getByText('only a manager may release a partial set').count()).resolves.toBe(1);
      await expect(page.getByRole('button', { name: 'Submit as a partial set' }).count()).resolves.toBe(0);
      await screenshotBoth(page, shots, 'release-gate-technician');
      await context.close();
    });

    it('offers a manager no override where something other than panels blocks', async () => {
      const { context, page } = await signedIn(tokens.mia);
      await page.goto(`${base}/review/${refusedId}`);
      const items = await checklist(page).allTextContents();
      expect(items).toEqual([expect.stringContaining('TNTC has no number the state system can take')]);
      await expect(page.getByRole('button', { name: 'Submit for review' }).isDisabled()).resolves.toBe(true);
      await expect(page.getByLabel('Reason (at least 10 characters)').count()).resolves.toBe(0);
      await context.close();
    });

    it('lets a manager submit the partial set with a reason, which the approver sees and releases', async () => {
      const mia = await signedIn(tokens.mia);
      await mia.page.goto(`${base}/review/${partialId}`);
      await expect(mia.page.getByRole('button', { name: 'Submit for review' }).isDisabled()).resolves.toBe(true);
      await mia.page.getByLabel('Reason (at least 10 characters)').fill(REASON);
      await screenshotBoth(mia.page, shots, 'release-gate-override');
      await mia.page.getByRole('button', { name: 'Submit as a partial set' }).click();
      await mia.page.waitForURL(`${base}/review/${partialId}`);
      await expect(mia.page.getByRole('status').first().textContent()).resolves.toContain(
        'Submitted for review as a partial set, with your reason.',
      );
      await mia.context.close();

      const max = await signedIn(tokens.max);
      await max.page.goto(`${base}/review/${partialId}`);
      await expect(max.page.locator('.partial-release').textContent()).resolves.toContain(REASON);
      const approve = max.page.getByRole('button', { name: 'Approve and release', exact: true });
      await expect(approve.isDisabled()).resolves.toBe(false);
      await signForm(max.page.getByRole('form', { name: 'Approve and release', exact: true }), TEST_PASSWORD);
      await approve.click();
      await max.page.waitForURL(`${base}/review/${partialId}`);
      await expect(max.page.getByRole('status').first().textContent()).resolves.toContain('Approved and released.');
      await screenshotBoth(max.page, shots, 'release-gate-approved-partial');
      await max.context.close();

      const set = await request(t.http).get(`/api/result-sets/${partialId}`).set(bearer(tokens.max)).expect(200);
      expect(set.body).toMatchObject({ status: 'approved', approvedBy: 'max.manager' });
      expect(set.body.meta.release.partial).toMatchObject({ reason: REASON, by: 'mia.manager' });
    });
  },
);
