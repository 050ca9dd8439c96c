/**
 * The DSN window end to end: the built renderer in real Chromium, the real main-process handlers,
 * and a real IAM-checking PostgreSQL. Screenshots of each state go to test-results/e2e/.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIamPostgres } from '../fixture/iam-postgres';
import type { IamPostgres } from '../fixture/iam-postgres-types';
import { SCREENSHOT_DIR, startE2eApp, type E2eApp } from './support/app-harness';
import { openTab } from './support/ui';

let fixture: IamPostgres;
let app: E2eApp;
let page: Page;

const field = (label: string) => page.getByLabel(label, { exact: true });
/** A screenshot with `focus` scrolled into view (the form pane scrolls on its own). */
const shot = async (name: string, focus?: string) => {
  if (focus !== undefined) await page.getByTestId(focus).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
};

beforeAll(async () => {
  fixture = await startIamPostgres();
  const key = fixture.keys[0];
  if (key === undefined) throw new Error('fixture has no key');
  app = await startE2eApp({ credentials: key });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  await fixture?.stop();
});

describe('DSN window', () => {
  it('validates as you type, on the right fields', async () => {
    await page.getByRole('button', { name: 'New DSN' }).click();
    await field('Port').fill('0');
    await field('User name').fill('');
    await field('User name').blur();
    await openTab(page, 'Credentials');
    await field('Token expiration (seconds)').fill('901');
    await expect.poll(() => page.getByText('Token expiration must be a whole number from 1 to 900').count()).toBe(1);
    expect(await field('Token expiration (seconds)').getAttribute('aria-invalid')).toBe('true');
    await openTab(page, 'Connection');
    await expect.poll(() => page.getByText('Port must be a whole number from 1 to 65535').count()).toBe(1);
    expect(await field('Port').getAttribute('aria-invalid')).toBe('true');
    await openTab(page, 'TLS & network');
    const sslOptions = await field('SSL mode').locator('option').allTextContents();
    expect(sslOptions.join(' ')).not.toMatch(/disable/);
    await shot('01-validation');
  });

  it('saves an IAM DSN for the fixture and lists it', async () => {
    await openTab(page, 'Connection');
    await field('Name').fill('fixture <b>iam</b>');
    await field('Server').fill(fixture.endpointHost);
    await field('Port').fill(String(fixture.endpointPort));
    await field('User name').fill(fixture.iamUser);
    await field('Region').fill(fixture.region);
    await openTab(page, 'Credentials');
    await field('Token expiration (seconds)').fill('600');
    await openTab(page, 'TLS & network');
    await page.getByRole('radio', { name: /^Connect via host:port/ }).check();
    await field('Connect via host').fill('127.0.0.1');
    await field('Connect via port').fill(String(fixture.port));
    await field('CA bundle path').fill(fixture.caPath);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByTestId('dsn-list').getByRole('button', { name: 'fixture <b>iam</b>' }).count()).toBe(1);
    // The name is shown as text, not as markup.
    expect(await page.locator('[data-testid="dsn-list"] b').count()).toBe(0);
    await shot('02-saved');
  });

  it('tests the connection: success over TLS with phases and timings', async () => {
    await page.getByRole('button', { name: 'Test connection' }).click();
    const report = page.getByTestId('test-report');
    await expect.poll(() => report.getAttribute('data-outcome'), { timeout: 30_000 }).toBe('success');
    for (const phase of ['sign', 'tcp', 'tls', 'auth', 'query']) {
      expect(await page.getByTestId(`phase-${phase}`).getAttribute('data-status')).toBe('ok');
    }
    const text = await report.innerText();
    // Verified with the CA bundle: no warning.
    expect(text).toContain('Connection succeeded');
    expect(await report.getAttribute('data-tone')).toBe('success');
    expect(text).toContain(fixture.iamUser);
    expect(text).toMatch(/TLSv1\.[23]/);
    expect(text).toMatch(/\d+ ms/);
    await shot('03-test-success', 'test-report');
  });

  it('tests a user without rds_iam: failure with the cause and the GRANT to copy', async () => {
    await openTab(page, 'Connection');
    await field('User name').fill(fixture.noIamUser);
    await page.getByRole('button', { name: 'Test connection' }).click();
    const report = page.getByTestId('test-report');
    await expect.poll(() => report.getAttribute('data-outcome'), { timeout: 30_000 }).toBe('failure');
    // The cause once, and the one action: the GRANT to copy.
    expect(await page.getByTestId('error-cause').textContent()).toMatch(/not a member of rds_iam/);
    expect(await report.getByTestId('fix-action').allInnerTexts()).toEqual([`Copy GRANT rds_iam TO ${fixture.noIamUser};`]);
    expect(await page.getByTestId('error-detail').textContent()).toMatch(/password authentication failed/);
    await shot('04-test-failure', 'test-report');
    await field('User name').fill(fixture.iamUser);
  });

  it('exports a libpq URI without a token and copies it', async () => {
    await openTab(page, 'Export');
    await page.getByLabel('Export format').selectOption('uri');
    const output = page.getByLabel('Connection string');
    await expect.poll(() => output.inputValue()).toContain(`postgresql://${fixture.iamUser}@${fixture.endpointHost}:${fixture.port}/postgres?`);
    const uri = await output.inputValue();
    expect(uri).toContain('hostaddr=127.0.0.1');
    // What the test checked: the chain to the CA bundle and the server's name.
    expect(uri).toContain('sslmode=verify-full');
    expect(uri).not.toMatch(/X-Amz-Signature/);
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect.poll(() => page.getByText('Copied').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(uri);
    await shot('05-export', 'export-output');
  });

  it('never sent a token or a secret key to the page, nor wrote one to the log', async () => {
    const key = fixture.keys[0];
    const log = await readFile(app.logPath, 'utf8').catch(() => '');
    const everything = app.responses.join('\n') + log;
    expect(everything).not.toMatch(/X-Amz-Signature|X-Amz-Credential/);
    expect(everything).not.toContain(key?.secretAccessKey);
    expect(app.responses.length).toBeGreaterThan(5);
  });
});
