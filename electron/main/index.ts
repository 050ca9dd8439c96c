/**
 * The Electron composition root: makes Electron's ports (the safeStorage cipher, the log file, the
 * save dialog, pushes to the main window), hands them to the one wiring (app-services.ts) and
 * registers the IPC doors. This file holds policy (paths, lifecycle, which URL is the app) and no
 * logic worth a unit test of its own; everything it wires is tested on its own with fakes.
 */
import { join } from 'node:path';
import * as electron from 'electron';
import { app, BrowserWindow, ipcMain, Menu, protocol, session, shell } from 'electron';
import { appMenuTemplate } from './app-menu';
import Store from 'electron-store';
import { type AppServices, createAppServices } from './app-services';
import { showStartupFailure } from './startup-failure';
import { createApiHandlers } from './ipc/api-handlers';
import { createEventPush, isTrustedSenderFor, registerIpc } from './ipc/register-ipc';
import { systemClock } from './platform/clock';
import { FileLogger } from './platform/file-logger';
import type { Logger } from './platform/logger';
import { SafeStorageCipher } from './platform/safe-storage-cipher';
import { ElectronSaveDialog } from './platform/save-dialog';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  contentSecurityPolicy,
  createAppProtocolHandler,
  createWindowOptions,
  hardenSession,
  hardenWebContents,
  isAppUrlFor,
} from './window';

const APP_NAME = 'IAM DSN Manager';

// out/main/index.js → out/preload/index.cjs and out/renderer/ (inside app.asar when packaged).
const preloadPath = join(import.meta.dirname, '..', 'preload', 'index.cjs');
const rendererDir = join(import.meta.dirname, '..', 'renderer');

// electron-vite dev serves the renderer and sets this; a packaged app never trusts it.
const devServerUrl = (!app.isPackaged && process.env.ELECTRON_RENDERER_URL) || undefined;
const appUrl = devServerUrl ?? APP_ENTRY_URL;
const isAppUrl = isAppUrlFor(appUrl);
const csp = contentSecurityPolicy({ dev: devServerUrl !== undefined });

// --- before `ready` -------------------------------------------------------------------------

// Every renderer sandboxed, whatever its webPreferences say.
app.enableSandbox();
// One userData folder whether run from source (package name) or packaged (productName).
app.setName(APP_NAME);
app.setPath('userData', join(app.getPath('appData'), APP_NAME));
// app:// must be registered as privileged before ready; see window.ts for why not file://.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

const userData = app.getPath('userData');
const logger: Logger = new FileLogger(join(userData, 'logs', 'main.log'));

let mainWindow: BrowserWindow | null = null;
/** Built once the app is ready (safeStorage needs it): its prompts end with the main window, its refreshers and tunnels when the app quits. */
let services: AppServices | null = null;
/** A quit is under way (before-quit came): a window's close is then the app's quit. */
let quitting = false;
// MFA and SSH prompts, refresher statuses, menu commands and close questions go to the app page in the main window only.
const pushEvent = createEventPush(() => mainWindow, isTrustedSenderFor(appUrl));

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the store file; it is told (second-instance) and focuses itself.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  start();
}

function start(): void {
  // Logged by kind only: a rejection's message may quote a server or a path, never needed here.
  process.on('unhandledRejection', (reason) => logger.error('Unhandled rejection', { error: reason instanceof Error ? reason.name : typeof reason }));

  // Every web contents, including any the app did not mean to create, is kept on the app.
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, isAppUrl, {
      openExternal: (url) => {
        shell.openExternal(url).catch(() => logger.warn('Could not open a link in the browser', { url }));
      },
    });
  });

  // A quit closes the window, whose close may be held for unsaved edits (WindowService): only
  // once every window closed does the app stop its token refreshers (no timer outlives the app,
  // each file keeps its last token) and close its SSH tunnels — a quit the user cancelled keeps
  // them running.
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', () => {
    services?.refreshers.stopAll();
    services?.tunnels.closeAll();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app
    .whenReady()
    .then(() => {
      wireServices();
      // The menu shows each command's accelerator; a chosen item runs in the window as its key does.
      Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({ platform: process.platform, send: (command) => void pushEvent('menuCommand', { command }), dev: devServerUrl !== undefined })));
      hardenSession(session.defaultSession, csp, isAppUrl);
      protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir, csp));
      createMainWindow();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
      });
      logger.info('App started', { version: app.getVersion(), dev: devServerUrl !== undefined, electron: process.versions.electron });
    })
    .catch((error: unknown) => {
      logger.error('Start-up failed', { error: error instanceof Error ? error.name : typeof error });
      console.error('IAM DSN Manager could not start:', error);
      showStartupFailure(electron.dialog, error, join(userData, 'logs', 'main.log'));
      app.exit(1);
    });
}

/** Builds the services (after ready: safeStorage needs it) through the one wiring, and registers the IPC doors. */
function wireServices(): void {
  const cipher = new SafeStorageCipher();
  services = createAppServices({
    clock: systemClock,
    logger,
    cipher,
    // electron-store maps `name` to the file name itself (dsns.json in userData).
    storeFile: { createConf: (options) => new Store<Record<string, unknown>>(options), directory: userData },
    // With no app page to ask, the prompt fails at once (MFA_REQUIRED).
    showMfaRequest: (request) => {
      if (!pushEvent('mfaRequest', request)) throw new Error('No app window to ask for an MFA code');
    },
    showMfaResult: (result) => void pushEvent('mfaResult', result),
    // The same for an SSH tunnel's questions: without the app page, an unknown host key is refused.
    showSshPrompt: (request) => {
      if (!pushEvent('sshPrompt', request)) throw new Error('No app window to ask about an SSH tunnel');
    },
    // Save to file asks where on the main window (modal to it).
    saveDialog: new ElectronSaveDialog(() => mainWindow),
    // No window: nothing to tell; the panel reads the list when it opens.
    onRefresherStatus: (status) => void pushEvent('refresherStatus', status),
    // Closing with unsaved edits asks the page first; its answer closes (or quits) for real.
    window: {
      askToClose: (request) => pushEvent('closeRequested', request),
      close: (reason) => (reason === 'quit' ? app.quit() : mainWindow?.close()),
      // BrowserWindow.setDocumentEdited exists on macOS only (the dot in the close button).
      setEdited: (edited) => {
        if (process.platform === 'darwin') mainWindow?.setDocumentEdited(edited);
      },
    },
  });

  registerIpc(ipcMain, createApiHandlers(services), isTrustedSenderFor(appUrl), {
    onError: (method, error) => logger.error('IPC handler threw', { method, error: errorKind(error) }),
    onUntrusted: (method, url) => logger.warn('IPC call from an untrusted sender refused', { method, url }),
  });
  // (`encryption`, not `secretStorage`: the logger drops any field named like a secret.)
  void services.store.status().then((status) => logger.info('Services ready', { encryption: status.secretStorage, storePath: status.storePath }));
}

/** An error by kind only (name and errno code): its message could quote anything. */
function errorKind(error: unknown): string {
  if (error instanceof Error) return 'code' in error ? `${error.name} ${String(error.code)}` : error.name;
  return typeof error;
}

function createMainWindow(): void {
  const window = new BrowserWindow(createWindowOptions(preloadPath));
  mainWindow = window;
  window.once('ready-to-show', () => window.show());
  window.on('close', (event) => {
    if (services?.window.onCloseAttempt(quitting ? 'quit' : 'close') !== 'keep-open') return;
    event.preventDefault();
    quitting = false;
  });
  window.on('closed', () => {
    if (mainWindow !== window) return;
    mainWindow = null;
    services?.mfa.cancelAll();
    services?.sshPrompts.cancelAll();
  });
  window.webContents.on('render-process-gone', (_event, details) => logger.error('Renderer gone', { reason: details.reason, exitCode: details.exitCode }));
  window.webContents.on('did-fail-load', (_event, code, description, url) => logger.error('Page failed to load', { code, description, url }));

  window.loadURL(appUrl).catch((error: unknown) => {
    logger.error('Could not load the renderer', { url: appUrl, error: error instanceof Error ? error.message : typeof error });
  });
}
