import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SimulatorHost } from '../../../src/state-system/biotrack-ny/simulator-host';
import { limsLikeCertificate } from '../../generators/coa/make-pdfs';
import { nexionSummaryWorkbook } from '../../generators/instruments/layout-fixtures';
import { SHARED_SAMPLES } from '../../support/shared-samples';
import { completeForRelease } from '../../support/factories/result-set.factory';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app';
import {
  describeWithChromium,
  launchChromium,
  listenForBrowser,
  nav,
  screenshotBoth,
  screenshotFolder,
  signForm,
  signIn,
  VIEWPORTS,
} from './browser';

/** Inbound samples of the simulator's demo transfer 7001 (from OCM-CULT-24-000112). */
const BLUE_DREAM = '4815020000009001';
const SOUR_DIESEL = '4815020000009002';
const GROWER = 'OCM-CULT-24-000112';
const REAL_COA = path.join(SHARED_SAMPLES, 'coa', 'drs-testing-ny', 'COA-SW031725-PRE05-GG.pdf');

/** The browser's DataTransfer, used inside a page function (the project compiles without the DOM library). */
declare const DataTransfer: new () => { items: { add(file: File): void } };

jest.setTimeout(180_000);

describeWithChromium('the web pages in Chromium')(
  'the web pages in Chromium: upload, attach, review, release, report, download',
  () => {
    let t: TestApp;
    let base: string;
    let browser: Browser;
    let shots: string;
    const tokens = { technician: '', manager: '', licensee: '' };

    beforeAll(async () => {
      t = await startTestApp({ OUTBOX_ENABLED: 'true', OUTBOX_INTERVAL_MS: '300', SAMPLE_SYNC_INTERVAL_SECONDS: '0' });
      base = await listenForBrowser(t);
      tokens.technician = await t.userToken('tara.tech', 'technician');
      tokens.manager = await t.userToken('maria.manager', 'manager');
      tokens.licensee = await t.userToken('finger.lakes', 'licensee', GROWER);
      browser = await launchChromium();
      shots = screenshotFolder();
      console.log(`Screenshots of every page: ${shots}`);
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
        page = await context.newPage();
      });
      afterAll(async () => context.close());

      it('is sent to the sign-in page, signs in with a token and lands on the dashboard with the simulator banner', async () => {
        await page.goto(`${base}/dashboard`);
        expect(new URL(page.url()).pathname).toBe('/login');
        await screenshotBoth(page, shots, '01-login');
        await page.getByLabel('API token').fill(tokens.technician);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL(`${base}/dashboard`);
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Dashboard');
        await expect(page.getByRole('note', { name: 'State system' }).textContent()).resolves.toContain(
          'nothing leaves this machine',
        );
        const cookie = (await context.cookies()).find((c) => c.name === 'lims_session');
        expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false });
      });

      it('pulls the inbound samples the state system holds for the lab', async () => {
        await page.getByRole('button', { name: 'Pull inbound samples from the state system' }).click();
        await expect(page.getByRole('status').first().textContent()).resolves.toContain(BLUE_DREAM);
        await screenshotBoth(page, shots, '02-dashboard-technician');
      });

      it('uploads a certificate with the file picker and an instrument export by drag and drop, each with its own progress', async () => {
        await nav(page, 'Upload');
        await page.waitForURL(`${base}/upload`);
        await screenshotBoth(page, shots, '03-upload');

        const certificate = await certificateFile();
        await page
          .getByLabel(/Drop files here/)
          .setInputFiles({ name: certificate.name, mimeType: 'application/pdf', buffer: certificate.bytes });
        await page.getByRole('button', { name: 'Upload', exact: true }).click();
        await expect(uploadRow(page, certificate.name, 'done')).resolves.toContain('0 result set(s), 1 unmatched');

        const instrument = nexionSummaryWorkbook();
        await dropFiles(page, [
          {
            name: instrument.name,
            type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            bytes: instrument.bytes,
          },
        ]);
        await page.getByRole('button', { name: 'Upload', exact: true }).click();
        await expect(uploadRow(page, instrument.name, 'done')).resolves.toMatch(/0 result set\(s\), [1-9] unmatched/);
        expect(
          await page
            .locator('#upload-list progress')
            .evaluateAll((bars) => bars.map((b) => (b as unknown as { value: number }).value)),
        ).toEqual([100, 100]);
        await screenshotBoth(page, shots, '04-upload-progress');
      });

      it('attaches the certificate’s unmatched sample and the instrument’s to samples from the state system', async () => {
        const certificate = await certificateFile();
        await page
          .locator('#upload-list li', { hasText: certificate.name })
          .getByRole('link', { name: 'Open the import summary' })
          .click();
        await page.waitForURL(/\/imports\//);
        await screenshotBoth(page, shots, '05-import-unmatched');
        await attachFirstUnmatched(page, BLUE_DREAM);
        await expect(page.getByRole('status').first().textContent()).resolves.toContain(`→ ${BLUE_DREAM}`);
        await screenshotBoth(page, shots, '06-import-attached');

        await page.goBack();
        await page.goBack();
        await page.goto(`${base}/upload`);
        await page.getByRole('link', { name: nexionSummaryWorkbook().name }).first().click();
        await attachFirstUnmatched(page, SOUR_DIESEL);
        await expect(page.getByRole('status').first().textContent()).resolves.toContain(`→ ${SOUR_DIESEL}`);
      });

      it('reviews the result set grouped by panel, opens a value’s provenance, and submits it', async () => {
        await page.goto(`${base}/review?status=draft`);
        await screenshotBoth(page, shots, '07-review-list');
        await page.getByRole('link', { name: BLUE_DREAM }).click();
        await page.waitForURL(/\/review\/[0-9a-f-]{36}$/);
        expect(await page.locator('table.results caption').count()).toBeGreaterThan(2);
        await screenshotBoth(page, shots, '08-review-draft');
        await page.screenshot({ path: path.join(shots, '08-review-draft.top.laptop.png') });

        const value = page.locator('table.results .value-button').first();
        await value.click();
        const provenance = page.locator('.provenance:popover-open');
        await expect(provenance.textContent()).resolves.toMatch(/page \d+, line \d+/);
        await expect(provenance.textContent()).resolves.toContain((await certificateFile()).name);
        await page.screenshot({ path: path.join(shots, '09-review-provenance.laptop.png') });
        await page.keyboard.press('Escape');

        // The certificate reports no foreign matter inspection: the checklist says so and submit waits for it.
        const checklist = page.getByRole('list', { name: 'Before release' }).getByRole('listitem');
        await expect(checklist.allTextContents()).resolves.toEqual([
          expect.stringContaining('New York requires the foreign_matter panel for this product type'),
        ]);
        await expect(page.getByRole('button', { name: 'Submit for review' }).isDisabled()).resolves.toBe(true);
        // The lab's own inspection is added behind the page (the test factory writes it through the draft service,
        // not an upload); the checklist then empties and the set can be submitted.
        const setId = new URL(page.url()).pathname.split('/').pop()!;
        await expect(completeForRelease(t, setId)).resolves.toEqual(['foreign_matter']);
        await page.reload();
        await expect(checklist.count()).resolves.toBe(0);
        await page.getByRole('button', { name: 'Submit for review' }).click();
        await expect(page.getByRole('status').first().textContent()).resolves.toContain('Submitted for review');
      });

      it('enters results for product from a non-integrated source, pre-filled from its certificate, and confirms values one by one', async () => {
        await nav(page, 'Manual entry');
        await screenshotBoth(page, shots, '10-manual-entry');
        await page.getByLabel('New UID (16 digits)').fill('4815020000099001');
        await page.getByLabel("Receiving licensee's license").fill('OCM-RETL-24-000415');
        await page.getByLabel('Product type').selectOption('flower');
        await page.getByLabel("Supplier's license").fill('OCM-CULT-24-000999');
        await page.getByLabel('Testing lab', { exact: true }).fill('Example Analytical Lab');
        await page.getByLabel("Testing lab's license").fill('OCM-CPL-2099-00001');
        await page.getByLabel('Certificate date').fill('2026-01-09');
        await page
          .getByLabel(/Paper certificate/)
          .setInputFiles({ name: 'paper-coa.pdf', mimeType: 'application/pdf', buffer: await limsLikeCertificate() });
        await page.getByRole('button', { name: 'Enter results' }).click();
        await page.waitForURL(/\/review\//);
        await expect(page.getByRole('status').first().textContent()).resolves.toMatch(
          /\d+ value\(s\) read from the certificate wait for your confirmation/,
        );
        await screenshotBoth(page, shots, '11-manual-entry-confirm');
        const waiting = await page.locator('form[action$="/confirm"] input[name$="[confirm]"]').count();
        await page.locator('form[action$="/confirm"] input[name$="[confirm]"]').first().check();
        await page.getByRole('button', { name: 'Confirm ticked values' }).click();
        await expect(page.getByRole('status').first().textContent()).resolves.toContain(
          `Confirmed 1 value(s); ${waiting - 1} still to confirm`,
        );
      });
    });

    describe('a second person, a manager', () => {
      let context: BrowserContext;
      let page: Page;
      beforeAll(async () => {
        context = await browser.newContext({ viewport: VIEWPORTS.laptop });
        page = await signIn(context, base, tokens.manager);
      });
      afterAll(async () => context.close());

      it('approves the submitted set, and the state-system simulator accepts the report', async () => {
        await screenshotBoth(page, shots, '12-dashboard-manager');
        await page
          .getByRole('region', { name: 'Waiting for review' })
          .getByRole('link', { name: new RegExp(BLUE_DREAM) })
          .click();
        await screenshotBoth(page, shots, '13-review-in-review');
        await page.screenshot({ path: path.join(shots, '13-review-in-review.top.laptop.png') });
        const approve = page.getByRole('form', { name: 'Approve and release', exact: true });
        await signForm(approve, TEST_PASSWORD);
        await approve.getByRole('button', { name: 'Approve and release' }).click();
        await expect(page.getByRole('status').first().textContent()).resolves.toContain('Approved and released');

        await nav(page, 'Submissions');
        await page.goto(`${base}/submissions?status=all`);
        await expect(waitForText(page, page.locator('tr', { hasText: BLUE_DREAM }), 'Accepted')).resolves.toBe(true);
        await screenshotBoth(page, shots, '14-submissions');
        const held = t.app.get(SimulatorHost).simulator?.state.labSample(BLUE_DREAM);
        expect(held?.TestingData.length).toBeGreaterThan(0);
        await page.goto(`${base}/dashboard`);
        await screenshotBoth(page, shots, '15-dashboard-after-release');
      });
    });

    describe('the licensee that sent the sample', () => {
      let context: BrowserContext;
      let page: Page;
      beforeAll(async () => {
        context = await browser.newContext({ viewport: VIEWPORTS.laptop, acceptDownloads: true });
        page = await signIn(context, base, tokens.licensee);
      });
      afterAll(async () => context.close());

      it('sees only the licensee pages', async () => {
        expect(new URL(page.url()).pathname).toBe('/licensee');
        expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual([
          'Results lookup',
        ]);
        await screenshotBoth(page, shots, '16-licensee');
        const refused = await page.goto(`${base}/dashboard`);
        expect(refused?.status()).toBe(403);
        await screenshotBoth(page, shots, '17-not-allowed');
      });

      it('looks up the UID, sees the released results and downloads the PDF', async () => {
        await page.goto(`${base}/licensee`);
        await page.getByRole('textbox', { name: 'Search' }).fill(BLUE_DREAM);
        await page.getByRole('button', { name: 'Search' }).click();
        await page.getByRole('table', { name: 'Your samples' }).getByRole('link').first().click();
        await expect(page.getByRole('heading', { name: 'Download' }).isVisible()).resolves.toBe(true);
        await screenshotBoth(page, shots, '18-licensee-results');
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'PDF' }).click()]);
        // Named by product, batch and UID.
        expect(download.suggestedFilename()).toMatch(new RegExp(`_${BLUE_DREAM}\\.pdf$`));
        const file = await download.path();
        expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      });
    });
  },
);

/** The real certificate when ../shared/samples is there, else a generated one of the same family. */
async function certificateFile(): Promise<{ name: string; bytes: Buffer }> {
  if (fs.existsSync(REAL_COA)) return { name: path.basename(REAL_COA), bytes: fs.readFileSync(REAL_COA) };
  return { name: 'generated-coa.pdf', bytes: await limsLikeCertificate() };
}

/** Drops files on the drop zone the way a browser does: a drop event carrying a DataTransfer. */
async function dropFiles(page: Page, files: Array<{ name: string; type: string; bytes: Buffer }>): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    (list) => {
      const dt = new DataTransfer();
      for (const f of list)
        dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
      return dt;
    },
    files.map((f) => ({ name: f.name, type: f.type, b64: f.bytes.toString('base64') })),
  );
  await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer });
}

/** The progress row of one file once it reached `state`; its status text. */
async function uploadRow(page: Page, name: string, state: 'done' | 'error'): Promise<string> {
  const row = page.locator(`#upload-list li[data-state="${state}"]`, { hasText: name });
  await row.waitFor({ timeout: 60_000 });
  return (await row.locator('.file-status').textContent()) ?? '';
}

async function attachFirstUnmatched(page: Page, uid: string): Promise<void> {
  await page.getByLabel('Attach to sample').first().fill(uid);
  await page.getByRole('button', { name: 'Attach the chosen samples' }).click();
  await page.waitForLoadState();
}

/** Reloads until the locator shows the text (the outbox sends in the background). */
async function waitForText(page: Page, locator: ReturnType<Page['locator']>, text: string, timeoutMs = 30_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if ((await locator.count()) > 0 && ((await locator.first().textContent()) ?? '').includes(text)) return true;
    await page.waitForTimeout(500);
    await page.reload();
  }
  return false;
}
