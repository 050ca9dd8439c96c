/**
 * The main flow with the keyboard only, in real Chromium against the IAM-checking PostgreSQL: the
 * focus starts in the library; New DSN, fill the fields (Tab), Test connection (Ctrl+Enter),
 * Copy psql command (Ctrl+Shift+C) — and the copied command is the one the test checked.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIamPostgres } from '../fixture/iam-postgres';
import type { IamPostgres } from '../fixture/iam-postgres-types';
import { SCREENSHOT_DIR, startE2eApp, type E2eApp } from './support/app-harness';

let fixture: IamPostgres;
let app: E2eApp;
let page: Page;

const focusedLabel = () =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!(el instanceof HTMLElement)) return '';
    return el.id !== '' ? (document.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent ?? el.textContent ?? '') : (el.getAttribute('aria-label') ?? el.textContent ?? '');
  });

/** Presses Tab until the focus is on the field labelled `label` (at most 40 times), then types. */
async function tabTo(label: string, text?: string): Promise<void> {
  for (let i = 0; i < 40 && (await focusedLabel()) !== label; i++) await page.keyboard.press('Tab');
  expect(await focusedLabel()).toBe(label);
  if (text !== undefined) {
    await page.keyboard.press('Control+A');
    await page.keyboard.type(text);
  }
}

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

describe('keyboard only', () => {
  it('new → fill → test → copy psql command', async () => {
    await page.getByTestId('library-empty').waitFor();
    // Focus on launch: New DSN.
    // Focused in the frame after the library is ready.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('New DSN');
    await page.keyboard.press('Enter');
    await tabTo('Name', 'keyboard fixture');
    await tabTo('Server', fixture.endpointHost);
    await tabTo('Port', String(fixture.endpointPort));
    await tabTo('User name', fixture.iamUser);
    await tabTo('Region', fixture.region);
    // The TLS & network tab: back to the tab list, → to it, into its fields.
    await page.keyboard.press('Shift+Tab');
    for (let i = 0; i < 30 && (await page.evaluate(() => document.activeElement?.getAttribute('role'))) !== 'tab'; i++) await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('TLS & network');
    await tabTo('CA bundle path', fixture.caPath);
    // The network radios: Tab into the group (on Direct), ↓ to "Connect via host:port".
    const focusedRadio = () => page.evaluate(() => (document.activeElement instanceof HTMLInputElement && document.activeElement.type === 'radio' ? document.activeElement.value : ''));
    for (let i = 0; i < 10 && (await focusedRadio()) === ''; i++) await page.keyboard.press('Tab');
    expect(await focusedRadio()).toBe('direct');
    await page.keyboard.press('ArrowDown');
    expect(await focusedRadio()).toBe('connect-via');
    await tabTo('Connect via host', '127.0.0.1');
    await tabTo('Connect via port', String(fixture.port));

    await page.keyboard.press('Control+Enter');
    const report = page.getByTestId('test-report');
    await expect.poll(() => report.getAttribute('data-tone'), { timeout: 30_000 }).toBe('success');
    await page.screenshot({ path: join(SCREENSHOT_DIR, '90-keyboard-tested.png') });

    await page.keyboard.press('Control+Shift+C');
    await expect.poll(() => page.getByTestId('action-status').innerText()).toContain('psql command copied');
    const command = await page.evaluate(() => navigator.clipboard.readText());
    expect(command).toMatch(/^PGPASSWORD="\$\(aws rds generate-db-auth-token --hostname /);
    expect(command).toContain(`host=${fixture.endpointHost} hostaddr=127.0.0.1 port=${fixture.port}`);
    expect(command).toContain('sslmode=verify-full');

    await page.keyboard.press('Control+S');
    await expect.poll(() => page.getByTestId('dsn-list').getByRole('button', { name: /keyboard fixture/ }).count()).toBe(1);
    await expect.poll(() => page.title()).toBe('keyboard fixture — IAM DSN Manager');
  });
});
