import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { unseenFormatExport } from '../../generators/instruments/unseen-format-fixtures';
import { registerSamples } from '../../support/lab-setup';
import { startTestApp, type TestApp } from '../../support/test-app';
import { describeWithChromium, launchChromium, screenshotBoth, screenshotFolder, VIEWPORTS } from './browser';

jest.setTimeout(180_000);

describeWithChromium('the teach page in Chromium')('the teach page in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let shots: string;
  const file = unseenFormatExport([
    { id: 'POT-0101', results: { 'delta9-THC': '1,52', CBD: '0,61' } },
    { id: 'POT-0102', results: { 'delta9-THC': '0,98', CBD: 'n.a.' } },
  ]);

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
    shots = screenshotFolder();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(token: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: VIEWPORTS.laptop })).newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/dashboard`);
    return page;
  }

  const uploadRow = (page: Page, state: string) =>
    page.locator(`#upload-list li[data-state="${state}"]`).filter({ hasText: file.name }).first().innerText();

  it('offers the teach page for a file no template reads, proposes roles over the file, follows a changed role, saves, and the next upload is read', async () => {
    const manager = await t.userToken('mona.manager', 'manager');
    await registerSamples(t.http, manager, [{ labSampleId: 'POT-0101' }, { labSampleId: 'POT-0102' }]);
    const page = await signIn(manager);

    await page.goto(`${base}/upload`);
    await page.getByLabel(/Drop files here/).setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: file.bytes });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(uploadRow(page, 'error')).resolves.toContain('no instrument template fits');
    await page.getByRole('link', { name: 'Teach the service this format' }).click();
    await page.waitForURL(`${base}/instrument-templates/new`);

    await page
      .getByLabel('Example export (CSV, TXT, XLS, XLSX)')
      .setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: file.bytes });
    await page.getByText('Proposal ready.').waitFor();
    await expect(page.locator('#teach-summary').innerText()).resolves.toContain('Layout: long, header on row 5');
    const role = (column: string) => page.locator(`select[data-column="${column}"]`);
    await expect(role('A').inputValue()).resolves.toBe('sample_id');
    await expect(role('C').inputValue()).resolves.toBe('analyte');
    await expect(role('D').inputValue()).resolves.toBe('value');
    await expect(role('F').inputValue()).resolves.toBe('loq');
    await expect(page.locator('#teach-grid tr.header-row').innerText()).resolves.toContain('Injection Name');
    await expect(page.locator('#teach-preview-summary').innerText()).resolves.toContain(
      '4 result(s) of 2 sample(s); 4 QC row(s) skipped',
    );
    await expect(page.locator('#teach-preview tbody tr').first().innerText()).resolves.toMatch(
      /POT-0101\s+delta9-THC\s+1\.52\s+mg\/g\s+D8/,
    );
    await screenshotBoth(page, shots, 'teach-01-proposal');

    // A person takes the sample column away: the template waits for one, and saving is off until it is back.
    await role('A').selectOption('ignore');
    await page.locator('#teach-missing:not([hidden])').waitFor();
    await expect(page.locator('#teach-missing').innerText()).resolves.toContain('a sample column');
    await expect(page.getByRole('button', { name: 'Save template' }).isDisabled()).resolves.toBe(true);
    await role('A').selectOption('sample_id');
    await page.locator('#teach-missing[hidden]').waitFor({ state: 'attached' });
    await page.getByLabel('Template id').fill('lab-potency-summary');
    await page.getByLabel('Title').fill('Potency summary (Chromeleon)');
    await page.getByLabel('Title').blur();
    // Polled from outside the page: the page's CSP (script-src 'self') refuses a predicate evaluated in it.
    await untilTrue(async () => (await page.locator('#teach-template').inputValue()).includes('Potency summary (Chromeleon)'));
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.waitForURL(`${base}/instrument-templates`);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      'Saved template lab-potency-summary (version 1)',
    );
    await expect(page.getByRole('table', { name: "The lab's instrument templates" }).innerText()).resolves.toContain(
      'Potency summary (Chromeleon)',
    );
    await screenshotBoth(page, shots, 'teach-02-saved');

    await page.goto(`${base}/upload`);
    await page.getByLabel(/Drop files here/).setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: file.bytes });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(uploadRow(page, 'done')).resolves.toContain('Imported: 2 result set(s), 0 unmatched');
  });

  it('lets a technician try a proposal but not save it', async () => {
    const page = await signIn(await t.userToken('tara.tech', 'technician'));
    await page.goto(`${base}/instrument-templates/new`);
    await page
      .getByLabel('Example export (CSV, TXT, XLS, XLSX)')
      .setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: file.bytes });
    await page.getByText('Proposal ready.').waitFor();
    await expect(page.getByRole('button', { name: 'Save template' }).count()).resolves.toBe(0);
    await expect(page.getByText('A manager saves the template.').count()).resolves.toBe(1);
  });
});

/** Waits until the check holds (10 s at most), asking every 50 ms. */
async function untilTrue(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
