/**
 * The token file refresher end to end: the built renderer in real Chromium, the real main-process
 * handlers (their refresher over the real store, signer and file writer) and the real IAM fixture.
 * The panel of a saved DSN starts a .pgpass refresher, shows its status, psql logs in through the
 * file, and Stop stops it; a group-readable .pgpass is refused with the fix. Screenshots:
 * test-results/e2e/51-refresher.png and 52-refresher-refused.png.
 */
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgpassPasswordFor } from '../../electron/main/files/pgpass';
import type { IamDsnBridge } from '../../shared/ipc-contract';
import { startIamPostgres } from '../fixture/iam-postgres';
import type { IamPostgres } from '../fixture/iam-postgres-types';
import { OTHER_PGPASS_LINES, psqlWithPgpass, verifierLines } from '../integration/refresher-support';
import { SCREENSHOT_DIR, startE2eApp, type E2eApp } from './support/app-harness';
import { openTab } from './support/ui';

let fixture: IamPostgres;
let app: E2eApp;
let page: Page;

const field = (label: string) => page.getByLabel(label, { exact: true });
const panel = () => page.getByRole('region', { name: 'Token file refresher' });

beforeAll(async () => {
  fixture = await startIamPostgres();
  const key = fixture.keys[0];
  if (key === undefined) throw new Error('fixture has no key');
  app = await startE2eApp({ credentials: key });
  page = app.page;
});

afterAll(async () => {
  // Stop whatever still runs (its timers are real) before the harness removes its folder.
  await page
    ?.evaluate(async () => {
      const bridge = (window as unknown as { iamDsn: IamDsnBridge }).iamDsn;
      const listed = await bridge.refresherStatus();
      if (listed.ok) for (const s of listed.value) await bridge.stopRefresher(s.dsnId);
    })
    .catch(() => undefined);
  await app?.close();
  await fixture?.stop();
});

describe('Token file refresher', () => {
  it('is offered once the IAM DSN is saved', async () => {
    await page.getByRole('button', { name: 'New DSN' }).click();
    await field('Name').fill('fixture refresher');
    await field('Server').fill(fixture.endpointHost);
    await field('Port').fill(String(fixture.endpointPort));
    await field('User name').fill(fixture.iamUser);
    await field('Database').fill(fixture.database);
    await field('Region').fill(fixture.region);
    await openTab(page, 'TLS & network');
    await page.getByRole('radio', { name: /^Connect via host:port/ }).check();
    await field('Connect via host').fill('127.0.0.1');
    await field('Connect via port').fill(String(fixture.port));
    await field('CA bundle path').fill(fixture.caPath);
    await openTab(page, 'Token files');
    expect(await panel().count()).toBe(0);
    expect(await page.getByText(/Save the DSN first/).count()).toBe(1);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => panel().count()).toBe(1);
  });

  it('starts a .pgpass refresher, shows its status, and psql logs in through the file', async () => {
    const pgpass = join(app.dir, 'pgpass');
    writeFileSync(pgpass, OTHER_PGPASS_LINES, { mode: 0o600 });
    await panel().getByLabel('File kind').selectOption('pgpass');
    await panel().getByLabel('File path').fill(pgpass);
    await panel().getByRole('button', { name: 'Start' }).click();
    const status = panel().getByTestId('refresher-status');
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toContain('Running');
    const text = await status.innerText();
    expect(text).toContain(pgpass);
    expect(text).toContain(`${fixture.endpointHost}:${fixture.port}:${fixture.database}:${fixture.iamUser}`);
    expect(text).toContain('(#1)');
    const times = await status.locator('time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));
    expect(times).toHaveLength(3);
    const [last, next, expires] = times.map((t) => Date.parse(t));
    // 80% of 15 minutes (a few ms less: 80% of what is left of the token once it is written).
    expect((next ?? 0) - (last ?? 0)).toBeGreaterThan(719_000);
    expect((next ?? 0) - (last ?? 0)).toBeLessThanOrEqual(720_000);
    expect((expires ?? 0) - (last ?? 0)).toBeGreaterThanOrEqual(899_000);
    expect(await panel().getByRole('button', { name: 'Stop' }).count()).toBe(1);
    await status.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOT_DIR, '51-refresher.png') });

    const content = readFileSync(pgpass, 'utf8');
    expect(content.startsWith(`${OTHER_PGPASS_LINES}\n`)).toBe(true);
    expect(statSync(pgpass).mode & 0o777).toBe(0o600);
    const key = { host: fixture.endpointHost, port: String(fixture.port), database: fixture.database, user: fixture.iamUser };
    expect(pgpassPasswordFor(content, key)).toMatch(/X-Amz-Signature=/);
    const login = await verifierLines(fixture, () => psqlWithPgpass(fixture, pgpass, app.dir));
    expect(login.value).toMatchObject({ status: 0, stdout: `${fixture.iamUser}\n` });
    expect(login.lines[0]).toMatch(/^accept /);
  });

  it('stops: the status says so and the file keeps its token', async () => {
    const pgpass = join(app.dir, 'pgpass');
    const before = readFileSync(pgpass, 'utf8');
    await panel().getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => panel().getByTestId('refresher-status').innerText()).toContain('Stopped');
    expect(await panel().getByRole('button', { name: 'Start' }).isEnabled()).toBe(true);
    expect(readFileSync(pgpass, 'utf8')).toBe(before);
  });

  it('refuses a group-readable .pgpass and says how to fix it', async () => {
    const loose = join(app.dir, 'pgpass-loose');
    writeFileSync(loose, OTHER_PGPASS_LINES);
    chmodSync(loose, 0o644);
    await panel().getByLabel('File path').fill(loose);
    await panel().getByRole('button', { name: 'Start' }).click();
    const alert = panel().getByRole('alert');
    await expect.poll(() => alert.innerText()).toContain('Not started');
    const text = await alert.innerText();
    expect(text).toContain('mode 0644');
    expect(text).toContain('libpq ignores such a password file');
    expect(await panel().getByTestId('error-hint').innerText()).toContain(`chmod 600 ${loose}`);
    expect(readFileSync(loose, 'utf8')).toBe(OTHER_PGPASS_LINES);
    await alert.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOT_DIR, '52-refresher-refused.png') });
  });

  it('never sent a token to the page nor wrote one to the log', async () => {
    const log = readFileSync(app.logPath, 'utf8');
    expect(log).toContain('Token file refreshed');
    expect(app.responses.join('\n') + log).not.toMatch(/X-Amz-Signature|X-Amz-Credential/);
  });
});
