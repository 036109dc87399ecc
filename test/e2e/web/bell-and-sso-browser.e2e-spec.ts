import request from 'supertest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Submission } from '../../../src/outbox/submission.entity';
import { METALS, MICRO, POTENCY, ResultSetFactory } from '../../support/factories/result-set.factory';
import { startTestIssuer, type TestIssuer } from '../../support/oidc-issuer';
import { ADMIN_TOKEN, bearer, startTestApp, type TestApp } from '../../support/test-app';
import { reviewAs } from '../workflow/review-requests';
import { describeWithChromium, launchChromium, screenshotBoth, screenshotFolder } from './browser';
import { freePort } from '../../support/free-port';

jest.setTimeout(180_000);

describeWithChromium('the bell and single sign-on in Chromium')(
  'a manager signs in through single sign-on and the bell shows what needs action, in Chromium',
  () => {
    let t: TestApp;
    let issuer: TestIssuer;
    let base: string;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let shots: string;
    let inReview: string;

    beforeAll(async () => {
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      issuer = await startTestIssuer(`${base}/login/sso/callback`, {
        mia: { email: 'mia.manager@hudson-lab.example', email_verified: true },
      });
      t = await startTestApp({
        PUBLIC_URL: base,
        OIDC_ISSUER: issuer.url,
        OIDC_CLIENT_ID: issuer.clientId,
        OIDC_CLIENT_SECRET: issuer.clientSecret,
        LAB_TIMEZONE: 'America/New_York',
      });
      await t.app.listen(port, '127.0.0.1');
      const techToken = await t.userToken('tara.tech', 'technician');
      const mia = await request(t.http)
        .post('/api/users')
        .set(bearer(ADMIN_TOKEN))
        .send({ username: 'mia.manager', fullName: 'Mia Manager', role: 'manager', email: 'mia.manager@hudson-lab.example' })
        .expect(201);
      const approver = reviewAs(t, await t.userToken('max.manager', 'manager'));
      const tech = reviewAs(t, techToken);
      const ids: string[] = [];
      for (const labSampleId of ['2512-0101', '2512-0102']) {
        const built = await ResultSetFactory.for(t)
          .by('tara.tech')
          .sample({ labSampleId })
          .from(POTENCY)
          .from(METALS)
          .from(MICRO)
          .complete()
          .build();
        await tech.submit(built.resultSetId).expect(200);
        ids.push(built.resultSetId);
      }
      await approver.approve(ids[0]).expect(200);
      inReview = ids[1];
      await t.orm.em
        .fork()
        .nativeUpdate(
          Submission,
          { resultSet: ids[0] },
          { status: 'dead', lastError: 'BioTrack NY refused: sample not received', deadlineAt: new Date(Date.now() - 3_600_000) },
        );
      expect(mia.body.email).toBe('mia.manager@hudson-lab.example');
      browser = await launchChromium();
      context = await browser.newContext();
      page = await context.newPage();
      shots = screenshotFolder();
      console.log(`Screenshots of the bell and single sign-on: ${shots}`);
    });
    afterAll(async () => {
      await context?.close();
      await browser?.close();
      await t?.close();
      await issuer?.close();
    });

    it("signs in through the issuer's login and consent pages and lands on the dashboard, signed in", async () => {
      await page.goto(`${base}/login`);
      await page.getByRole('link', { name: 'Sign in with single sign-on' }).click();
      await page.waitForURL((url) => url.origin === issuer.url);
      await page.locator('input[name="login"]').fill('mia');
      await page.locator('input[name="password"]').fill('any password');
      await page.locator('button[type="submit"]').first().click();
      await page.waitForURL((url) => url.origin === issuer.url && /interaction/.test(url.pathname));
      await page.locator('button[type="submit"]').first().click();
      await page.waitForURL(`${base}/dashboard`);
      await expect(page.locator('.who').innerText()).resolves.toContain('mia.manager');
    });

    it('shows the bell on every page with the count, its menu, and the notifications page', async () => {
      const bell = page.getByTestId('bell');
      await expect(bell.locator('.bell-count').innerText()).resolves.toBe('3');
      await expect(bell.locator('summary').getAttribute('aria-label')).resolves.toBe('Notifications: 3 need action');
      await bell.locator('summary').click();
      const menu = bell.locator('.bell-menu');
      await expect(menu.isVisible()).resolves.toBe(true);
      await expect(menu.innerText()).resolves.toContain('Needs action: 2512-0101');
      await expect(menu.innerText()).resolves.toContain('Late: 2512-0101');
      await expect(menu.innerText()).resolves.toContain('Waiting for review: 2512-0102');
      await screenshotBoth(page, shots, 'bell-open');

      await page.goto(`${base}/samples`);
      await expect(page.getByTestId('bell').locator('.bell-count').innerText()).resolves.toBe('3');

      await page.getByTestId('bell').locator('summary').click();
      await page.getByRole('link', { name: 'All notifications' }).click();
      await page.waitForURL(`${base}/notifications`);
      await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Notifications');
      const late = page.locator('section[data-kind="submission_late"] time');
      await expect(late.innerText()).resolves.toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} E[SD]T$/);
      await expect(late.getAttribute('title')).resolves.toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
      await screenshotBoth(page, shots, 'notifications');
    });

    it('signs an approval without a password after confirming at the issuer, the session cookie staying Strict', async () => {
      await page.goto(`${base}/review/${inReview}`);
      const approve = page.getByRole('form', { name: 'Approve and release' });
      await approve.getByRole('link', { name: 'Confirm it is you through single sign-on' }).click();
      await page.waitForURL((url) => url.origin === issuer.url);
      // prompt=login: the issuer asks for the login again although it knows Mia from signing in.
      await page.locator('input[name="login"]').fill('mia');
      await page.locator('input[name="password"]').fill('any password');
      await page.locator('button[type="submit"]').first().click();
      await page.waitForURL((url) => url.href === `${base}/review/${inReview}` || /interaction/.test(url.pathname));
      if (page.url() !== `${base}/review/${inReview}`) {
        await page.locator('button[type="submit"]').first().click();
        await page.waitForURL(`${base}/review/${inReview}`);
      }
      await expect(approve.locator('.sso-confirmed').innerText()).resolves.toMatch(
        /^Single sign-on confirmed it is you: sign before \d{4}-\d{2}-\d{2} \d{2}:\d{2} E[SD]T, leaving the password empty\.$/,
      );
      await screenshotBoth(page, shots, 'sso-confirmed-signature');
      await approve.getByRole('button', { name: 'Approve and release' }).click();
      await page.waitForURL(`${base}/review/${inReview}`);
      await expect(page.locator('.signature-list').innerText()).resolves.toContain('confirmed through single sign-on');
      const set = await request(t.http).get(`/api/result-sets/${inReview}`).set(bearer(ADMIN_TOKEN)).expect(200);
      expect(set.body).toMatchObject({ status: 'approved', signatures: [{ fullName: 'Mia Manager', authenticatedBy: 'sso' }] });
    });

    it('keeps a form posted after the session ended through signing in again with single sign-on', async () => {
      await page.goto(`${base}/clients`);
      // A manager sees each client's edit form too: the new client's fields by their ids.
      await page.locator('#licenseNumber').fill('OCM-PROC-24-000092');
      await page.locator('#name').fill('Kept Through The Issuer');
      await page.locator('#address').fill('3 Ridge Road');
      await t.sql('delete from web_sessions');
      await page.getByRole('button', { name: 'Register the client' }).click();
      await page.getByText('You were signed out before this form was sent, so nothing was changed.').waitFor();
      await screenshotBoth(page, shots, 'sign-in-again-sso');

      await page.getByRole('button', { name: 'Sign in with single sign-on' }).click();
      // The issuer may remember Mia from before (no login or consent page then).
      await page.waitForURL((url) => url.origin === issuer.url || url.pathname === '/login/resend');
      while (new URL(page.url()).origin === issuer.url) {
        const login = page.locator('input[name="login"]');
        if (await login.count()) {
          await login.fill('mia');
          await page.locator('input[name="password"]').fill('any password');
        }
        await page.locator('button[type="submit"]').first().click();
        await page.waitForURL((url) => url.href !== page.url());
      }
      await page.waitForURL(`${base}/login/resend`);
      await expect(page.locator('main').innerText()).resolves.toContain('Kept Through The Issuer');
      await screenshotBoth(page, shots, 'send-again-sso');
      await page.getByRole('button', { name: 'Send again' }).click();
      await page.waitForURL(`${base}/clients`);
      await page.getByText('Registered client Kept Through The Issuer (OCM-PROC-24-000092).').waitFor();
    });
  },
);
