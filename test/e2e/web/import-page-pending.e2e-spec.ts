import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { shimadzuAsciiTxt } from '../../generators/instruments/layout-fixtures';
import { targetLynxSummaryTxt } from '../../generators/instruments/second-round-fixtures';
import { registerSamples, upload } from '../../support/lab-setup';
import { startTestApp, type TestApp } from '../../support/test-app';
import { describeWithChromium, launchChromium, VIEWPORTS } from './browser';

jest.setTimeout(120_000);

describeWithChromium('the import page in Chromium: unit, prep data and QC')(
  'the import page in Chromium: unit, prep data and QC',
  () => {
    let t: TestApp;
    let base: string;
    let browser: Browser;
    let page: Page;
    let tech: string;

    beforeAll(async () => {
      t = await startTestApp();
      await t.app.listen(0, '127.0.0.1');
      base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
      tech = await t.userToken('tara.tech', 'technician');
      await registerSamples(t.http, tech, [{ labSampleId: '2502RLI0135-0489' }, { labSampleId: '2502RLI0135-0490' }]);
      browser = await launchChromium();
      page = await (await browser.newContext({ viewport: VIEWPORTS.laptop })).newPage();
      await page.goto(`${base}/login`);
      await page.getByLabel('API token').fill(tech);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${base}/dashboard`);
    });
    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    it('asks once for the unit of a file that prints none, with the prep data, and shows the new import with its results', async () => {
      const first = await upload(t.http, tech, shimadzuAsciiTxt()).expect(201);
      expect(first.body.awaitingUnit).toBeGreaterThan(0);
      await page.goto(`${base}/imports/${first.body.id}`);

      const form = page.getByRole('region', { name: 'Rows waiting for the unit' });
      await expect(form.textContent()).resolves.toContain(
        `${first.body.awaitingUnit} row(s) wait for the unit the instrument reports in`,
      );
      await form.getByLabel('Unit the instrument reports in').selectOption('ug/mL');
      await form.getByLabel('Sample mass (g)').fill('0.5');
      await form.getByLabel('Extraction volume (mL)').fill('25');
      await form.getByRole('button', { name: 'Process the file again' }).click();

      await expect(page.getByRole('status').first().textContent()).resolves.toBe('Processed the file again: 2 result set(s).');
      expect(page.url()).not.toContain(first.body.id);
      await expect(page.getByRole('link', { name: 'the first import of this file' }).getAttribute('href')).resolves.toBe(
        `/imports/${first.body.id}`,
      );
      await expect(page.getByRole('link', { name: '2502RLI0135-0489' }).count()).resolves.toBe(1);
      await expect(page.getByRole('region', { name: 'Rows waiting for the unit' }).count()).resolves.toBe(0);
    });

    it("lists the run's QC rows by kind with their values and cells", async () => {
      const res = await upload(t.http, tech, targetLynxSummaryTxt(), { unit: 'ug/g' }).expect(201);
      await page.goto(`${base}/imports/${res.body.id}`);

      const qc = page.getByRole('region', { name: "The run's QC" });
      await expect(qc.locator('summary').allInnerTexts()).resolves.toEqual([
        'Calibration 2',
        'QC samples 2',
        'Reference materials 2',
        'Internal standards 5',
      ]);
      await qc.locator('summary', { hasText: 'Reference materials' }).click();
      await expect(qc.getByRole('table', { name: 'Reference materials' }).locator('tbody tr').allInnerTexts()).resolves.toEqual([
        expect.stringMatching(/^LTR_POOL\s+Delta-9 THC\s+801\.5\s+H\d+$/),
        expect.stringMatching(/^LTR_POOL\s+Myclobutanil\s+0\.020\s+H\d+$/),
      ]);
    });
  },
);
