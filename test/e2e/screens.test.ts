/**
 * Every screen of the DSN window at 1280×800 and 900×650, photographed (test-results/e2e/8x-*.png;
 * the dark scheme at 1280×800 too) and checked with axe-core in the light and the dark scheme:
 * the empty library, 20 DSNs in folders with a production one open, each editor section, the
 * success / warning / failure reports, the export and the status bar with a running refresher.
 * The library shows at least 15 rows at 1280×800 and 8 at 900×650.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDsn, type DsnEnvironment, type DsnInput, type SavedDsn } from '../../shared/dsn';
import type { IamDsnBridge } from '../../shared/ipc-contract';
import type { Result } from '../../shared/result';
import { startIamPostgres } from '../fixture/iam-postgres';
import type { IamPostgres } from '../fixture/iam-postgres-types';
import { SCREENSHOT_DIR, startE2eApp, type E2eApp } from './support/app-harness';
import { axeViolations, libraryRow, openTab, type AxeViolation } from './support/ui';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 900, height: 650 },
] as const;

let fixture: IamPostgres;
let app: E2eApp;
let page: Page;

type Bridge = { iamDsn: IamDsnBridge };

async function call<T>(fn: (api: IamDsnBridge, arg: unknown) => Promise<Result<T>>, arg?: unknown): Promise<T> {
  const src = fn.toString();
  const result = (await page.evaluate(
    ([s, a]) => (new Function(`return (${s as string})`)() as (api: IamDsnBridge, arg: unknown) => Promise<unknown>)((window as unknown as Bridge).iamDsn, a),
    [src, arg] as const,
  )) as Result<T>;
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

/** Photographs the screen at both sizes (and dark at the first) and runs axe in both schemes at each. */
async function capture(name: string): Promise<void> {
  const problems: string[] = [];
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${size.width}x${size.height}.png`) });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      if (colorScheme === 'dark' && size.width === 1280) await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${size.width}x${size.height}-dark.png`) });
      const found: AxeViolation[] = await axeViolations(page);
      for (const v of found) problems.push(`${colorScheme} ${size.width}x${size.height}: ${v.id} (${v.impact ?? ''}) ${v.help} — ${v.targets.slice(0, 3).join(' | ')}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }
  if (problems.length > 0) console.log(`AXE ${name}\n${problems.join('\n')}`);
  expect(problems, `axe on ${name}`).toEqual([]);
}

/** How many library rows are wholly in view. */
function rowsInView(): Promise<number> {
  return page.evaluate(() => {
    const scroller = document.querySelector('.dsn-scroll')?.getBoundingClientRect();
    if (scroller === undefined) return 0;
    return [...document.querySelectorAll('.dsn-item, .tree-group')].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= scroller.top - 1 && r.bottom <= scroller.bottom + 1 && r.height > 0;
    }).length;
  });
}

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
  await expect.poll(() => page.getByTestId('test-report').getAttribute('data-outcome'), { timeout: 30_000 }).not.toBeNull();
}

beforeAll(async () => {
  fixture = await startIamPostgres();
  const key = fixture.keys[0];
  if (key === undefined) throw new Error('fixture has no key');
  app = await startE2eApp({ credentials: key });
  page = app.page;
});

afterAll(async () => {
  await page
    ?.evaluate(async () => {
      const bridge = (window as unknown as Bridge).iamDsn;
      const listed = await bridge.refresherStatus();
      if (listed.ok) for (const s of listed.value) await bridge.stopRefresher(s.dsnId);
    })
    .catch(() => undefined);
  await app?.close();
  await fixture?.stop();
});

describe('screens', () => {
  it('the empty library: the focus starts on New DSN', async () => {
    await page.getByTestId('library-empty').waitFor();
    // Focused in the frame after the library is ready.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('New DSN');
    await capture('80-empty');
  });

  it('20 DSNs in folders, a production one open: ≥ 15 rows in view at 1280×800, ≥ 8 at 900×650', async () => {
    const envs: DsnEnvironment[] = ['production', 'staging', 'test', 'development', ''];
    const folders = ['billing', 'orders', 'reporting', 'auth'];
    for (let i = 0; i < 19; i++) {
      const input = fixtureDsn(`${folders[i % 4] ?? 'x'} ${['reader', 'writer', 'replica', 'admin', 'etl'][i % 5] ?? ''} ${i}`, {
        tags: [folders[i % 4] ?? 'x'],
        environment: envs[i % 5] ?? '',
        favorite: i === 3,
        caBundlePath: i % 2 === 0 ? fixture.caPath : '',
      });
      await call((api, a) => api.saveDsn(a as DsnInput), input);
    }
    const prod = await call<SavedDsn>((api, a) => api.saveDsn(a as DsnInput), fixtureDsn('orders primary (prod)', { tags: ['orders', 'prod'], environment: 'production' }));
    await page.reload();
    await page.getByLabel('Group').selectOption('tag');
    await libraryRow(page, prod.name).click();
    expect(await page.getByTestId('editor-environment').textContent()).toBe('Production');
    for (const [size, least] of [
      [SIZES[0], 15],
      [SIZES[1], 8],
    ] as const) {
      await page.setViewportSize(size);
      await page.waitForTimeout(150);
      expect(await rowsInView(), `${size.width}x${size.height}`).toBeGreaterThanOrEqual(least);
    }
    await capture('81-library-20');
  });

  it('each section of the editor', async () => {
    const sections = ['Connection', 'Credentials', 'TLS & network', 'Export', 'IAM setup', 'Token files'];
    for (const [i, name] of sections.entries()) {
      await openTab(page, name);
      await capture(`82-section-${i + 1}-${name.toLowerCase().replace(/[^a-z]+/g, '-')}`);
    }
    await openTab(page, 'Connection');
  });

  it('the reports: success, success with warnings, failure', async () => {
    await testAndWait();
    expect(await page.getByTestId('test-report').getAttribute('data-tone')).toBe('success');
    await capture('83-report-success');
    await openTab(page, 'TLS & network');
    await page.getByLabel('CA bundle path', { exact: true }).fill('');
    await testAndWait();
    expect(await page.getByTestId('test-report').getAttribute('data-tone')).toBe('warning');
    await capture('84-report-warning');
    await page.getByLabel('CA bundle path', { exact: true }).fill(fixture.caPath);
    await openTab(page, 'Connection');
    await page.getByLabel('User name', { exact: true }).fill(fixture.noIamUser);
    await testAndWait();
    expect(await page.getByTestId('test-report').getAttribute('data-tone')).toBe('failure');
    await capture('85-report-failure');
    await page.getByLabel('User name', { exact: true }).fill(fixture.iamUser);
    await page.getByRole('button', { name: 'Close the test result' }).click();
  });

  it('the export', async () => {
    await openTab(page, 'Export');
    await page.getByLabel('Export format').selectOption('psql');
    await capture('86-export');
    await openTab(page, 'Connection');
  });

  it('the status bar with a running refresher', async () => {
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const dsns = await call<SavedDsn[]>((api) => api.listDsns());
    const open = dsns.find((d) => d.name === 'orders primary (prod)');
    await call((api, a) => api.startRefresher(a as never), { dsnId: open?.id, target: { kind: 'password-file', path: join(app.dir, 'orders.token') } });
    // The harness's refresher pushes no status (the app's does): the window reads the list when it loads.
    await page.reload();
    await libraryRow(page, 'orders primary (prod)').click();
    const item = page.getByTestId('status-refreshers');
    await item.waitFor();
    expect(await item.innerText()).toMatch(/^1 token file refreshing · next: orders primary \(prod\) at /);
    expect(await page.getByTestId('status-bar').innerText()).toContain('Refreshers stop when the app quits');
    await capture('87-status-refresher');
  });
});
