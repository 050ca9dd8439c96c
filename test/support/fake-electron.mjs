// A stand-in for the `electron` module, just enough for out/main/index.js to start in plain Node.
// It records what the main process does, then plays a short scenario once the window loads
// (fetch the page over app://, call IPC as the page and as a stranger, try to navigate away)
// and writes everything to $FAKE_ELECTRON_REPORT as JSON before exiting.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const report = { calls: [], windows: [], ipcChannels: [], scenario: {} };
const record = (name, detail) => report.calls.push(detail === undefined ? name : [name, detail]);
const appListeners = new Map();
const ipcHandlers = new Map();
const protocolHandlers = new Map();
const paths = new Map([['appData', process.env.FAKE_ELECTRON_APPDATA]]);
let ready = false;

function finish() {
  writeFileSync(process.env.FAKE_ELECTRON_REPORT, JSON.stringify(report, null, 2));
  process.exit(0);
}

function emitApp(event, ...args) {
  for (const listener of appListeners.get(event) ?? []) listener(...args);
}

/** A WebContents recording its listeners. */
function fakeWebContents() {
  const listeners = new Map();
  return {
    listeners,
    windowOpenHandler: undefined,
    on(event, listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return this;
    },
    setWindowOpenHandler(handler) {
      this.windowOpenHandler = handler;
    },
  };
}

export const app = {
  // FAKE_ELECTRON_PACKAGED=1: behave as a packaged app (app.isPackaged).
  isPackaged: process.env.FAKE_ELECTRON_PACKAGED === '1',
  enableSandbox: () => record('app.enableSandbox', { ready }),
  setName: (name) => record('app.setName', name),
  setPath: (name, value) => {
    record('app.setPath', [name, value]);
    paths.set(name, value);
  },
  getPath: (name) => {
    const value = paths.get(name) ?? join(paths.get('appData'), 'default-user-data');
    if (value === undefined) throw new Error(`unknown path ${name}`);
    return value;
  },
  getVersion: () => '0.1.0',
  requestSingleInstanceLock: () => {
    record('app.requestSingleInstanceLock');
    return process.env.FAKE_ELECTRON_LOCK !== 'denied';
  },
  quit: () => {
    record('app.quit');
    finish();
  },
  exit: (code) => {
    record('app.exit', code);
    finish();
  },
  on: (event, listener) => {
    record('app.on', event);
    appListeners.set(event, [...(appListeners.get(event) ?? []), listener]);
    return app;
  },
  whenReady: () =>
    new Promise((resolve) =>
      setTimeout(() => {
        ready = true;
        record('ready');
        resolve();
      }, 10),
    ),
};

export class BrowserWindow {
  static windows = [];
  static getAllWindows = () => BrowserWindow.windows;

  constructor(options) {
    record('new BrowserWindow');
    this.options = options;
    this.webContents = fakeWebContents();
    BrowserWindow.windows.push(this);
    report.windows.push({ options, preloadExists: existsSync(options.webPreferences?.preload ?? '') });
    // As Electron does, announce the new web contents (the app hardens it there).
    emitApp('web-contents-created', {}, this.webContents);
  }

  once(event) {
    record('window.once', event);
  }

  on(event) {
    record('window.on', event);
  }

  show() {
    record('window.show');
  }

  isMinimized() {
    return false;
  }

  focus() {}

  async loadURL(url) {
    record('window.loadURL', url);
    setTimeout(() => void runScenario(this, url).then(finish, (error) => {
      report.scenario.error = String(error?.stack ?? error);
      finish();
    }), 0);
  }
}

export const Menu = {
  // The template's labels, top level and one level down, for the report.
  buildFromTemplate: (template) => ({ labels: template.map((item) => [item.label ?? item.role, (item.submenu ?? []).map((sub) => sub.label ?? sub.role ?? sub.type)]) }),
  setApplicationMenu: (menu) => record('Menu.setApplicationMenu', menu?.labels ?? null),
};

export const ipcMain = {
  handle: (channel, handler) => {
    report.ipcChannels.push(channel);
    ipcHandlers.set(channel, handler);
  },
  removeHandler: (channel) => ipcHandlers.delete(channel),
  on: (channel) => record('ipcMain.on', channel), // electron-store's own sync channel
};

export const protocol = {
  registerSchemesAsPrivileged: (schemes) => record('protocol.registerSchemesAsPrivileged', { schemes, ready }),
  handle: (scheme, handler) => {
    // FAKE_ELECTRON_FAIL=protocol.handle: a start-up step that throws, as a real failure would.
    if (process.env.FAKE_ELECTRON_FAIL === 'protocol.handle') throw new Error(`could not register ${scheme}://`);
    record('protocol.handle', scheme);
    protocolHandlers.set(scheme, handler);
  },
};

const defaultSession = {
  permissionRequest: undefined,
  permissionCheck: undefined,
  setPermissionRequestHandler(handler) {
    this.permissionRequest = handler;
  },
  setPermissionCheckHandler(handler) {
    this.permissionCheck = handler;
  },
  webRequest: {
    onHeadersReceived: (filter) => record('session.onHeadersReceived', filter),
  },
};
export const session = { defaultSession };

export const shell = { openExternal: async (url) => record('shell.openExternal', url) };

export const dialog = {
  showErrorBox: (title, content) => record('dialog.showErrorBox', { title, content }),
};

// The async API only (Electron 45; the synchronous calls are gone in 46): a call of those throws.
export const safeStorage = {
  isAsyncEncryptionAvailable: async () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptStringAsync: async (plain) => Buffer.from(`enc:${plain}`),
  decryptStringAsync: async (data) => ({ result: data.toString().slice(4), shouldReEncrypt: false }),
};

async function runScenario(window, url) {
  const s = report.scenario;
  const handler = protocolHandlers.get('app');
  if (handler) {
    const page = await handler(new Request(url));
    s.page = { status: page.status, type: page.headers.get('content-type'), csp: page.headers.get('content-security-policy'), hasRoot: (await page.text()).includes('id="root"') };
  }
  const trusted = { senderFrame: { url, parent: null, detached: false } };
  const stranger = { senderFrame: { url: 'https://evil.example/', parent: null, detached: false } };
  const invoke = (channel, event, ...args) => ipcHandlers.get(channel)?.(event, ...args);
  s.storeStatus = await invoke('store:status', trusted);
  s.list = await invoke('dsn:list', trusted);
  s.invalidSave = await invoke('dsn:save', trusted, { name: '' });
  s.strangerList = await invoke('dsn:list', stranger);
  if (process.env.FAKE_ELECTRON_SAVE) {
    s.save = await invoke('dsn:save', trusted, JSON.parse(process.env.FAKE_ELECTRON_SAVE));
    s.listAfterSave = await invoke('dsn:list', trusted);
  }

  const navigate = window.webContents.listeners.get('will-navigate') ?? [];
  let prevented = false;
  for (const listener of navigate) listener({ url: 'https://evil.example/', preventDefault: () => (prevented = true) });
  s.navigationAwayPrevented = navigate.length > 0 && prevented;
  s.windowOpen = window.webContents.windowOpenHandler?.({ url: 'https://evil.example/' });

  const callback = (granted) => (s.permissionGranted = granted);
  defaultSession.permissionRequest?.({}, 'media', callback, {});
  s.permissionCheck = defaultSession.permissionCheck?.({}, 'media', url, {});
  s.appListeners = [...appListeners.keys()];
}

export default { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, safeStorage };
