import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../support/test-app';
import { releaseTwoVersions } from '../licensee/released-versions';
import { describeWithChromium, launchChromium, screenshotFolder } from './browser';

jest.setTimeout(180_000);

/** A common phone's CSS viewport. */
const PHONE = { width: 390, height: 844 };

describeWithChromium('the /verify page on a phone')('the /verify page a QR code opens, at phone width in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let shots: string;
  let v1: string;
  let v2: string;

  beforeAll(async () => {
    t = await startTestApp({ LAB_NAME: 'Hudson Analytical', LAB_LICENSE: 'OCM-CPL-2022-00042' });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    ({ v1, v2 } = await releaseTwoVersions(t));
    browser = await launchChromium();
    context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    page = await context.newPage();
    shots = screenshotFolder();
    console.log(`Screenshots of the /verify page: ${shots}`);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  async function fitsThePhone(): Promise<void> {
    const widths = await page.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]');
    expect(widths).toEqual([PHONE.width, PHONE.width]);
  }

  it('shows the current certificate as verified, with product, lab, summary and its PDF', async () => {
    await page.goto(`${base}/verify/${v2}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Certificate verified');
    const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Hudson Analytical (permit OCM-CPL-2022-00042)');
    expect(text).toContain('Product Blue Dream 3.5g');
    expect(text).toContain('Batch BD-0325');
    expect(text).toContain('Version 2 (current)');
    expect(text).toMatch(/Released \d{1,2} \w{3} \d{4}, \d{2}:\d{2} E[SD]T/);
    expect(text).toContain('Total THC 20.41 %');
    const signatures = (await page.getByTestId('signatures').innerText()).replace(/\s+/g, ' ');
    expect(signatures).toMatch(
      /^Signatures Approved by Max Manager, Laboratory Director — Reviewed and approved for release — \d{1,2} \w{3} \d{4}, \d{2}:\d{2} E[SD]T Content fingerprint \(sha256\) [0-9a-f]{16}…$/,
    );
    // The test service's PUBLIC_URL is localhost: the page says the QR code works for nobody else.
    await expect(page.getByRole('alert').textContent()).resolves.toContain('will not work for anyone else');
    const link = page.getByRole('link', { name: 'Open the certificate (PDF)' });
    const href = await link.getAttribute('href');
    expect(href).toMatch(new RegExp(`/api/certificates/${v2}\\.pdf$`));
    const pdf = await page.request.get(`${base}${new URL(href!).pathname}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await fitsThePhone();
    await page.screenshot({ path: path.join(shots, 'verify-current.phone.png'), fullPage: true });
  });

  it('says plainly that a superseded version was replaced, and links the current one', async () => {
    await page.goto(`${base}/verify/${v1}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('This certificate was replaced');
    const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('has been superseded by version 2: it is no longer valid. Use version 2.');
    expect(text).toContain('Version 1 (superseded)');
    const signatures = (await page.getByTestId('signatures').innerText()).replace(/\s+/g, ' ');
    expect(signatures).toContain('Signed when version 1 was released; it has since been superseded.');
    expect(signatures).toContain('Approved by Mia Manager — Reviewed and approved for release — ');
    const link = page.getByRole('link', { name: 'Open the current certificate, version 2 (PDF)' });
    expect(await link.getAttribute('href')).toMatch(new RegExp(`/api/certificates/${v2}\\.pdf$`));
    await fitsThePhone();
    await page.screenshot({ path: path.join(shots, 'verify-superseded.phone.png'), fullPage: true });
  });
});
