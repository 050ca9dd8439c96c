/**
 * Library import from what users already have, end to end: pgAdmin 4's servers.json, DBeaver's
 * data-sources.json and a pg_service.conf — each made by hand from the tool's documented format,
 * with hostile values — chosen in the Import dialog, previewed, and imported through the real
 * main-process handlers into the real store. No password, command or named file gets anywhere.
 * Screenshots: test-results/e2e/9x-import-*.png.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SavedDsn } from '../../shared/dsn';
import type { IamDsnBridge } from '../../shared/ipc-contract';
import type { Result } from '../../shared/result';
import { SCREENSHOT_DIR, startE2eApp, type E2eApp } from './support/app-harness';
import { axeViolations, importMenu, libraryRow } from './support/ui';

const FILES = fileURLToPath(new URL('../fixture/tool-files/', import.meta.url));
let app: E2eApp;
let page: Page;

async function listDsns(): Promise<SavedDsn[]> {
  const result = (await page.evaluate(() => (window as unknown as { iamDsn: IamDsnBridge }).iamDsn.listDsns())) as Result<SavedDsn[]>;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** Import… → from a file → choose `file` → Check → the preview. */
async function choose(file: string) {
  await importMenu(page, /Import from a file/);
  const dialog = page.getByRole('dialog', { name: 'Import DSNs' });
  await dialog.getByLabel('Or choose a file').setInputFiles(join(FILES, file));
  await dialog.getByTestId('tool-preview').waitFor();
  await dialog.getByTestId('import-preview').waitFor();
  return dialog;
}

beforeAll(async () => {
  app = await startE2eApp({});
  page = app.page;
});

afterAll(async () => {
  await app?.close();
});

describe('library import from other tools', () => {
  it('pgAdmin servers.json: previewed, then imported; IAM from the token recipe (never run); verify-full kept or refused', async () => {
    const dialog = await choose('servers.json');
    expect(await dialog.getByTestId('tool-format').innerText()).toBe('pgAdmin 4 servers.json');
    const leftOut = await dialog.getByRole('table', { name: 'Left out' }).innerText();
    expect(leftOut).toContain("Port '5432; DROP TABLE users' is not a number.");
    expect(leftOut).toContain('uses the pg_service.conf entry “orders-ro”');
    expect(leftOut).toMatch(/sslmode=verify-full but names no root certificate/);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOT_DIR, '91-import-pgadmin-preview.png') });
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => dialog.getByTestId('import-report').innerText()).toMatch(/^5 of 5 DSNs added/);
    await dialog.getByRole('button', { name: 'Close' }).click();

    const dsns = await listDsns();
    expect(dsns.find((d) => d.name === 'orders writer')).toMatchObject({
      authType: 'iam',
      region: 'eu-central-1',
      credentialSource: { kind: 'profile', profile: 'prod-db' },
      sslMode: 'require',
      caBundlePath: '/etc/ssl/certs/rds-global-bundle.pem',
      environment: 'production',
      tags: ['Production', 'orders'],
    });
    expect(dsns.find((d) => d.name === 'reports replica')).toMatchObject({ authType: 'iam', region: 'cn-north-1' });
    await libraryRow(page, 'legacy <img src=x onerror=alert(1)> gnp.exe').waitFor();
    expect(await page.locator('img').count()).toBe(0);
  });

  it('DBeaver data-sources.json: PostgreSQL connections with their folder and connection type; passwords never read', async () => {
    const dialog = await choose('data-sources.json');
    expect(await dialog.getByTestId('tool-format').innerText()).toBe('DBeaver data-sources.json');
    expect(await dialog.getByTestId('tool-secret-warning').count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOT_DIR, '92-import-dbeaver-preview.png') });
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => dialog.getByTestId('import-report').innerText()).toMatch(/^4 of 4 DSNs added/);
    await dialog.getByRole('button', { name: 'Close' }).click();
    const dsns = await listDsns();
    expect(dsns.find((d) => d.name === 'billing (prod)')).toMatchObject({ authType: 'iam', environment: 'production', tags: ['AWS/Production'] });
    expect(dsns.find((d) => d.name === 'local dev')).toMatchObject({ authType: 'database', hasPassword: false, port: 5433 });
  });

  it('pg_service.conf: one DSN per service; IAM from the RDS host and its CA bundle kept', async () => {
    const dialog = await choose('pg_service.conf');
    expect(await dialog.getByTestId('tool-preview').innerText()).toContain('Read as pg_service.conf: 2 DSNs, 5 left out.');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => dialog.getByTestId('import-report').innerText()).toMatch(/^2 of 2 DSNs added/);
    await page.screenshot({ path: join(SCREENSHOT_DIR, '93-import-pg-service-done.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect((await listDsns()).find((d) => d.name === 'orders-ro')).toMatchObject({ authType: 'iam', caBundlePath: '/etc/ssl/certs/rds-global-bundle.pem' });
  });

  it('no password, command or named file reached main or the page', () => {
    const everything = app.responses.join('\n');
    for (const canary of ['CANARY-pgadmin-pw', 'CANARY-dbeaver-pw', 'CANARY-service-pw', 'rm -rf', 'attacker.invalid', 'DROP SCHEMA', '/etc/shadow']) {
      expect(everything, canary).not.toContain(canary);
    }
  });
});
