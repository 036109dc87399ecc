import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../../support/test-app';
import { describeWithChromium, launchChromium, nav, screenshotBoth, screenshotFolder, signIn } from './browser';
import { freePort } from '../../support/free-port';

jest.setTimeout(180_000);

describeWithChromium('the users page in Chromium')('an admin adds a manager on the users page, in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let adminContext: BrowserContext;
  let managerContext: BrowserContext;
  let admin: Page;
  let shots: string;
  let link: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // The link is absolute, on PUBLIC_URL: here the server the browser talks to.
    t = await startTestApp({ PUBLIC_URL: base });
    await t.app.listen(port, '127.0.0.1');
    browser = await launchChromium();
    adminContext = await browser.newContext();
    managerContext = await browser.newContext();
    admin = await signIn(adminContext, base, ADMIN_TOKEN);
    shots = screenshotFolder();
    console.log(`Screenshots of the users page: ${shots}`);
  });
  afterAll(async () => {
    await adminContext?.close();
    await managerContext?.close();
    await browser?.close();
    await t?.close();
  });

  it('creates a manager without a password and shows the set-password link once, ready to copy', async () => {
    await nav(admin, 'Users');
    await admin.waitForURL(`${base}/users`);
    await admin.locator('#fullName').fill('Mona Manager');
    await admin.locator('#username').fill('mona.manager');
    await admin.locator('#title').fill('QA Manager');
    await admin.locator('#role').selectOption('manager');
    await admin.locator('#email').fill('mona@hudson-lab.example');
    await admin.getByRole('button', { name: 'Add the person' }).click();
    await admin.waitForLoadState();
    await expect(admin.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'Added Mona Manager (mona.manager), Manager',
    );
    const field = admin.getByTestId('set-password-link');
    link = await field.inputValue();
    expect(link).toMatch(new RegExp(`^${base}/set-password/lims_[\\w-]{43}$`));
    await expect(field.getAttribute('readonly')).resolves.not.toBeNull();
    await admin.locator('button[data-copy="set-password-link"]').click();
    // The copy button selects the link (and copies it where the browser lets a page use the clipboard).
    const selected = await field.evaluate((el: { value: string; selectionStart: number | null; selectionEnd: number | null }) =>
      el.value.slice(el.selectionStart ?? 0, el.selectionEnd ?? 0),
    );
    expect(selected).toBe(link);
    await screenshotBoth(admin, shots, 'users-link-shown-once');

    // Shown once: the users page lists the person, never the link.
    await admin.getByRole('link', { name: 'Back to users' }).click();
    await admin.waitForURL(`${base}/users`);
    expect(await admin.content()).not.toContain(link.split('/').pop());
    const row = admin.locator('tr[data-username="mona.manager"]');
    await expect(row.innerText()).resolves.toContain('QA Manager');
    await expect(row.getByTestId('password-state').innerText()).resolves.toBe('Not set');
    await expect(row.getByTestId('last-sign-in').innerText()).resolves.toBe('never');
    // The admin signed in on this page with the bootstrap token: lab time, UTC in the tooltip, and how.
    const adminSignIn = admin.locator('tr[data-username="admin"]').getByTestId('last-sign-in');
    await expect(adminSignIn.innerText()).resolves.toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} [A-Z]{3,4} · API token$/);
    await expect(adminSignIn.locator('time').getAttribute('title')).resolves.toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    await screenshotBoth(admin, shots, 'users-list');
  });

  it('lets the manager set a password on the link, then sends them to sign in; the link then stops working', async () => {
    const page = await managerContext.newPage();
    await page.goto(link);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Choose your password');
    await page.getByLabel('New password').fill('short');
    await page.getByLabel('The same password again').fill('short');
    // The browser's own minlength check would stop the form; the server's answer is what is tested here.
    await page.locator('form').evaluate((f) => f.setAttribute('novalidate', ''));
    await page.getByRole('button', { name: 'Set my password' }).click();
    await page.waitForLoadState();
    await expect(page.getByRole('alert').innerText()).resolves.toContain('use at least 12 characters');
    await expect(page.getByLabel('New password').inputValue()).resolves.toBe('');
    await screenshotBoth(page, shots, 'set-password-refused');

    await page.getByLabel('New password').fill('harbor violet kettle 93');
    await page.getByLabel('The same password again').fill('harbor violet kettle 93');
    await page.getByRole('button', { name: 'Set my password' }).click();
    await page.waitForURL(`${base}/login?passwordSet=1`);
    await expect(page.getByRole('status').first().innerText()).resolves.toContain('Your password is set. Sign in with it.');
    await screenshotBoth(page, shots, 'password-set-sign-in');

    await page.goto(link);
    await expect(page.getByTestId('dead-link').innerText()).resolves.toContain('already been used');

    await admin.reload();
    await expect(admin.locator('tr[data-username="mona.manager"]').getByTestId('password-state').innerText()).resolves.toBe(
      'Set',
    );
  });

  it('deactivates a user after a confirmation step', async () => {
    await admin.locator('tr[data-username="mona.manager"] + tr details summary').click();
    await admin.getByRole('link', { name: 'Deactivate…' }).click();
    await admin.waitForURL(/\/users\/.+\/deactivate$/);
    await expect(admin.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Deactivate Mona Manager (mona.manager)?');
    await screenshotBoth(admin, shots, 'users-deactivate-confirm');
    await admin.getByRole('button', { name: 'Deactivate mona.manager' }).click();
    await admin.waitForURL(`${base}/users`);
    await expect(admin.locator('tr[data-username="mona.manager"]').innerText()).resolves.toContain('No (deactivated)');
  });
});
