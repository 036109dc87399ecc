import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../support/test-app';
import { describeWithChromium, launchChromium, VIEWPORTS } from './browser';

jest.setTimeout(120_000);

const METALS = {
  key: 'icpms-metals',
  name: 'Heavy metals by ICP-MS',
  instrument: 'PerkinElmer NexION',
  templates: ['perkinelmer-syngistix-summary-report'],
  limitsUnit: 'ug/g',
  calculationDefaults: {},
  analytes: [
    { analyte: 'lead', lod: '0.005', loq: '0.02' },
    { analyte: 'mercury', loq: '0.02', uloq: '10' },
  ],
};

describeWithChromium('the methods page in Chromium')('the methods page in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(token: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: VIEWPORTS.laptop, acceptDownloads: true })).newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/dashboard`);
    return page;
  }

  it('lets a manager add a method as JSON, shows its limits by display name, changes it to version 2 and exports it', async () => {
    const page = await signIn(await t.userToken('mona.manager', 'manager'));
    await page.getByRole('link', { name: 'Methods', exact: true }).click();
    await page.waitForURL(`${base}/methods`);

    await page.getByLabel('Method definition (JSON, as exported)').fill('{"key": "broken"');
    await page.getByRole('button', { name: 'Save method' }).click();
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('definition: not JSON');

    await page.getByLabel('Method definition (JSON, as exported)').fill(JSON.stringify(METALS));
    await page.getByRole('button', { name: 'Save method' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Saved method icpms-metals as version 1');
    const limits = page.getByRole('table', { name: 'Limits in ug/g' });
    await expect(limits.locator('tbody tr').allInnerTexts()).resolves.toEqual([
      expect.stringMatching(/^Lead lead\s+0\.005\s+0\.02\s+—$/),
      expect.stringMatching(/^Mercury mercury\s+—\s+0\.02\s+10$/),
    ]);

    await page.getByText('Edit as JSON').click();
    const editor = page.getByLabel('Definition of icpms-metals');
    await editor.fill(
      JSON.stringify({ ...METALS, analytes: [{ analyte: 'lead', lod: '0.005', loq: '0.025' }, METALS.analytes[1]] }),
    );
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Saved method icpms-metals as version 2');
    await expect(page.getByRole('heading', { name: /icpms-metals · version 2/ }).count()).resolves.toBe(1);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export as JSON' }).click(),
    ]);
    const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    expect(download.suggestedFilename()).toBe('icpms-metals-v2.json');
    expect(exported.analytes[0]).toEqual({ analyte: 'lead', lod: '0.005', loq: '0.025' });
  });

  it('shows a technician the methods without a way to change them', async () => {
    const page = await signIn(await t.userToken('tara.tech', 'technician'));
    await page.goto(`${base}/methods`);

    await expect(page.getByRole('heading', { name: /Heavy metals by ICP-MS/ }).count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: /Save/ }).count()).resolves.toBe(0);
  });
});
