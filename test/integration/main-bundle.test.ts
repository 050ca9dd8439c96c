/**
 * Starts the built main process (out/main/index.js) in plain Node, with `electron` resolved to
 * support/fake-electron.mjs, and checks what the composition root wired: the next best thing to
 * launching Electron, whose binary tests must not need.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDsn, type DsnInput } from '../../shared/dsn';
import { IPC_CHANNELS } from '../../shared/ipc-contract';
import { ensureBuilt, repoRoot } from '../support/ensure-built';

const mainBundle = join(repoRoot, 'out', 'main', 'index.js');
const hooks = fileURLToPath(new URL('../support/electron-hooks.mjs', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'iamdsn-main-'));

interface Report {
  calls: Array<string | [string, unknown]>;
  windows: Array<{ options: { show?: boolean; webPreferences?: Record<string, unknown> }; preloadExists: boolean }>;
  ipcChannels: string[];
  scenario: Record<string, unknown> & { error?: string };
}

function startMain(name: string, env: Record<string, string> = {}): Report {
  const appData = join(scratch, name);
  const reportFile = join(scratch, `${name}.json`);
  const result = spawnSync(process.execPath, ['--import', hooks, mainBundle], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, ELECTRON_RENDERER_URL: '', FAKE_ELECTRON_APPDATA: appData, FAKE_ELECTRON_REPORT: reportFile, ...env },
  });
  if (result.status !== 0 || !existsSync(reportFile)) throw new Error(`main exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  if (report.scenario.error) throw new Error(report.scenario.error);
  return report;
}

const callNames = (report: Report) => report.calls.map((call) => (typeof call === 'string' ? call : call[0]));

beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('built main process (composition root)', () => {
  const password = 'n0t-in-the-file';
  const input: DsnInput = { ...defaultDsn(), name: 'local', authType: 'database', server: '127.0.0.1', user: 'db_user', sslMode: 'disable', password };
  let report: Report;
  beforeAll(() => {
    report = startMain('normal', { FAKE_ELECTRON_SAVE: JSON.stringify(input) });
  }, 60_000);

  it('sandboxes all renderers and registers app:// before ready', () => {
    const names = callNames(report);
    expect(names.indexOf('app.enableSandbox')).toBeLessThan(names.indexOf('ready'));
    expect(names.indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(names.indexOf('ready'));
    expect(names.indexOf('app.requestSingleInstanceLock')).toBeLessThan(names.indexOf('ready'));
  });

  it('keeps user data in one "IAM DSN Manager" folder', () => {
    expect(report.calls).toContainEqual(['app.setPath', ['userData', join(scratch, 'normal', 'IAM DSN Manager')]]);
    expect(existsSync(join(scratch, 'normal', 'IAM DSN Manager', 'logs', 'main.log'))).toBe(true);
  });

  it('registers one IPC handler per channel', () => {
    expect([...report.ipcChannels].sort()).toEqual(Object.values(IPC_CHANNELS).sort());
  });

  it('opens one hidden, locked-down window on the built renderer, with the built preload', () => {
    expect(report.windows).toHaveLength(1);
    const [window] = report.windows;
    expect(window?.preloadExists).toBe(true);
    expect(window?.options.show).toBe(false);
    expect(window?.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(report.calls).toContainEqual(['window.loadURL', 'app://renderer/index.html']);
    // The application menu is set, with the window's commands.
    const menu = report.calls.find((call) => Array.isArray(call) && call[0] === 'Menu.setApplicationMenu');
    expect(JSON.stringify(menu)).toContain('Test connection');
    // A close is checked for unsaved edits; refreshers stop only once the app really quits.
    expect(report.calls).toContainEqual(['window.on', 'close']);
    expect(callNames(report)).toContain('window.once');
  });

  it('serves out/renderer over app:// with the CSP', () => {
    expect(report.scenario.page).toMatchObject({ status: 200, hasRoot: true, type: expect.stringMatching(/^text\/html/) });
    expect(report.scenario.page).toMatchObject({ csp: expect.stringContaining("script-src 'self'") });
  });

  it('answers the page over IPC and refuses a stranger', () => {
    expect(report.scenario.storeStatus).toMatchObject({ ok: true, value: { secretStorage: 'os' } });
    expect(report.scenario.list).toEqual({ ok: true, value: [] });
    expect(report.scenario.invalidSave).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(report.scenario.strangerList).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
  });

  it('saves through electron-store with the password encrypted by safeStorage', () => {
    expect(report.scenario.save).toMatchObject({ ok: true, value: { name: 'local', hasPassword: true } });
    expect(report.scenario.listAfterSave).toMatchObject({ ok: true, value: [{ name: 'local' }] });
    const file = readFileSync(join(scratch, 'normal', 'IAM DSN Manager', 'dsns.json'), 'utf8');
    expect(file).toContain('127.0.0.1');
    expect(file).not.toContain(password);
  });

  it('hardens the window: navigation away prevented, window.open denied, permissions denied', () => {
    expect(report.scenario.navigationAwayPrevented).toBe(true);
    expect(report.scenario.windowOpen).toEqual({ action: 'deny' });
    expect(report.scenario.permissionGranted).toBe(false);
    expect(report.scenario.permissionCheck).toBe(false);
  });

  it('quits when all windows close (except on macOS)', () => {
    expect(report.scenario.appListeners).toEqual(expect.arrayContaining(['window-all-closed', 'second-instance', 'activate']));
  });

  it('quits at once, opening nothing, when another instance holds the lock', () => {
    const second = startMain('second', { FAKE_ELECTRON_LOCK: 'denied' });
    expect(callNames(second)).toContain('app.quit');
    expect(callNames(second)).not.toContain('new BrowserWindow');
    expect(second.ipcChannels).toEqual([]);
  });

  it('a start-up failure shows an error box naming the cause and the log, then exits 1', () => {
    const failed = startMain('failing', { FAKE_ELECTRON_FAIL: 'protocol.handle' });
    const log = join(scratch, 'failing', 'IAM DSN Manager', 'logs', 'main.log');
    const box = failed.calls.find((call) => Array.isArray(call) && call[0] === 'dialog.showErrorBox');
    expect(box).toEqual(['dialog.showErrorBox', { title: 'IAM DSN Manager could not start', content: `could not register app://\n\nMore in the log: ${log}` }]);
    const names = callNames(failed);
    expect(names.indexOf('dialog.showErrorBox')).toBeLessThan(names.indexOf('app.exit'));
    expect(failed.calls).toContainEqual(['app.exit', 1]);
    expect(failed.windows).toEqual([]);
  });
});
