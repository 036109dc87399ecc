import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { shimadzuAsciiTxt } from '../../generators/instruments/layout-fixtures';
import { winlabMetalsCsv } from '../../generators/instruments/loq-fixtures';
import { targetLynxSummaryTxt } from '../../generators/instruments/second-round-fixtures';
import request from 'supertest';
import { importedResults, registerSamples, upload } from '../../support/lab-setup';
import { bearer, startTestApp, type TestApp } from '../../support/test-app';
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

    it('takes prep data per sample for the rows waiting for it, keeps it on the sample, and computes their results', async () => {
      const run = winlabMetalsCsv('2502RLI0135-0489', [
        ['2502RLI0135-0489', 'Pb 208', '0.153', 'mg/kg'],
        ['2502RLI0135-0490', 'Pb 208', '0.0320', 'mg/L'],
      ]);
      const first = await upload(t.http, tech, run).expect(201);
      expect(first.body.unmatched.map((u: { reason: string }) => u.reason)).toEqual(['missing_prep']);
      await page.goto(`${base}/imports/${first.body.id}`);

      const form = page.getByRole('region', { name: 'Rows waiting for preparation data' });
      const perSample = form.getByRole('table', { name: /Or per sample/ });
      await expect(perSample.locator('tbody tr').allInnerTexts()).resolves.toEqual([
        expect.stringMatching(/^2502RLI0135-0490\s+1\b/),
      ]);
      await form.getByLabel('Mass (g) of 2502RLI0135-0490').fill('0.25');
      await form.getByLabel('Volume (mL) of 2502RLI0135-0490').fill('50');
      await form.getByRole('button', { name: 'Process the file again' }).click();

      await expect(page.getByRole('status').first().textContent()).resolves.toBe(
        'Processed the file again: 2 result set(s). Prep data kept on 2502RLI0135-0490.',
      );
      await expect(page.getByRole('region', { name: 'Rows waiting for preparation data' }).count()).resolves.toBe(0);
      const sample = await request(t.http).get('/api/samples?q=2502RLI0135-0490').set(bearer(tech)).expect(200);
      expect(sample.body.items?.[0]?.prep ?? sample.body[0]?.prep).toEqual({ mass: '0.25', volume: '50' });
      const again = await request(t.http)
        .get(`/api/imports/${new URL(page.url()).pathname.split('/').pop()}`)
        .set(bearer(tech))
        .expect(200);
      const sets = await importedResults(t.http, tech, again.body);
      const lead = sets.find((s) => s.labSampleId === '2502RLI0135-0490')?.results.find((r) => r.analyte === 'lead');
      // 0.0320 mg/L × 50 mL ÷ 0.25 g = 6.40 mg/kg
      expect([lead?.valueText, lead?.unit, (lead?.provenance as { computation?: string } | undefined)?.computation]).toEqual([
        '6.40',
        'ug/g',
        expect.stringContaining('= 6.40 mg/kg'),
      ]);
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
