import type { Browser, BrowserContext, Page } from 'playwright-core';
import { nexionSummaryWorkbook } from '../../generators/instruments/layout-fixtures';
import { startTestApp, type TestApp } from '../../support/test-app';
import {
  describeWithChromium,
  launchChromium,
  listenForBrowser,
  nav,
  screenshotBoth,
  screenshotFolder,
  signIn,
  VIEWPORTS,
} from './browser';

const CLIENT = 'OCM-PROC-24-000030';
/** Samples of the simulator's demo transfers 7001 and 7002. */
const ARRIVED = ['4815020000009001', '4815020000009002', '4815020000009003'];
/** The lab sample ids the NexION run names (its digestion log and quant summary). */
const RUN_IDS = ['2502RLI0135-0489', '2502RLI0135-0490'];

jest.setTimeout(180_000);

describeWithChromium('the lab pages in Chromium')('the lab pages in Chromium: clients, samples, intake, matching a run', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let shots: string;
  const tokens = { technician: '', manager: '' };

  beforeAll(async () => {
    t = await startTestApp({ SAMPLE_SYNC_INTERVAL_SECONDS: '0' });
    base = await listenForBrowser(t);
    tokens.technician = await t.userToken('tara.tech', 'technician');
    tokens.manager = await t.userToken('maria.manager', 'manager');
    browser = await launchChromium();
    shots = screenshotFolder();
    console.log(`Screenshots of the lab pages: ${shots}`);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  describe('a technician', () => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      context = await browser.newContext({ viewport: VIEWPORTS.laptop });
      page = await signIn(context, base, tokens.technician);
    });
    afterAll(async () => context.close());

    it('registers a client with its address on the clients page', async () => {
      await nav(page, 'Clients');
      await page.getByLabel('License number').fill(CLIENT);
      await page.getByLabel('Name', { exact: true }).fill('SJR Horticulture');
      await page.getByLabel('Address', { exact: true }).fill('12 Main St\nHudson, NY 12534');
      await page.getByRole('button', { name: 'Register the client' }).click();
      await expect(page.getByRole('status').first().textContent()).resolves.toContain('Registered client SJR Horticulture');
      await expect(page.locator('td.address').first().textContent()).resolves.toBe('12 Main St\nHudson, NY 12534');
      await screenshotBoth(page, shots, 'L01-clients');
    });

    it('registers a sample with the client picker and prep data, then finds it by product name', async () => {
      await nav(page, 'Samples');
      await screenshotBoth(page, shots, 'L02-samples-empty');
      await page.getByRole('link', { name: 'Register a sample' }).click();
      await page.getByLabel('Lab sample ID', { exact: true }).fill('2512-0001');
      await page.getByLabel('Client', { exact: true }).selectOption(CLIENT);
      await page.getByLabel('Product type').selectOption('edible');
      await page.getByLabel('Product name').fill('Blue Dream Gummies');
      await page.getByLabel('Batch').fill('B-77');
      await page.getByLabel('Prep: sample mass (g)').fill('0.5012');
      await page.getByLabel('Prep: extraction volume (mL)').fill('20');
      await page.getByLabel('Collected on').fill('2026-11-30');
      await screenshotBoth(page, shots, 'L03-sample-new');
      await page.getByRole('button', { name: 'Register the sample' }).click();
      await page.waitForURL(/\/samples\/[0-9a-f-]{36}$/);
      await expect(page.getByRole('status').first().textContent()).resolves.toBe('Registered sample 2512-0001.');
      await screenshotBoth(page, shots, 'L04-sample-edit');

      await page.getByLabel('Prep: dilution factor').fill('10');
      await page.getByRole('button', { name: 'Save the sample' }).click();
      await expect(page.getByRole('status').first().textContent()).resolves.toBe('Saved sample 2512-0001.');
      await expect(page.getByLabel('Prep: dilution factor').inputValue()).resolves.toBe('10');

      await nav(page, 'Samples');
      await page.getByLabel('Search', { exact: true }).fill('gummies');
      await page.getByRole('button', { name: 'Search' }).click();
      const rows = page.locator('table.samples-table tbody tr');
      await expect(rows.count()).resolves.toBe(1);
      await expect(rows.first().textContent()).resolves.toMatch(/2512-0001[\s\S]*SJR Horticulture[\s\S]*Waiting for results/);
      await screenshotBoth(page, shots, 'L05-samples-search');
    });
  });

  describe('a technician at intake', () => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      context = await browser.newContext({ viewport: VIEWPORTS.laptop });
      page = await signIn(context, base, tokens.technician);
    });
    afterAll(async () => context.close());

    it('pulls what arrived, gives three samples their lab IDs in one pass, and a run naming them matches with no click per sample', async () => {
      await nav(page, 'Intake');
      await screenshotBoth(page, shots, 'L07-intake-empty');
      await page.getByRole('button', { name: 'Pull inbound samples from the state system' }).click();
      await expect(page.getByRole('status').first().textContent()).resolves.toContain('registered 7 sample(s)');
      await expect(page.locator('caption', { hasText: 'manifest MNF-2025-007001' }).count()).resolves.toBe(1);
      await screenshotBoth(page, shots, 'L08-intake-arrived');
      const ids = [...RUN_IDS, '2502RLI0135-0491'];
      for (const [i, uid] of ARRIVED.entries()) await page.getByLabel(`Lab sample ID for ${uid}`).fill(ids[i]);
      await page.getByRole('button', { name: 'Save lab sample IDs' }).click();
      await expect(page.getByRole('status').first().textContent()).resolves.toBe(
        `Gave 3 sample(s) their lab sample IDs: ${ids.join(', ')}. 4 arrived sample(s) still have none.`,
      );
      await screenshotBoth(page, shots, 'L09-intake-given');

      // The run's digestion log gives the preparation data of two of them; the third's is entered on its page.
      await nav(page, 'Samples');
      await page.getByLabel('Search', { exact: true }).fill('0491');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('link', { name: '2502RLI0135-0491' }).click();
      await page.getByLabel('Prep: sample mass (g)').fill('0.5003');
      await page.getByLabel('Prep: extraction volume (mL)').fill('50');
      await page.getByLabel('Prep: dilution factor').fill('100');
      await page.getByRole('button', { name: 'Save the sample' }).click();
      await expect(page.getByRole('status').first().textContent()).resolves.toBe('Saved sample 2502RLI0135-0491.');

      await nav(page, 'Upload');
      const run = nexionSummaryWorkbook();
      await page.getByLabel(/Drop files here/).setInputFiles({
        name: run.name,
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: run.bytes,
      });
      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      const row = page.locator('#upload-list li[data-state="done"]', { hasText: run.name });
      await row.waitFor({ timeout: 60_000 });
      await expect(row.locator('.file-status').textContent()).resolves.toContain('3 result set(s), 0 unmatched');
    });

    it('attaches a run with names the lab does not use in one form, remembering one name for the next run', async () => {
      await nav(page, 'Upload');
      const csv = Buffer.from('Sample,Analyte,Result,Units,LOQ\n0101,Lead,0.153,ug/g,0.05\n0102,Lead,0.21,ug/g,0.05\n');
      await page.getByLabel('Template', { exact: true }).selectOption('generic-long');
      await page.getByText('Preparation data and column mapping').click();
      await page
        .getByLabel(/Column mapping/)
        .fill(JSON.stringify({ sampleId: 'Sample', analyte: 'Analyte', value: 'Result', unit: 'Units', loq: 'LOQ' }));
      await page.getByLabel(/Drop files here/).setInputFiles({ name: 'short-names.csv', mimeType: 'text/csv', buffer: csv });
      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      const row = page.locator('#upload-list li[data-state="done"]', { hasText: 'short-names.csv' });
      await row.waitFor({ timeout: 60_000 });
      await expect(row.locator('.file-status').textContent()).resolves.toContain('0 result set(s), 2 unmatched');
      await row.getByRole('link', { name: 'Open the import summary' }).click();
      await page.waitForURL(/\/imports\//);
      const pickers = page.getByLabel('Attach to sample');
      await pickers.nth(0).fill('2502RLI0135-0489');
      await pickers.nth(1).fill('2502RLI0135-0490');
      await page.getByLabel('Remember “0101” as a name of this sample').check();
      await screenshotBoth(page, shots, 'L10-import-attach-all');
      await page.getByRole('button', { name: 'Attach the chosen samples' }).click();
      await expect(page.getByRole('status').first().textContent()).resolves.toBe(
        'Attached 2: 0101 → 2502RLI0135-0489, 0102 → 2502RLI0135-0490.',
      );
      await screenshotBoth(page, shots, 'L11-import-attached');
    });

    it('lands on the drafts of the review list, and searches and filters it', async () => {
      await nav(page, 'Review');
      await expect(
        page.getByRole('navigation', { name: 'Filter by status' }).locator('[aria-current="page"]').textContent(),
      ).resolves.toMatch(/^Drafts \(\d+\)$/);
      const rows = page.locator('table.review-table tbody tr');
      await expect(rows.count()).resolves.toBe(3);
      await page.getByLabel('Search', { exact: true }).fill('0490');
      await page.getByLabel('Order').selectOption('oldest');
      await page.getByRole('button', { name: 'Search' }).click();
      await expect(rows.count()).resolves.toBe(1);
      await expect(rows.first().textContent()).resolves.toContain('2502RLI0135-0490');
      await screenshotBoth(page, shots, 'L12-review-list-search');
      await page.getByLabel('Search', { exact: true }).fill('');
      await page.getByLabel('Product type').selectOption('edible');
      await page.getByRole('button', { name: 'Search' }).click();
      await expect(rows.first().textContent()).resolves.toContain('Nothing here.');
    });
  });

  describe('a manager', () => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      context = await browser.newContext({ viewport: VIEWPORTS.laptop });
      page = await signIn(context, base, tokens.manager);
    });
    afterAll(async () => context.close());

    it("edits a client's name and address", async () => {
      await nav(page, 'Clients');
      const edit = page.locator('details', { hasText: 'Edit SJR Horticulture' });
      await edit.getByText('Edit SJR Horticulture').click();
      await edit.getByLabel('Name', { exact: true }).fill('SJR Horticulture LLC');
      await edit.getByLabel('Address', { exact: true }).fill('14 Main St\nHudson, NY 12534');
      await screenshotBoth(page, shots, 'L06-clients-edit');
      await page.getByRole('button', { name: 'Save SJR Horticulture' }).click();
      await expect(page.getByRole('status').first().textContent()).resolves.toContain('Saved client SJR Horticulture LLC');
      await expect(
        page.locator('tr', { hasText: 'SJR Horticulture LLC' }).locator('td.address').first().textContent(),
      ).resolves.toBe('14 Main St\nHudson, NY 12534');
    });

    it('meets a plain page at an address that does not exist', async () => {
      const res = await page.goto(`${base}/no-such-page`);
      expect(res?.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Not found');
      await screenshotBoth(page, shots, 'L13-not-found');
    });

    it('prints the samples list without navigation or forms', async () => {
      await page.goto(`${base}/samples`);
      await page.emulateMedia({ media: 'print' });
      await expect(page.locator('.site-nav').isVisible()).resolves.toBe(false);
      await expect(page.locator('form.filters').isVisible()).resolves.toBe(false);
      await expect(page.locator('table.samples-table').isVisible()).resolves.toBe(true);
      await screenshotBoth(page, shots, 'L14-samples-print');
      await page.emulateMedia({ media: 'screen' });
    });
  });
});
