import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { GENERIC_LONG_MAPPING } from '../../generators/instruments/encoding-fixtures';
import { completeForRelease } from '../../support/factories/result-set.factory';
import { registerSamples } from '../../support/lab-setup';
import { SHARED_SAMPLES } from '../../support/shared-samples';
import { bearer, startTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app';
import { describeWithChromium, launchChromium, screenshotBoth, screenshotFolder, signForm, VIEWPORTS } from './browser';

jest.setTimeout(240_000);

const csv = (rows: string[]) => Buffer.from(`Sample,Analyte,Result,Units,LOQ\n${rows.join('\n')}\n`);

describeWithChromium('the work pages in Chromium')(
  'the work pages in Chromium: attach by position, open work, conflicts at once, the review header and an amendment',
  () => {
    let t: TestApp;
    let base: string;
    let browser: Browser;
    let shots: string;
    const tokens = { technician: '', manager: '' };
    /** Transfer 7002's UIDs in the intake page's order. */
    let transfer: string[] = [];
    let setId = '';

    beforeAll(async () => {
      t = await startTestApp({ SAMPLE_SYNC_INTERVAL_SECONDS: '0', OUTBOX_ENABLED: 'true', OUTBOX_INTERVAL_MS: '300' });
      await t.app.listen(0, '127.0.0.1');
      base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
      tokens.technician = await t.userToken('tara.tech', 'technician');
      tokens.manager = await t.userToken('maria.manager', 'manager');
      browser = await launchChromium();
      shots = screenshotFolder();
      console.log(`Screenshots of the work pages: ${shots}`);
    });
    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    const apiImport = async (name: string, rows: string[]) =>
      (
        await request(t.http)
          .post('/api/imports')
          .set(bearer(tokens.technician))
          .field('template', 'generic-long')
          .field('mapping', JSON.stringify(GENERIC_LONG_MAPPING))
          .attach('file', csv(rows), name)
          .expect(201)
      ).body;

    describe('a technician', () => {
      let context: BrowserContext;
      let page: Page;
      beforeAll(async () => {
        context = await browser.newContext({ viewport: VIEWPORTS.laptop });
        page = await signIn(context, tokens.technician);
      });
      afterAll(async () => context.close());

      it('pulls what arrived, names three samples in one pass, and a real multi-sample export matches with no per-sample click', async () => {
        await nav(page, 'Intake');
        await page.getByRole('button', { name: 'Pull inbound samples from the state system' }).click();
        await expect(page.getByRole('status').first().textContent()).resolves.toContain('registered 7 sample(s)');
        const table = page.locator('table', { has: page.locator('caption', { hasText: 'Transfer 7002' }) });
        transfer = await table.locator('a[href^="/samples/"]').allTextContents();
        expect(transfer).toHaveLength(3);
        const file = path.join(SHARED_SAMPLES, 'instruments', 'perkinelmer-nexion-icpms-heavy-metals.xlsx');
        if (!fs.existsSync(file)) {
          console.warn(`SKIPPED: the real NexION export — ${file} not found`);
          return;
        }
        // The export names ten samples: three arrived today and get their lab IDs here, seven were registered before.
        const others = (await page.locator('a[href^="/samples/"]').allTextContents()).filter((u) => !transfer.includes(u));
        const named = ['KLS-1223', 'KLS-1224', 'KLS-1225'];
        for (const [i, id] of named.entries()) await page.getByLabel(`Lab sample ID for ${others[i]}`).fill(id);
        await page.getByRole('button', { name: 'Save lab sample IDs' }).click();
        await expect(page.getByRole('status').first().textContent()).resolves.toContain(
          `Gave 3 sample(s) their lab sample IDs: ${named.join(', ')}.`,
        );
        await registerSamples(
          t.http,
          tokens.technician,
          ['KLS-1226', 'KLS-1227', 'KLS-1228', 'KLS-1229', 'KLS-1230', 'KLS-1231', 'KLS-1222 RR'].map((labSampleId) => ({
            labSampleId,
          })),
        );
        await nav(page, 'Upload');
        await page.getByLabel(/Drop files here/).setInputFiles(file);
        await page.getByRole('button', { name: 'Upload', exact: true }).click();
        const row = page.locator('#upload-list li[data-state="done"]', { hasText: path.basename(file) });
        await row.waitFor({ timeout: 120_000 });
        await expect(row.locator('.file-status').textContent()).resolves.toContain('10 result set(s), 0 unmatched');
        await screenshotBoth(page, shots, 'W00-real-export-matched');
      });

      it('attaches a run that follows an intake list by position: one choice, one check, one post', async () => {
        await nav(page, 'Upload');
        await page.reload();
        await page.getByLabel('Template', { exact: true }).selectOption('generic-long');
        await page.getByText('Preparation data and column mapping').click();
        await page.getByLabel(/Column mapping/).fill(JSON.stringify(GENERIC_LONG_MAPPING));
        await page.getByLabel(/Drop files here/).setInputFiles({
          name: 'tray-order.csv',
          mimeType: 'text/csv',
          buffer: csv(['Vial 1,Lead,0.151,ug/g,0.05', 'Vial 2,Lead,0.212,ug/g,0.05', 'Vial 3,Lead,0.098,ug/g,0.05']),
        });
        await page.getByRole('button', { name: 'Upload', exact: true }).click();
        const row = page.locator('#upload-list li[data-state="done"]', { hasText: 'tray-order.csv' });
        await row.waitFor({ timeout: 60_000 });
        await row.getByRole('link', { name: 'Open the import summary' }).click();
        await page.waitForURL(/\/imports\//);
        await expect(page.locator('.attach-progress').textContent()).resolves.toContain('Done: 0 of 3');

        await page.getByLabel('Attach by position: the run follows the order of').selectOption('7002');
        await page.getByRole('button', { name: 'Fill the pickers by position' }).click();
        await page.waitForURL(/byPosition=7002/);
        const pickers = page.getByLabel('Attach to sample');
        for (const [i, uid] of transfer.entries()) await expect(pickers.nth(i).inputValue()).resolves.toBe(uid);
        await screenshotBoth(page, shots, 'W01-import-by-position');
        await page.getByRole('button', { name: 'Attach the chosen samples' }).click();
        await expect(page.getByRole('status').first().textContent()).resolves.toBe(
          `Attached 3: Vial 1 → ${transfer[0]}, Vial 2 → ${transfer[1]}, Vial 3 → ${transfer[2]}.`,
        );
        await expect(page.locator('.attach-progress').textContent()).resolves.toContain('Done: 3 of 3');
        await screenshotBoth(page, shots, 'W02-import-attached');
      });

      it('keeps an unmatched rinse on the dashboard until it is discarded with a reason', async () => {
        await apiImport('with-rinse.csv', [`RINSE-01,Lead,0.001,ug/g,0.05`, `${transfer[1]},Arsenic,0.050,ug/g,0.04`]);
        await nav(page, 'Dashboard');
        const openWork = page.locator('section#open-work');
        await expect(openWork.locator('h2').textContent()).resolves.toMatch(/Open work: unmatched samples\s+1/);
        await screenshotBoth(page, shots, 'W03-dashboard-open-work');
        await openWork.getByText('Discard with a reason').click();
        await openWork.getByLabel('Why discard RINSE-01?').fill('a rinse blank the template did not skip');
        await openWork.getByRole('button', { name: 'Discard RINSE-01' }).click();
        await expect(page.getByRole('status').first().textContent()).resolves.toBe(
          'Discarded RINSE-01: a rinse blank the template did not skip',
        );
        await expect(page.locator('section#open-work').textContent()).resolves.toContain('Nothing is open');
        await page.goto(`${base}/open-work`);
        await screenshotBoth(page, shots, 'W04-open-work-empty');
      });

      it('resolves the conflicts of a rerun at once, and submits the set', async () => {
        await apiImport('rerun.csv', [`${transfer[0]},Lead,0.180,ug/g,0.06`]);
        await nav(page, 'Review');
        await page.getByRole('link', { name: transfer[0] }).first().click();
        await page.waitForURL(/\/review\//);
        setId = page.url().split('/review/')[1];
        await page.getByLabel(/Take every conflicting value from rerun\.csv/).check();
        await page.getByLabel('One reason for all of them').fill('the rerun after recalibration replaces the first run');
        await screenshotBoth(page, shots, 'W05-review-conflicts-at-once');
        await page.getByRole('button', { name: 'Resolve these conflicts' }).click();
        await expect(page.getByRole('status').first().textContent()).resolves.toBe('Resolved 1 conflict(s): Lead.');
        await expect(page.locator('table.resolved-conflicts mark.chosen').textContent()).resolves.toBe('0.180 ug/g');
        await screenshotBoth(page, shots, 'W06-review-conflict-resolved');
        // The run tested metals only: the panels New York requires beside them come from the lab's other runs.
        await completeForRelease(t, setId);
        await page.reload();
        await page.getByRole('button', { name: 'Submit for review' }).click();
        await expect(page.getByRole('status').first().textContent()).resolves.toContain('Submitted for review');
      });
    });

    describe('a manager', () => {
      let context: BrowserContext;
      let page: Page;
      beforeAll(async () => {
        context = await browser.newContext({ viewport: VIEWPORTS.laptop });
        page = await signIn(context, tokens.manager);
      });
      afterAll(async () => context.close());

      it('approves, and sees the dates, the state system’s transaction and the history in words', async () => {
        await page.goto(`${base}/review/${setId}`);
        await signForm(page.getByRole('form', { name: 'Approve and release', exact: true }), TEST_PASSWORD);
        await page.getByRole('button', { name: 'Approve and release' }).click();
        await expect(page.getByRole('status').first().textContent()).resolves.toContain('Approved and released');
        for (let i = 0; i < 60; i++) {
          await page.reload();
          if (await page.locator('.state-accepted').count()) break;
          await page.waitForTimeout(300);
        }
        await expect(page.locator('.state-status').textContent()).resolves.toMatch(
          /BioTrack NY accepted the results, transaction/,
        );
        const received = page.locator('.review-dates dt', { hasText: 'Received' }).locator('xpath=following-sibling::dd/time');
        await expect(received.getAttribute('title')).resolves.toMatch(/ UTC$/);
        const history = page.locator('ol.history');
        await expect(history.textContent()).resolves.toContain('resolved the conflict on Lead: took the other source’s reading');
        await expect(history.textContent()).resolves.toMatch(/the state system accepted it, transaction/);
        await screenshotBoth(page, shots, 'W07-review-released-header-history');
      });

      it('amends through the form listing the current values, and reads the v1 → v2 difference table', async () => {
        await page.getByRole('link', { name: 'Amend released results' }).click();
        await page.waitForURL(/\/amend$/);
        await page.getByLabel('New value or qualifier for Lead').fill('0.25');
        await page.getByLabel('Analyte', { exact: true }).first().fill('Mercury');
        await page.getByLabel('Value or qualifier', { exact: true }).first().fill('ND');
        await page.getByLabel('Unit', { exact: true }).first().fill('ug/g');
        await page
          .getByLabel('Reason for the amendment (at least 10 characters; printed in the version history)')
          .fill('Lead re-integrated; mercury was tested and not reported.');
        await signForm(page, TEST_PASSWORD);
        await screenshotBoth(page, shots, 'W08-amend-form');
        await page.getByRole('button', { name: 'Draft the amendment' }).click();
        await expect(page.getByRole('status').first().textContent()).resolves.toContain('Amendment drafted as version 2');
        const diff = page.locator('table.diff-table');
        await expect(diff.locator('tr', { hasText: 'Lead' }).textContent()).resolves.toMatch(/0\.180 ug\/g[\s\S]*0\.25 ug\/g/);
        await expect(diff.locator('tr.diff-added', { hasText: 'Mercury' }).count()).resolves.toBe(1);
        await screenshotBoth(page, shots, 'W09-amendment-difference-table');
      });
    });

    async function signIn(context: BrowserContext, token: string): Promise<Page> {
      const page = await context.newPage();
      await page.goto(`${base}/login`);
      await page.getByLabel('API token').fill(token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname !== '/login');
      return page;
    }
  },
);

/** Follows a link of the main navigation. */
async function nav(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
  await page.waitForLoadState();
}
