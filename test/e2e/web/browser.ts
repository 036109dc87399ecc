import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { TestApp } from '../../support/test-app';

/** Debian's Chromium, installed by scripts/install-system-deps.sh (which .ci/run calls). */
export const CHROMIUM = '/usr/bin/chromium';

export const VIEWPORTS = { laptop: { width: 1366, height: 900 }, tablet: { width: 820, height: 1180 } } as const;

/**
 * `describe` when Chromium is installed. Without it the suite fails in CI (CI=true), where the project's own
 * scripts must have installed it, and is skipped elsewhere with a message saying so.
 */
export function describeWithChromium(title: string): jest.Describe {
  if (fs.existsSync(CHROMIUM)) return describe;
  if (process.env.CI === 'true') {
    return ((name: string) =>
      describe(name, () => {
        it('has Chromium to drive', () => {
          throw new Error(
            `${CHROMIUM} is missing: scripts/install-system-deps.sh installs Debian's chromium package (.ci/run calls it)`,
          );
        });
      })) as unknown as jest.Describe;
  }
  console.warn(`SKIPPED: ${title} — ${CHROMIUM} not found; run scripts/install-system-deps.sh to install Debian's chromium`);
  return describe.skip;
}

/** Headless Chromium in a fresh profile (Playwright gives every launch its own temporary user-data-dir). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The folder this run's screenshots go to: test/screenshots/<run>/ (gitignored). */
export function screenshotFolder(): string {
  const run = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = path.resolve(__dirname, '..', '..', 'screenshots', run);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** A full-page screenshot of the page at laptop and at tablet width; the page is left at laptop width. */
export async function screenshotBoth(page: Page, dir: string, name: string): Promise<void> {
  for (const [label, size] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(dir, `${name}.${label}.png`), fullPage: true });
  }
  await page.setViewportSize(VIEWPORTS.laptop);
}

/** Serves the test app on a free local port for a browser to open; its base URL. */
export async function listenForBrowser(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
}

/** A new page of `context`, signed in with `token` on the sign-in page and past it. */
export async function signIn(context: BrowserContext, base: string, token: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
  return page;
}

/** Follows a link of the main navigation. */
export async function nav(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
  await page.waitForLoadState();
}

/**
 * Fills the signature fields of a signed form (approve, reject, amend, release): the password, and the meaning when
 * one is given (else the form's default stays). `within` is the form (or a part of the page holding one form).
 */
export async function signForm(within: Page | Locator, password: string, meaning?: string): Promise<void> {
  if (meaning !== undefined) await within.getByLabel('Meaning of your signature').fill(meaning);
  await within.getByLabel('Your password').fill(password);
}
