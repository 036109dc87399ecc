import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { UNSEEN_LAB_ROWS, unseenLabCertificate } from '../../generators/coa/make-pdfs';
import { registerSamples } from '../../support/lab-setup';
import { completeForRelease } from '../../support/factories/result-set.factory';
import { bearer, startTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app';
import { describeWithChromium, launchChromium, screenshotBoth, screenshotFolder, signForm, VIEWPORTS } from './browser';

jest.setTimeout(180_000);

/**
 * A certificate from a lab no layout knows, in Chromium: every row it yields is unsure, the review page offers
 * them by panel, the technician confirms one panel at a time (the set cannot be submitted before the last),
 * submits, and a manager approves.
 */
describeWithChromium('confirming unsure rows in Chromium')('a certificate with unsure rows, in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let shots: string;
  let context: BrowserContext;
  let page: Page;
  let setId: string;
  const tokens = { technician: '', manager: '' };

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    tokens.technician = await t.userToken('tara.tech', 'technician');
    tokens.manager = await t.userToken('maria.manager', 'manager');
    await registerSamples(t.http, tokens.technician, [{ labSampleId: 'NW-7781', productType: 'flower' }]);
    browser = await launchChromium();
    shots = screenshotFolder();
    context = await browser.newContext({ viewport: VIEWPORTS.laptop });
    page = await signIn(context, tokens.technician);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('a technician uploads it and finds every row waiting for confirmation, grouped by panel', async () => {
    await page.goto(`${base}/upload`);
    await page
      .getByLabel(/Drop files here/)
      .setInputFiles({ name: 'northwind.pdf', mimeType: 'application/pdf', buffer: await unseenLabCertificate() });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const row = page.locator('#upload-list li[data-state="done"]', { hasText: 'northwind.pdf' });
    await row.waitFor({ timeout: 60_000 });
    await expect(row.locator('.file-status').textContent()).resolves.toContain('1 result set(s), 0 unmatched');

    const sets = await request(t.http).get('/api/result-sets').set(bearer(tokens.technician)).expect(200);
    setId = (sets.body.items ?? sets.body).find((s: { labSampleId?: string; sample?: { labSampleId: string } }) =>
      [s.labSampleId, s.sample?.labSampleId].includes('NW-7781'),
    ).id;
    await page.goto(`${base}/review/${setId}`);
    const confirm = page.locator(`form[action="/review/${setId}/confirm"]`);
    await expect(confirm.locator('input[name$="[confirm]"]').count()).resolves.toBe(UNSEEN_LAB_ROWS.length);
    await expect(confirm.getByRole('button', { name: /^Confirm this panel/ }).count()).resolves.toBe(3);
    await screenshotBoth(page, shots, 'unsure-01-review');

    // The release checklist holds the set while any row waits for a person: submitting is not offered.
    await expect(page.getByRole('button', { name: 'Submit for review' }).isDisabled()).resolves.toBe(true);
    await expect(page.locator('main').innerText()).resolves.toMatch(/unsure|confirm/i);
  });

  it('confirms the panels one at a time; the set is submitted once none is left', async () => {
    await page.goto(`${base}/review/${setId}`);
    const buttons = () =>
      page.locator(`form[action="/review/${setId}/confirm"]`).getByRole('button', { name: /^Confirm this panel/ });
    let left = UNSEEN_LAB_ROWS.length;
    while ((await buttons().count()) > 0) {
      const panel = buttons().first();
      const table = page.locator(`form[action="/review/${setId}/confirm"] table`).first();
      const inPanel = await table.locator('input[name$="[confirm]"]').count();
      await panel.click();
      left -= inPanel;
      await expect(page.getByRole('status').first().textContent()).resolves.toContain(
        `Confirmed ${inPanel} value(s); ${left} still to confirm`,
      );
    }
    expect(left).toBe(0);
    await expect(page.locator(`form[action="/review/${setId}/confirm"]`).count()).resolves.toBe(0);
    await screenshotBoth(page, shots, 'unsure-02-confirmed');

    // The certificate reports some of the panels New York requires: the rest come from the lab's own runs.
    await completeForRelease(t, setId);
    await page.reload();
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Submitted for review');
  });

  it('a manager approves it', async () => {
    const managerContext = await browser.newContext({ viewport: VIEWPORTS.laptop });
    const manager = await signIn(managerContext, tokens.manager);
    await manager.goto(`${base}/review/${setId}`);
    await signForm(manager.getByRole('form', { name: 'Approve and release', exact: true }), TEST_PASSWORD);
    await manager.getByRole('button', { name: 'Approve and release' }).click();
    await expect(manager.getByRole('status').first().textContent()).resolves.toContain('Approved and released');
    await screenshotBoth(manager, shots, 'unsure-03-approved');
    const set = await request(t.http).get(`/api/result-sets/${setId}`).set(bearer(tokens.manager)).expect(200);
    expect(set.body.status).toBe('approved');
    expect((set.body.results as Array<{ unsure: string | null }>).filter((r) => r.unsure !== null)).toEqual([]);
    await managerContext.close();
  });

  async function signIn(ctx: BrowserContext, token: string): Promise<Page> {
    const opened = await ctx.newPage();
    await opened.goto(`${base}/login`);
    await opened.getByLabel('API token').fill(token);
    await opened.getByRole('button', { name: 'Sign in' }).click();
    await opened.waitForURL((url) => url.pathname !== '/login');
    return opened;
  }
});
