import request from 'supertest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_TOKEN, bearer, startTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app';
import { describeWithChromium, launchChromium, listenForBrowser, screenshotBoth, screenshotFolder, VIEWPORTS } from './browser';

jest.setTimeout(180_000);

describeWithChromium('password sign-in in Chromium')('password sign-in in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let shots: string;

  beforeAll(async () => {
    t = await startTestApp();
    base = await listenForBrowser(t);
    browser = await launchChromium();
    shots = screenshotFolder();
    await t.userToken('tara.tech', 'technician');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signInWithPassword(page: Page, password: string): Promise<void> {
    await page.getByLabel('Username').fill('tara.tech');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  it('signs in with a username and password; a form sent after the session ended keeps its values through signing in again', async () => {
    const page = await (await browser.newContext({ viewport: VIEWPORTS.laptop })).newPage();
    await page.goto(`${base}/clients`);
    await page.waitForURL(`${base}/login?next=%2Fclients`);
    await screenshotBoth(page, shots, 'sign-in');
    await signInWithPassword(page, TEST_PASSWORD);
    await page.waitForURL(`${base}/clients`);

    await page.getByLabel('License number').fill('OCM-PROC-24-000091');
    await page.getByLabel('Name', { exact: true }).fill('Hudson Valley Kept Farm');
    await page.getByLabel('Address').fill('12 River Road');
    // The session ends while the form is open (idle, an administrator, a restart of an old in-memory store…).
    await t.sql('delete from web_sessions');
    await page.getByRole('button', { name: 'Register the client' }).click();

    await page.getByText('You were signed out before this form was sent, so nothing was changed.').waitFor();
    await screenshotBoth(page, shots, 'sign-in-again');
    const before = await request(t.http).get('/api/clients').set(bearer(ADMIN_TOKEN)).expect(200);
    expect(JSON.stringify(before.body)).not.toContain('Hudson Valley Kept Farm');

    await signInWithPassword(page, 'not the password');
    await page.getByText('were not accepted').waitFor();
    await signInWithPassword(page, TEST_PASSWORD);
    await page.waitForURL(`${base}/login/resend`);
    await expect(page.locator('main').innerText()).resolves.toContain('Hudson Valley Kept Farm');
    await screenshotBoth(page, shots, 'send-again');
    await page.getByRole('button', { name: 'Send again' }).click();
    await page.waitForURL(`${base}/clients`);
    await page.getByText('Registered client Hudson Valley Kept Farm (OCM-PROC-24-000091).').waitFor();
  });
});
