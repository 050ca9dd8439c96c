/**
 * The IAM setup assistant end to end: the built renderer in real Chromium with the real main
 * handlers. A saved IAM DSN for a user that does not exist yet fails to connect; the panel's
 * policy is copied through the real clipboard; its SQL, copied the same way and run as the
 * superuser on the IAM-checking PostgreSQL, makes the very same DSN connect. Nothing reaches AWS
 * (tunnel and STS on loopback). Screenshots go to test-results/e2e/2x-iam-setup-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_BIN, runAsPostgres } from '../fixture/fixture-shell';
import { startIamPostgres, type IamPostgresInternals } from '../fixture/iam-postgres';
import { SCREENSHOT_DIR, startE2eApp, type E2eApp } from './support/app-harness';
import { openTab } from './support/ui';

/** A realistic Aurora cluster endpoint: the panel reads kind, region and identifier off it. Only the fixture's certificate names it. */
const ENDPOINT = 'orders.cluster-c0ffee12ab34.us-east-1.rds.amazonaws.com';
const DB_USER = 'Orders "App"';
const ACCOUNT = '123456789012';
const RESOURCE_ID = 'cluster-ABCDEFGHIJKLMNOPQRSTUVWXY1';
const DSN_NAME = 'orders via IAM setup';

let fixture: IamPostgresInternals;
let app: E2eApp;
let page: Page;

const field = (label: string) => page.getByLabel(label, { exact: true });
const setup = () => page.getByTestId('iam-setup');
const report = () => page.getByTestId('test-report');
const shot = async (name: string, focus?: string) => {
  if (focus !== undefined) await page.getByTestId(focus).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
};
const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

beforeAll(async () => {
  fixture = await startIamPostgres({ endpointHost: ENDPOINT });
  const key = fixture.keys[0];
  if (key === undefined) throw new Error('fixture has no key');
  app = await startE2eApp({ credentials: key });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  await fixture?.stop();
});

describe('IAM setup assistant', () => {
  it('is offered for a saved IAM DSN whose user cannot log in yet', async () => {
    await page.getByRole('button', { name: 'New DSN' }).click();
    await field('Name').fill(DSN_NAME);
    await field('Server').fill(ENDPOINT);
    await field('Port').fill(String(fixture.endpointPort));
    await field('User name').fill(DB_USER);
    await field('Database').fill(fixture.database);
    await openTab(page, 'Credentials');
    await field('STS endpoint').fill('http://127.0.0.1:9');
    await openTab(page, 'TLS & network');
    await page.getByRole('radio', { name: /^Connect via host:port/ }).check();
    await field('Connect via host').fill('127.0.0.1');
    await field('Connect via port').fill(String(fixture.port));
    await field('CA bundle path').fill(fixture.caPath);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByTestId('dsn-list').getByRole('button', { name: DSN_NAME }).count()).toBe(1);
    expect(await field('Region').inputValue()).toBe('us-east-1');

    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => report().getAttribute('data-outcome'), { timeout: 30_000 }).toBe('failure');
  });

  it('opens on the detected cluster, validates, and warns about * until account and resource ID are set', async () => {
    await openTab(page, 'IAM setup');
    expect(await field('Resource type').inputValue()).toBe('cluster');
    expect(await field('DB cluster identifier').inputValue()).toBe('orders');
    expect(await page.getByTestId('iam-target').innerText()).toContain('an Aurora cluster (writer) endpoint in us-east-1 (partition aws)');
    expect(await page.getByTestId('iam-wildcard-warning').innerText()).toMatch(/every database .* in us-east-1/);

    await field('AWS account ID').fill('1234-5678');
    await field('AWS account ID').blur();
    await expect.poll(() => setup().getByText('AWS account ID must be exactly 12 digits').count()).toBe(1);
    expect(await field('AWS account ID').getAttribute('aria-invalid')).toBe('true');
    await shot('21-iam-setup-validation', 'iam-setup');

    await field('AWS account ID').fill(ACCOUNT);
    await field('Resource ID (DbClusterResourceId)').fill(RESOURCE_ID);
    await field('IAM role name').fill('OrdersApp');
    await expect.poll(() => page.getByTestId('iam-wildcard-warning').count()).toBe(0);
    expect(await field('AWS account ID').getAttribute('aria-invalid')).toBe('false');
    await shot('22-iam-setup-panel', 'iam-setup');
  });

  it('copies the policy: the clipboard holds the exact policy JSON', async () => {
    await page.getByRole('button', { name: 'Copy IAM policy', exact: true }).click();
    await expect.poll(() => page.getByTestId('iam-policy').getByText('Copied').count()).toBe(1);
    expect(JSON.parse(await clipboard())).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowRdsIamConnect',
          Effect: 'Allow',
          Action: 'rds-db:connect',
          Resource: `arn:aws:rds-db:us-east-1:${ACCOUNT}:dbuser:${RESOURCE_ID}/${DB_USER}`,
        },
      ],
    });
    await shot('23-iam-setup-policy', 'iam-policy');
  });

  it('copies commands quoted for the shell', async () => {
    await page.getByRole('button', { name: 'Copy enable IAM authentication command', exact: true }).click();
    await expect.poll(clipboard).toBe('aws rds modify-db-cluster --db-cluster-identifier orders --enable-iam-database-authentication --apply-immediately --region us-east-1');
    await page.getByRole('button', { name: 'Copy attach policy command', exact: true }).click();
    // IAM is global: no --region.
    await expect.poll(clipboard).toBe(`aws iam attach-role-policy --role-name OrdersApp --policy-arn arn:aws:iam::${ACCOUNT}:policy/rds-db-connect-orders-Orders__App_`);
  });

  it('copies the SQL, which run as the superuser makes the same DSN connect with IAM', async () => {
    await page.getByRole('button', { name: 'Copy SQL', exact: true }).click();
    await expect.poll(clipboard).toContain('GRANT rds_iam TO "Orders ""App""";');
    const sql = await clipboard();
    expect(sql).toContain('CREATE USER "Orders ""App""" WITH LOGIN;');
    await runAsPostgres(`${PG_BIN}/psql`, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', fixture.dir, '-p', String(fixture.port), '-U', 'postgres', '-d', fixture.database, '-f', '-'], {
      input: sql,
    });

    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => report().getAttribute('data-outcome'), { timeout: 30_000 }).toBe('success');
    expect(await report().innerText()).toContain(DB_USER);
    await shot('24-iam-setup-sql', 'iam-sql');
  });
});
