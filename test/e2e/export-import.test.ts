/**
 * Issue #4 end to end, in real Chromium on the built renderer with the real main-process handlers:
 * the Export panel (format switch, recipe/live mode with its warning and countdown, Copy, Save to
 * file through an injected save dialog answering a temp path, 0600/0644 on disk) and the Import
 * paste box (a libpq URI and an ODBC string → recognised list → Create DSN pre-fills a new form).
 * Screenshots: test-results/e2e/6x-export-*.png and 6x-import-*.png.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaveDialogOptions } from '../../electron/main/platform/save-dialog';
import { SCREENSHOT_DIR, startE2eApp, type E2eApp } from './support/app-harness';
import { importMenu, openTab } from './support/ui';

const SERVER = 'orders.cluster-abc123.eu-west-1.rds.amazonaws.com';
const KEYS = { accessKeyId: 'AKIAE2EEXPORTIMPORT1', secretAccessKey: 'e2eSecretKeyNeverShown/abcdefghijklmnopqr' };

let app: E2eApp;
let page: Page;
let dir: string;
/** What the fake save dialog answers next, and what it was asked. */
let nextPath: string | undefined;
const asked: SaveDialogOptions[] = [];

const field = (label: string) => page.getByLabel(label, { exact: true });
const shot = async (name: string, focus?: string) => {
  if (focus !== undefined) await page.getByTestId(focus).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
};
const modeOf = (path: string): string => (statSync(path).mode & 0o777).toString(8);
const output = () => page.getByTestId('export-output').getByLabel('Connection string');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-e2e-save-'));
  app = await startE2eApp({
    credentials: KEYS,
    saveDialog: {
      choosePath: (options) => {
        asked.push(options);
        return Promise.resolve(nextPath);
      },
    },
  });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('Export panel', () => {
  it('recipe by default: switching formats regenerates; no secret in any output', async () => {
    await page.getByRole('button', { name: 'New DSN' }).click();
    await field('Name').fill('orders');
    await field('Server').fill(SERVER);
    await field('User name').fill('app_user');
    await field('Database').fill('orders');
    await expect.poll(() => field('Region').inputValue()).toBe('eu-west-1');
    await openTab(page, 'Export');
    const formats = await page.getByLabel('Export format').locator('option').allTextContents();
    expect(formats).toHaveLength(11);
    expect(await page.getByRole('radio', { name: 'Recipe (no secret)' }).isChecked()).toBe(true);
    await expect.poll(() => output().inputValue()).toContain(`postgresql://app_user@${SERVER}:5432/orders?sslmode=require`);
    await page.getByLabel('Export format').selectOption('psql');
    await expect.poll(() => output().inputValue()).toMatch(/^PGPASSWORD="\$\(aws rds generate-db-auth-token --hostname orders\.cluster-abc123/);
    expect(await page.getByTestId('export-output').getAttribute('data-contains-secret')).toBe('false');
    await page.getByLabel('Export format').selectOption('jdbc');
    await expect.poll(() => output().inputValue()).toMatch(/^jdbc:aws-wrapper:postgresql:\/\//);
    expect(await page.getByRole('radio', { name: 'With a live token' }).isDisabled()).toBe(true);
    await shot('61-export-recipe', 'export-panel');
    await page.getByLabel('Export format').selectOption('uri');
  });

  it('live token: the warning, the credential callout with a countdown, Copy', async () => {
    // Choosing live regenerates the shown output; its callout then says it is a credential and when it expires.
    await page.getByRole('radio', { name: 'With a live token' }).check();
    // Masked on screen until shown.
    await expect.poll(() => output().inputValue()).toMatch(/^postgresql:\/\/app_user:HIDDEN_TOKEN@/);
    await page.getByRole('button', { name: 'Show the secret' }).click();
    await expect.poll(() => output().inputValue()).toMatch(/^postgresql:\/\/app_user:orders\.cluster-abc123.*X-Amz-Signature%3D[0-9a-f]+/);
    const warning = page.getByTestId('credential-warning');
    expect(await warning.innerText()).toMatch(/This text is a credential\. Its token stops working in 1[45]:\d\d/);
    expect(Date.parse((await warning.locator('time').getAttribute('datetime')) ?? '')).toBeGreaterThan(Date.now() + 14 * 60_000);
    const first = await page.getByTestId('token-countdown').innerText();
    await expect.poll(() => page.getByTestId('token-countdown').innerText(), { timeout: 5000 }).not.toBe(first);
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect.poll(() => page.getByText('Copied').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await output().inputValue());
    await shot('62-export-live', 'export-panel');
  });

  it('Save to file: a live .pgpass is written 0600 where the dialog says; a recipe env file 0644', async () => {
    await page.getByLabel('Export format').selectOption('pgpass');
    await expect.poll(() => output().inputValue()).toMatch(/^# IAM token valid until/);
    expect(await page.getByTestId('export-output').getAttribute('data-contains-secret')).toBe('true');
    nextPath = join(dir, 'orders.pgpass');
    await page.getByRole('button', { name: 'Save to file…' }).click();
    await expect.poll(() => page.getByTestId('saved-path').count()).toBe(1);
    expect(await page.getByTestId('saved-path').innerText()).toBe(nextPath);
    expect(await page.getByTestId('saved-mode').innerText()).toBe('mode 0600: only you can read it');
    expect(asked.at(-1)?.defaultPath).toBe('orders.pgpass');
    expect(modeOf(nextPath)).toBe('600');
    expect(readFileSync(nextPath, 'utf8')).toMatch(new RegExp(`^${SERVER.replace(/\./g, '\\.')}:5432:orders:app_user:.*X-Amz-Signature=[0-9a-f]+`, 'm'));
    // Said plainly: the file got a freshly signed token, not the one on the screen.
    expect(await page.getByTestId('saved-token').innerText()).toMatch(/^A freshly signed token was written \(not the one shown here\)/);
    await shot('63-export-saved', 'export-panel');

    await page.getByRole('radio', { name: 'Recipe (no secret)' }).check();
    await page.getByLabel('Export format').selectOption('env');
    await expect.poll(() => output().inputValue()).toContain('export PGPASSWORD="$(aws rds generate-db-auth-token');
    nextPath = join(dir, 'orders.env.sh');
    await page.getByRole('button', { name: 'Save to file…' }).click();
    await expect.poll(() => page.getByTestId('saved-mode').count()).toBe(1);
    expect(await page.getByTestId('saved-mode').innerText()).toBe('mode 0644: others on this computer can read it');
    expect(modeOf(nextPath)).toBe('644');
    expect(readFileSync(nextPath, 'utf8')).not.toMatch(/X-Amz-Signature/);

    nextPath = undefined;
    await page.getByRole('button', { name: 'Save to file…' }).click();
    await expect.poll(() => page.getByText('Not saved.').count()).toBe(1);
  });

  it('no secret key in any answer to the page, and no token in the log', async () => {
    const log = readFileSync(app.logPath, 'utf8');
    expect(app.responses.join('\n') + log).not.toContain(KEYS.secretAccessKey);
    expect(log).not.toMatch(/X-Amz-Signature|X-Amz-Credential/);
    expect(log).toContain('Export saved');
    // saveExport answers say where and how, never the text.
    const saves = app.responses.filter((r) => r.includes('"keptLines"'));
    expect(saves.length).toBeGreaterThanOrEqual(2);
    for (const r of saves) expect(r).not.toMatch(/X-Amz-Signature/);
  });
});

describe('Import paste box', () => {
  const paste = async (text: string) => {
    await importMenu(page, /^Import connection string/);
    const dialog = page.getByRole('dialog', { name: 'Import a connection string' });
    await dialog.getByLabel('Connection string').fill(text);
    await dialog.getByRole('button', { name: 'Parse' }).click();
    await expect.poll(() => dialog.getByTestId('import-outcome').count()).toBe(1);
    return dialog;
  };

  it('a libpq URI: recognised and ignored keys, the secret warning; Create DSN pre-fills a new form', async () => {
    const dialog = await paste(`postgresql://report:S3cretPw@${SERVER}:6432/sales?sslmode=require&application_name=bi`);
    expect(await dialog.getByTestId('import-format').innerText()).toBe('a libpq URI');
    const recognised = await dialog.getByRole('table', { name: 'Recognised' }).innerText();
    expect(recognised).toContain(`host\tServer\t${SERVER}`);
    expect(recognised).toContain('port\tPort\t6432');
    expect(await dialog.getByRole('table', { name: 'Ignored' }).innerText()).toMatch(/password\ta secret: not imported[\s\S]*application_name/);
    expect(await dialog.getByTestId('import-secret-warning').innerText()).toContain('it was not imported');
    await shot('64-import-uri');
    await dialog.getByRole('button', { name: 'Create DSN' }).click();
    // The Export test's DSN was never saved: the window asks first; drop it.
    await page.getByRole('alertdialog', { name: 'Save changes to “New DSN”?' }).getByRole('button', { name: 'Don’t save' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(await page.getByRole('heading', { level: 1, name: /^New DSN \(imported\)/ }).count()).toBe(1);
    expect(await field('Name').inputValue()).toBe('report@orders');
    expect(await field('Server').inputValue()).toBe(SERVER);
    expect(await field('Port').inputValue()).toBe('6432');
    expect(await field('Database').inputValue()).toBe('sales');
    expect(await field('Region').inputValue()).toBe('eu-west-1');
    expect(await page.content()).not.toContain('S3cretPw');
    await shot('65-import-prefilled');
  });

  it('an ODBC string (AWS driver): IAM with a tunnel; Create DSN pre-fills it, Save keeps it', async () => {
    const dialog = await paste(`Driver={AWS Unicode ODBC Driver for PostgreSQL};Server=127.0.0.1;Port=15432;Database=orders;UserName=app_user;AuthType=IAM;Region=eu-west-1;SSLMode=require;IamHost=${SERVER}`);
    expect(await dialog.getByTestId('import-format').innerText()).toBe('an ODBC connection string');
    const recognised = await dialog.getByRole('table', { name: 'Recognised' }).innerText();
    expect(recognised).toContain('AuthType\tAuthentication\tIAM');
    expect(recognised).toContain('Server\tConnect via host\t127.0.0.1');
    await shot('66-import-odbc');
    await dialog.getByRole('button', { name: 'Create DSN' }).click();
    // The imported DSN before this one was never saved: drop it.
    if ((await page.getByRole('alertdialog').count()) > 0) await page.getByRole('button', { name: 'Don’t save' }).click();
    await expect.poll(() => field('Server').inputValue()).toBe(SERVER);
    expect(await field('Connect via host').inputValue()).toBe('127.0.0.1');
    expect(await field('Connect via port').inputValue()).toBe('15432');
    await field('Name').fill('orders via tunnel');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByTestId('dsn-list').getByRole('button', { name: /orders via tunnel/ }).count()).toBe(1);
  });

  it('a malformed string names the broken part', async () => {
    await importMenu(page, /^Import connection string/);
    const dialog = page.getByRole('dialog', { name: 'Import a connection string' });
    await dialog.getByLabel('Connection string').fill('Driver={PostgreSQL Unicode};Server=db;PWD={abc');
    await dialog.getByRole('button', { name: 'Parse' }).click();
    await expect.poll(() => dialog.getByTestId('import-error').count()).toBe(1);
    expect(await dialog.getByTestId('import-error').innerText()).toMatch(/Unterminated "\{" in value of 'PWD' at position \d+/);
    expect(await dialog.getByRole('button', { name: 'Create DSN' }).isDisabled()).toBe(true);
    await shot('67-import-error');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });
});
