/**
 * Issue 12's "must not happen", each as the user's steps in real Chromium on the built renderer,
 * with the real main-process handlers and the IAM-checking PostgreSQL: an edit is never lost
 * (switch → prompt, rename keeps it), the export never shows stale text, a report never says
 * "verified" about TLS that was not, a test needs no name, an RDS psql line imports as IAM, and
 * IAM's allow/prefer say what they do. Screenshots: test-results/e2e/7x-*.png.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDsn, type DsnInput, type SavedDsn } from '../../shared/dsn';
import type { IamDsnBridge } from '../../shared/ipc-contract';
import type { Result } from '../../shared/result';
import { startIamPostgres } from '../fixture/iam-postgres';
import type { IamPostgres } from '../fixture/iam-postgres-types';
import { SCREENSHOT_DIR, startE2eApp, type E2eApp } from './support/app-harness';
import { importMenu, libraryRow, openTab, rowMenu } from './support/ui';

let fixture: IamPostgres;
let app: E2eApp;
let page: Page;

const field = (label: string) => page.getByLabel(label, { exact: true });
const report = () => page.getByTestId('test-report');
const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });

async function save(input: DsnInput): Promise<SavedDsn> {
  const result = (await page.evaluate((dsn) => (window as unknown as { iamDsn: IamDsnBridge }).iamDsn.saveDsn(dsn), input)) as Result<SavedDsn>;
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

/** The fixture as an IAM DSN through its loopback port. */
function fixtureDsn(name: string, over: Partial<DsnInput> = {}): DsnInput {
  return {
    ...defaultDsn(),
    name,
    server: fixture.endpointHost,
    port: fixture.endpointPort,
    user: fixture.iamUser,
    region: fixture.region,
    connectViaHost: '127.0.0.1',
    connectViaPort: fixture.port,
    caBundlePath: fixture.caPath,
    ...over,
  };
}

async function testAndWait(): Promise<void> {
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect.poll(() => report().getAttribute('data-outcome'), { timeout: 30_000 }).not.toBeNull();
}

beforeAll(async () => {
  // An RDS endpoint name (as diagnosis-iam.test.ts uses) so the report can read its region; the
  // socket always goes to the fixture's loopback port (connect via), the name is never resolved.
  fixture = await startIamPostgres({ endpointHost: `iam-fixture.cluster-${randomBytes(4).toString('hex')}.us-east-1.rds.amazonaws.com` });
  const key = fixture.keys[0];
  if (key === undefined) throw new Error('fixture has no key');
  app = await startE2eApp({ credentials: key });
  page = app.page;
  await save(fixtureDsn('alpha'));
  await save(fixtureDsn('beta', { caBundlePath: '' }));
  await page.reload();
  await libraryRow(page, 'alpha').waitFor();
});

afterAll(async () => {
  await app?.close();
  await fixture?.stop();
});

describe('lost edits', () => {
  it('edit → switch: the window asks; Cancel keeps the edit; the title and the row say it is unsaved', async () => {
    await libraryRow(page, 'alpha').click();
    await field('Database').fill('orders_edit');
    await expect.poll(() => page.title()).toBe('● alpha — IAM DSN Manager');
    expect(await libraryRow(page, 'alpha').getByRole('img', { name: 'unsaved changes' }).count()).toBe(1);
    await libraryRow(page, 'beta').click();
    const prompt = page.getByRole('alertdialog', { name: 'Save changes to “alpha”?' });
    await prompt.waitFor();
    await shot('70-unsaved-prompt');
    await prompt.getByRole('button', { name: 'Cancel' }).click();
    expect(await field('Database').inputValue()).toBe('orders_edit');
    expect(await field('Name').inputValue()).toBe('alpha');
  });

  it('Rename keeps the edit; New asks too, and Save there saves the edit first', async () => {
    await rowMenu(page, 'alpha', 'Rename…');
    const dialog = page.getByRole('dialog', { name: 'Rename DSN' });
    await dialog.getByLabel('New name').fill('alpha renamed');
    await dialog.getByLabel('New name').press('Enter');
    await expect.poll(() => field('Name').inputValue()).toBe('alpha renamed');
    expect(await field('Database').inputValue()).toBe('orders_edit');
    await page.getByRole('button', { name: 'New DSN' }).click();
    await page.getByRole('alertdialog', { name: 'Save changes to “alpha renamed”?' }).getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('New DSN');
    await libraryRow(page, 'alpha renamed').click();
    expect(await field('Database').inputValue()).toBe('orders_edit');
    await field('Database').fill('postgres');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.title()).toBe('alpha renamed — IAM DSN Manager');
  });
});

describe('stale export', () => {
  it('edit → the export follows; a live token goes out of date, with Copy and Save off', async () => {
    await openTab(page, 'Export');
    const output = page.getByTestId('export-output').getByLabel('Connection string');
    await expect.poll(() => output.inputValue()).toContain(`:${fixture.port}/postgres?`);
    await openTab(page, 'Connection');
    await field('Database').fill(fixture.database);
    await openTab(page, 'Export');
    await expect.poll(() => output.inputValue()).toContain(`:${fixture.port}/${fixture.database}?`);

    await page.getByRole('radio', { name: 'With a live token' }).check();
    await expect.poll(() => page.getByTestId('export-output').getAttribute('data-contains-secret')).toBe('true');
    await openTab(page, 'Connection');
    await field('Database').fill('postgres');
    await openTab(page, 'Export');
    expect(await page.getByTestId('export-stale').innerText()).toContain('Out of date: the form changed since this token was made');
    expect(await page.getByRole('button', { name: 'Copy', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save to file…' }).isDisabled()).toBe(true);
    await shot('71-export-stale');
    await page.getByRole('radio', { name: 'Recipe (no secret)' }).check();
    await openTab(page, 'Connection');
  });
});

describe('contradicting reports', () => {
  it('refused: the TLS phase was not reached and the report says nothing about a verified certificate', async () => {
    await field('Database').fill('postgres');
    await openTab(page, 'TLS & network');
    // Nothing listens on port 1: the connection is refused before TLS.
    await field('Connect via port').fill('1');
    await testAndWait();
    expect(await report().getAttribute('data-outcome')).toBe('failure');
    expect(await page.getByTestId('phase-tls').getAttribute('data-status')).toBe('skipped');
    expect(await page.getByTestId('phase-tls').innerText()).toContain('not reached');
    expect(await report().innerText()).not.toMatch(/verified/i);
    expect(await report().getByRole('heading').first().innerText()).toContain('Could not reach the server');
    await shot('72-report-refused');
    await field('Connect via port').fill(String(fixture.port));
  });

  it('encrypted but not verified: an amber row and "Succeeded with warnings", never a green ✓', async () => {
    await libraryRow(page, 'beta').click();
    if ((await page.getByRole('alertdialog').count()) > 0) await page.getByRole('button', { name: 'Don’t save' }).click();
    await testAndWait();
    expect(await report().getAttribute('data-outcome')).toBe('success');
    expect(await report().getAttribute('data-tone')).toBe('warning');
    expect(await report().getByRole('heading').first().innerText()).toContain('Succeeded with warnings');
    expect(await page.getByTestId('phase-tls').getAttribute('data-tone')).toBe('warning');
    expect(await page.getByTestId('phase-tls').innerText()).toContain('encrypted, not verified');
    expect(await page.getByTestId('phase-tls').innerText()).not.toContain('✓');
    await shot('73-report-unverified');
    await report().getByRole('button', { name: 'Set a CA bundle' }).click();
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.getAttribute('name'))).toBe('caBundlePath');
  });
});

describe('walls of text', () => {
  it('wrong region: one headline, the cause once, ONE action that sets Region, and the retest passes', async () => {
    await save(fixtureDsn('gamma', { region: 'eu-central-1' }));
    await page.reload();
    await libraryRow(page, 'gamma').click();
    if ((await page.getByRole('alertdialog').count()) > 0) await page.getByRole('button', { name: 'Don’t save' }).click();
    await testAndWait();
    expect(await report().getAttribute('data-outcome')).toBe('failure');
    expect(await report().getByRole('heading').first().innerText()).toContain('The server refused the login');
    expect(await page.getByTestId('error-cause').innerText()).toContain('signed for region eu-central-1, the endpoint is in us-east-1');
    const actions = report().getByTestId('fix-action');
    expect(await actions.count()).toBe(1);
    expect(await actions.innerText()).toBe('Set Region to us-east-1');
    // What the failure says (the checks stay folded) names the cause once, not four times.
    const failure = await report().locator('.report-failure-body').innerText();
    expect(failure.match(/eu-central-1/g)).toHaveLength(1);
    expect(failure.length).toBeLessThan(600);
    await shot('76-report-wrong-region');
    await actions.click();
    expect(await field('Region').inputValue()).toBe('us-east-1');
    await testAndWait();
    expect(await report().getAttribute('data-outcome')).toBe('success');
  });
});

describe('test needs a name', () => {
  it('an unnamed new DSN is tested at once, and saved as user@host', async () => {
    await page.getByRole('button', { name: 'New DSN' }).click();
    if ((await page.getByRole('alertdialog').count()) > 0) await page.getByRole('button', { name: 'Don’t save' }).click();
    await field('Server').fill(fixture.endpointHost);
    await field('Port').fill(String(fixture.endpointPort));
    await field('User name').fill(fixture.iamUser);
    await field('Region').fill(fixture.region);
    await openTab(page, 'TLS & network');
    await page.getByRole('radio', { name: /^Connect via host:port/ }).check();
    await field('Connect via host').fill('127.0.0.1');
    await field('Connect via port').fill(String(fixture.port));
    await field('CA bundle path').fill(fixture.caPath);
    await testAndWait();
    expect(await report().getAttribute('data-tone')).toBe('success');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => libraryRow(page, `${fixture.iamUser}@${fixture.endpointHost.split('.')[0]}`).count()).toBe(1);
  });
});

describe('import defaults to password auth', () => {
  it('an RDS psql line without a password is an IAM DSN, its fields named by their labels', async () => {
    const host = 'orders.cluster-c0ffee12ab34.eu-central-1.rds.amazonaws.com';
    await importMenu(page, /^Import connection string/);
    const dialog = page.getByRole('dialog', { name: 'Import a connection string' });
    await dialog.getByLabel('Connection string').fill(`psql "host=${host} port=5432 dbname=orders user=app_user sslmode=require"`);
    await dialog.getByRole('button', { name: 'Parse' }).click();
    const recognised = await dialog.getByRole('table', { name: 'Recognised' }).innerText();
    expect(recognised).toContain('Authentication\tiam');
    expect(recognised).not.toMatch(/\tsslMode\t|\tauthType\t/);
    await dialog.getByRole('button', { name: 'Create DSN' }).click();
    await expect.poll(() => field('Authentication').inputValue()).toBe('iam');
    expect(await field('Region').inputValue()).toBe('eu-central-1');
  });
});

describe('IAM and allow/prefer', () => {
  it('the hint says prefer acts as require for IAM, and the export says sslmode=require', async () => {
    await openTab(page, 'TLS & network');
    await field('SSL mode').selectOption('prefer');
    expect(await page.getByText(/For IAM this acts as require: the token is only ever sent over TLS/).count()).toBe(1);
    await openTab(page, 'Export');
    await expect.poll(() => page.getByTestId('export-output').getByLabel('Connection string').inputValue()).toContain('sslmode=require');
  });
});
