import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import * as XLSX from 'xlsx';
import { SimulatorHost } from '../../../src/state-system/biotrack-ny/simulator-host';
import { startTestApp, type TestApp } from '../../support/test-app';
import { releasePortalSamples } from '../licensee/portal-samples';
import { describeWithChromium, launchChromium, screenshotBoth, screenshotFolder, VIEWPORTS } from './browser';

jest.setTimeout(240_000);

const RETAILER = 'OCM-RETL-24-000415';
const BLUE_DREAM = '4815020000009001';
const BLUE_DREAM_LOT = '4815020000003101';

describeWithChromium('the licensee portal')('the licensee portal in Chromium: list, search, summary, downloads', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let shots: string;
  let grower: string;
  let retailer: string;

  beforeAll(async () => {
    t = await startTestApp({
      LAB_NAME: 'Hudson Analytical',
      LAB_LICENSE: 'OCM-CPL-2022-00042',
      LICENSEE_HOLDER_CACHE_SECONDS: '0',
    });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    ({ grower } = await releasePortalSamples(t));
    retailer = await t.userToken('corner.shop', 'licensee', RETAILER);
    browser = await launchChromium();
    shots = screenshotFolder();
    console.log(`Screenshots of the licensee portal: ${shots}`);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(context: BrowserContext, token: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname !== '/login');
    return page;
  }

  /** The list's rows, each as the text of its cells. */
  async function rows(page: Page): Promise<string[][]> {
    type Row = { querySelectorAll(selector: string): ArrayLike<{ innerText: string }> };
    return page
      .getByRole('table', { name: 'Your samples' })
      .locator('tbody tr')
      .evaluateAll((trs: Row[]) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.innerText.replace(/\s+/g, ' ').trim())),
      );
  }

  async function search(page: Page, text: string): Promise<void> {
    await page.getByRole('textbox', { name: 'Search' }).fill(text);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForLoadState();
  }

  describe('the grower that sent the samples', () => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      context = await browser.newContext({ viewport: VIEWPORTS.laptop, acceptDownloads: true });
      page = await signIn(context, grower);
    });
    afterAll(async () => context.close());

    it('lands on its list: every sample, newest first, released with its summary or in testing', async () => {
      expect(new URL(page.url()).pathname).toBe('/licensee');
      const table = await rows(page);
      expect(table.map((r) => r[0])).toEqual([
        'Gelato Pre-roll Flower · L-103',
        'Sour Diesel 7g Flower · L-102',
        'Blue Dream 3.5g Flower · L-101',
      ]);
      expect(table[0].slice(-2)).toEqual(['—', 'In testing']);
      expect(table[1][5]).toContain('Failed: Metals');
      expect(table[1].slice(-2)).toEqual(['Fail', 'Released (version 1)']);
      expect(table[2]).toEqual(expect.arrayContaining(['BD-0325', BLUE_DREAM, 'Hudson Analytical', 'Released (version 1)']));
      expect(table[2][4]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} E[SD]T$/);
      expect(table[2][5]).toContain('Total THC 21.55 %');
      expect(await page.locator('nav[aria-label="Pages"]').innerText()).toContain('1–3 of 3');
      await screenshotBoth(page, shots, '01-licensee-list');
    });

    it('searches by name and filters by status, then clears', async () => {
      await search(page, 'sour');
      expect((await rows(page)).map((r) => r[0])).toEqual(['Sour Diesel 7g Flower · L-102']);
      await page.getByRole('textbox', { name: 'Search' }).fill('');
      await page.getByLabel('Status').selectOption('in_testing');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForLoadState();
      expect((await rows(page)).map((r) => r[0])).toEqual(['Gelato Pre-roll Flower · L-103']);
      await screenshotBoth(page, shots, '02-licensee-filtered');
      await page.getByRole('link', { name: 'Clear' }).click();
      expect(await rows(page)).toHaveLength(3);
    });

    it('finds a sample by its lot UID pasted in groups and opens its summary', async () => {
      await search(page, '4815 0200 0000 3101');
      const table = await rows(page);
      expect(table.map((r) => r[0])).toEqual(['Blue Dream 3.5g Flower · L-101']);
      await page.getByRole('table', { name: 'Your samples' }).getByRole('link', { name: 'Blue Dream 3.5g' }).click();
      await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(`Results for UID ${BLUE_DREAM}`);
      await expect(page.getByRole('heading', { name: 'Download' }).isVisible()).resolves.toBe(true);
      const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
      expect(text).toMatch(/Verdict: \w+ · Approved \d{4}-\d{2}-\d{2} \d{2}:\d{2} E[SD]T/);
      expect(text).toContain('batch BD-0325');
      await screenshotBoth(page, shots, '03-licensee-summary');
    });

    it.each(['PDF', 'CSV', 'XLSX', 'JSON'])('downloads the %s, named by product, batch and UID', async (label) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: label, exact: true }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`Blue-Dream-3.5g_BD-0325_${BLUE_DREAM}.${label.toLowerCase()}`);
      const bytes = fs.readFileSync((await download.path())!);
      if (label === 'PDF') expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      if (label === 'CSV') expect(bytes.toString('utf8')).toMatch(/THCA.*24\.1/);
      if (label === 'JSON') expect(JSON.parse(bytes.toString('utf8'))).toMatchObject({ uid: BLUE_DREAM, source: 'lab' });
      if (label === 'XLSX') {
        const sheet = XLSX.read(bytes).Sheets[XLSX.read(bytes).SheetNames[0]];
        const cells = Object.values(sheet).filter((c): c is XLSX.CellObject => typeof c === 'object' && c !== null && 't' in c);
        expect(cells.some((c) => c.t === 'n' && c.v === 24.1)).toBe(true);
        expect(cells.some((c) => c.t === 's' && c.v === BLUE_DREAM)).toBe(true);
      }
    });
  });

  describe('a retailer that received the lot', () => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      t.app.get(SimulatorHost).simulator!.control.moveInventory(BLUE_DREAM_LOT, RETAILER);
      context = await browser.newContext({ viewport: VIEWPORTS.laptop });
      page = await signIn(context, retailer);
    });
    afterAll(async () => context.close());

    it('has no samples of its own, and finds the lot by the sample UID printed on the certificate', async () => {
      const empty = await rows(page);
      expect(empty).toEqual([['No samples yet: results appear here once the lab receives product under your license.']]);
      await search(page, '4815-0200-0000-9001');
      await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(`Results for UID ${BLUE_DREAM}`);
      expect((await page.locator('main').innerText()).replace(/\s+/g, ' ')).toContain('Blue Dream 3.5g');
      await screenshotBoth(page, shots, '04-retailer-found-by-sample-uid');
    });

    it('is told the same for a UID it does not hold as for one that does not exist', async () => {
      await page.goto(`${base}/licensee`);
      await search(page, '4815020000009002');
      const notHeld = await page.getByRole('alert').innerText();
      await search(page, '4815020000000000');
      const unknown = await page.getByRole('alert').innerText();
      expect(notHeld).toBe('No released results for UID 4815020000009002 that your license holds.');
      expect(unknown).toBe('No released results for UID 4815020000000000 that your license holds.');
    });
  });
});
