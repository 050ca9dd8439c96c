/**
 * The DSN library end to end: the built renderer in real Chromium and the real main-process
 * handlers and store. Search, tag filter, duplicate, rename, delete + undo, export, import with a
 * name conflict, and 1,000 DSNs. Screenshots go to test-results/e2e/4x-library-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDsn, type DsnInput, type SavedDsn } from '../../shared/dsn';
import type { IamDsnBridge } from '../../shared/ipc-contract';
import type { Result } from '../../shared/result';
import { SCREENSHOT_DIR, startE2eApp, type E2eApp } from './support/app-harness';
import { importMenu, rowMenu } from './support/ui';

const CANARY = 'CANARY-e2e-library-pw-3c9f';
let app: E2eApp;
let page: Page;

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
const list = () => page.getByTestId('dsn-list');
const row = (name: string) => list().locator('button.dsn-item', { has: page.locator('.dsn-item-name').getByText(name, { exact: true }) });
const search = () => page.getByRole('searchbox', { name: 'Search DSNs' });
const toast = () => page.getByTestId('toast');
/** The names the list shows, in order. */
const names = () => list().locator('.dsn-item-name').allTextContents();

/** Calls the page's API (window.iamDsn, the preload's bridge) with the real handlers behind it. */
async function callApi<T>(fn: (api: IamDsnBridge, arg: unknown) => Promise<Result<T>>, arg?: unknown): Promise<T> {
  const source = fn.toString();
  const result = await page.evaluate(
    ([src, a]) => {
      const bridge = (window as unknown as { iamDsn: IamDsnBridge }).iamDsn;
      // The function's text, rebuilt in the page: it only uses its two arguments.
      return (new Function(`return (${src as string})`)() as (api: IamDsnBridge, arg: unknown) => Promise<unknown>)(bridge, a);
    },
    [source, arg] as const,
  );
  const typed = result as Result<T>;
  if (!typed.ok) throw new Error(`API call failed: ${JSON.stringify(typed.error)}`);
  return typed.value;
}

const listDsns = () => callApi<SavedDsn[]>((api) => api.listDsns());

function iam(name: string, over: Partial<DsnInput> = {}): DsnInput {
  return { ...defaultDsn(), name, server: `${name.replace(/\W/g, '')}.abc123.us-east-1.rds.amazonaws.com`, user: 'app_user', region: 'us-east-1', ...over };
}

beforeAll(async () => {
  app = await startE2eApp({});
  page = app.page;
  const seed: DsnInput[] = [
    iam('orders reader', { tags: ['prod'] }),
    { ...iam('billing', { authType: 'database', server: '10.0.0.5', region: '', sslMode: 'require', tags: ['prod', 'finance'] }), password: CANARY },
    iam('analytics', { region: 'eu-west-1', server: 'analytics.abc123.eu-west-1.rds.amazonaws.com', tags: ['reporting'] }),
  ];
  for (const input of seed) await callApi((api, a) => api.saveDsn(a as DsnInput), input);
  await page.reload();
  await row('orders reader').waitFor();
});

afterAll(async () => {
  await app?.close();
});

describe('DSN library', () => {
  it('searches as you type and filters by tag', async () => {
    await search().fill('');
    await search().pressSequentially('BILL');
    await expect.poll(() => names()).toEqual(['billing']);
    expect(await page.getByTestId('list-count').innerText()).toBe('1 of 3 DSNs');
    expect(await list().locator('mark').first().innerText()).toBe('bill');
    await shot('40-library-search');
    await search().press('Escape');
    await expect.poll(() => names()).toHaveLength(3);

    await page.getByRole('button', { name: 'Tags' }).click();
    await page.getByRole('button', { name: 'prod (2)' }).click();
    await expect.poll(() => names()).toEqual(['billing', 'orders reader']);
    await page.getByRole('button', { name: 'prod (2)' }).click();
    await expect.poll(() => names()).toHaveLength(3);
  });

  it('duplicates: "<name> copy", opened, secrets not copied', async () => {
    await row('billing').click();
    await rowMenu(page, 'billing', 'Duplicate');
    await expect.poll(() => names()).toEqual(['analytics', 'billing', 'billing copy', 'orders reader']);
    expect(await row('billing copy').getAttribute('aria-current')).toBe('true');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('billing copy');
    expect(await toast().innerText()).toMatch(/Duplicated as “billing copy”\. Stored passwords and keys are not copied/);
    const copy = (await listDsns()).find((d) => d.name === 'billing copy');
    expect(copy).toMatchObject({ hasPassword: false, tags: ['prod', 'finance'] });
    await shot('41-library-duplicate');
  });

  it('renames in a dialog; a taken name is refused on the field', async () => {
    await rowMenu(page, 'billing copy', 'Rename…');
    const dialog = page.getByRole('dialog', { name: 'Rename DSN' });
    const field = dialog.getByLabel('New name');
    await field.fill('Analytics');
    await field.press('Enter');
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.getByRole('alert').innerText()).toContain('A DSN named "analytics" already exists.');
    await shot('42-library-rename-taken');
    await field.fill('billing staging');
    await field.press('Enter');
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => names()).toEqual(['analytics', 'billing', 'billing staging', 'orders reader']);
  });

  it('deletes with Undo: the same DSN comes back with its stored password', async () => {
    const before = (await listDsns()).find((d) => d.name === 'billing');
    await row('billing').first().click();
    await rowMenu(page, 'billing', 'Delete…');
    await page.getByRole('alertdialog', { name: 'Delete DSN?' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => toast().innerText()).toMatch(/Deleted “billing”/);
    await expect.poll(() => names()).toEqual(['analytics', 'billing staging', 'orders reader']);
    await shot('43-library-undo');
    await toast().getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => names()).toEqual(['analytics', 'billing', 'billing staging', 'orders reader']);
    const after = (await listDsns()).find((d) => d.name === 'billing');
    expect(after).toEqual(before);
    expect(after?.hasPassword).toBe(true);
  });

  it('exports the set as JSON without secrets, then imports it with a name conflict resolved visibly', async () => {
    await page.getByRole('button', { name: 'Export…' }).click();
    const exportDialog = page.getByRole('dialog', { name: 'Export DSNs' });
    await exportDialog.getByRole('radio', { name: /All \d+ saved/ }).check();
    await exportDialog.getByRole('button', { name: 'Export', exact: true }).click();
    const json = await exportDialog.getByLabel('Library JSON').inputValue();
    const doc = JSON.parse(json) as { format: string; version: number; dsns: Array<Record<string, unknown>> };
    expect(doc).toMatchObject({ format: 'iam-dsn-manager/library', version: 1 });
    expect(doc.dsns.map((d) => d.name)).toEqual(['analytics', 'billing', 'billing staging', 'orders reader']);
    expect(json).not.toContain(CANARY);
    expect(json).not.toMatch(/Encrypted|hasPassword|"id"/);
    await shot('44-library-export');
    await exportDialog.getByRole('button', { name: 'Close' }).click();

    // The file changed elsewhere: billing moved to another server, and a new DSN.
    const billing = doc.dsns.find((d) => d.name === 'billing');
    const changed = { ...doc, dsns: [{ ...billing, server: '10.9.9.9' }, { ...doc.dsns[0], name: 'reporting replica', tags: ['reporting'] }] };
    await importMenu(page, /Import from a file/);
    const importDialog = page.getByRole('dialog', { name: 'Import DSNs' });
    await importDialog.getByLabel('File to import').fill(JSON.stringify(changed));
    await importDialog.getByRole('button', { name: 'Check' }).click();
    const conflicts = importDialog.getByTestId('import-conflicts');
    await expect.poll(() => conflicts.innerText()).toMatch(/1 name is already saved: billing/);
    await expect.poll(() => importDialog.getByTestId('import-renamed').innerText()).toContain('billing → billing (imported)');

    await importDialog.getByRole('radio', { name: /Replace the saved DSN/ }).check();
    await expect.poll(() => importDialog.getByTestId('import-preview').innerText()).toMatch(/Will be replaced \(1\)\s+billing/);
    await shot('45-library-import-conflict');
    await importDialog.getByRole('button', { name: 'Import' }).click();
    const report = importDialog.getByTestId('import-report');
    await expect.poll(() => report.innerText()).toMatch(/1 of 2 DSNs added; 1 replaced\./);
    expect(await report.getByTestId('import-added').innerText()).toContain('reporting replica');
    expect(await report.getByTestId('import-replaced').innerText()).toContain('billing');
    await shot('46-library-import-report');
    await importDialog.getByRole('button', { name: 'Close' }).click();

    await expect.poll(() => names()).toEqual(['analytics', 'billing', 'billing staging', 'orders reader', 'reporting replica']);
    const replaced = (await listDsns()).find((d) => d.name === 'billing');
    expect(replaced).toMatchObject({ server: '10.9.9.9', hasPassword: true });
  });

  it('refuses a malformed file, naming the entry and the field', async () => {
    await importMenu(page, /Import from a file/);
    const importDialog = page.getByRole('dialog', { name: 'Import DSNs' });
    const bad = { format: 'iam-dsn-manager/library', version: 1, dsns: [iam('fine'), { ...iam('broken'), port: 'x' }] };
    await importDialog.getByLabel('File to import').fill(JSON.stringify(bad));
    await importDialog.getByRole('button', { name: 'Check' }).click();
    const error = importDialog.getByTestId('import-error');
    await expect.poll(() => error.innerText()).toContain('Entry 2 (“broken”): field "port" — Port must be a whole number from 1 to 65535');
    await shot('47-library-import-invalid');
    await importDialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await names()).toHaveLength(5);
  });

  it('keeps 1,000 DSNs windowed in the DOM and finds the last one as you type', async () => {
    const dsns = Array.from({ length: 1000 }, (_, i) => iam(`bulk ${String(i).padStart(4, '0')}`, { tags: [i % 2 === 0 ? 'even' : 'odd'] }));
    const json = JSON.stringify({ format: 'iam-dsn-manager/library', version: 1, exportedAt: new Date().toISOString(), dsns });
    const report = await callApi((api, a) => api.importLibrary(a as string, { onConflict: 'skip' }), json);
    expect(report).toMatchObject({ total: 1000, skipped: [] });
    await page.reload();
    await expect.poll(() => page.getByTestId('list-count').innerText()).toBe('1,005 DSNs');
    expect(await list().locator('li').count()).toBeLessThan(80);
    await search().pressSequentially('bulk 0999');
    await expect.poll(() => names()).toEqual(['bulk 0999']);
    await search().fill('');
    // Focus a row of the whole list, not of the filtered one it replaces (a race on a loaded machine).
    await expect.poll(() => list().locator('li button.dsn-item').count()).toBeGreaterThan(1);
    await list().locator('li button.dsn-item').first().focus();
    await page.keyboard.press('End');
    await expect.poll(() => page.evaluate(() => document.activeElement?.querySelector('.dsn-item-name')?.textContent), { timeout: 10_000 }).toBe('reporting replica');
    await shot('48-library-1000');
  });

  it('never sent a stored password to the page', () => {
    expect(app.responses.join('\n')).not.toContain(CANARY);
  });
});
