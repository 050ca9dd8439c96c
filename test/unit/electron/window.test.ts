import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_SCHEME_PRIVILEGES,
  contentSecurityPolicy,
  createAppProtocolHandler,
  createWindowOptions,
  hardenSession,
  hardenWebContents,
  isAppUrlFor,
} from '../../../electron/main/window';

// window.ts imports electron for types only; make sure a runtime import would fail loudly here.
vi.mock('electron', () => {
  throw new Error('window.ts must not load electron at runtime');
});

type Listener = (...args: unknown[]) => void;

/** A WebContents that records its listeners and window-open handler. */
function fakeWebContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on: (name: string, listener: Listener) => {
      listeners.set(name, listener);
      return contents;
    },
    setWindowOpenHandler: (handler: (details: { url: string }) => { action: string }) => {
      openHandler = handler;
    },
  };
  const emit = (name: string, url?: string) => {
    const event = { url, preventDefault: vi.fn() };
    const listener = listeners.get(name);
    if (!listener) throw new Error(`no ${name} listener`);
    listener(event, {}, {});
    return event.preventDefault;
  };
  const open = (url: string) => {
    if (!openHandler) throw new Error('no window open handler');
    return openHandler({ url });
  };
  return { contents: contents as unknown as WebContents, emit, open, listeners };
}

describe('createWindowOptions', () => {
  const options = createWindowOptions('/app/out/preload/index.cjs');
  const prefs = options.webPreferences ?? {};

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webviewTag', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['spellcheck', false],
    ['navigateOnDragDrop', false],
  ] as const)('sets %s to %s explicitly', (key, value) => {
    expect(prefs[key]).toBe(value);
  });

  it('uses the given preload and stays hidden until ready-to-show', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
    expect(options.show).toBe(false);
  });

  it('has a usable size', () => {
    expect(options.width).toBeGreaterThanOrEqual(800);
    expect(options.height).toBeGreaterThanOrEqual(560);
    expect(options.minWidth).toBeLessThanOrEqual(options.width ?? 0);
  });

  it('turns on no insecure or experimental switches', () => {
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
  });
});

describe('isAppUrlFor', () => {
  it('accepts any path on the app scheme and host, nothing else', () => {
    const isApp = isAppUrlFor(APP_ENTRY_URL);
    expect(isApp('app://renderer/index.html')).toBe(true);
    expect(isApp('app://renderer/index.html#/dsn/1')).toBe(true);
    expect(isApp('app://other/index.html')).toBe(false);
    expect(isApp('https://renderer/index.html')).toBe(false);
    expect(isApp('file:///index.html')).toBe(false);
    expect(isApp('not a url')).toBe(false);
  });

  it('compares the origin of a dev server, port included', () => {
    const isApp = isAppUrlFor('http://localhost:5173/');
    expect(isApp('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(isApp('http://localhost:5174/')).toBe(false);
    expect(isApp('https://localhost:5173/')).toBe(false);
    expect(isApp('http://evil.example/')).toBe(false);
  });

  it('accepts only the entry file itself for file:', () => {
    const isApp = isAppUrlFor('file:///opt/app/out/renderer/index.html');
    expect(isApp('file:///opt/app/out/renderer/index.html#/x')).toBe(true);
    expect(isApp('file:///etc/passwd')).toBe(false);
    expect(isApp('file:///opt/app/out/renderer/other.html')).toBe(false);
  });
});

describe('hardenWebContents', () => {
  const isApp = isAppUrlFor(APP_ENTRY_URL);

  it('prevents navigation to another URL and lets in-app navigation through', () => {
    const fake = fakeWebContents();
    hardenWebContents(fake.contents, isApp);
    expect(fake.emit('will-navigate', 'https://evil.example/')).toHaveBeenCalled();
    expect(fake.emit('will-navigate', 'file:///etc/passwd')).toHaveBeenCalled();
    expect(fake.emit('will-navigate', 'app://renderer/index.html')).not.toHaveBeenCalled();
  });

  it('prevents redirects away from the app', () => {
    const fake = fakeWebContents();
    hardenWebContents(fake.contents, isApp);
    expect(fake.emit('will-redirect', 'http://evil.example/')).toHaveBeenCalled();
    expect(fake.emit('will-redirect', 'app://renderer/index.html')).not.toHaveBeenCalled();
  });

  it('denies window.open and opens nothing without an openExternal callback', () => {
    const fake = fakeWebContents();
    hardenWebContents(fake.contents, isApp);
    expect(fake.open('https://docs.aws.amazon.com/')).toEqual({ action: 'deny' });
    expect(fake.open('app://renderer/index.html')).toEqual({ action: 'deny' });
  });

  it('hands only https links to openExternal, still denying the window', () => {
    const openExternal = vi.fn();
    const fake = fakeWebContents();
    hardenWebContents(fake.contents, isApp, { openExternal });
    expect(fake.open('https://docs.aws.amazon.com/')).toEqual({ action: 'deny' });
    expect(fake.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(fake.open('smb://host/share')).toEqual({ action: 'deny' });
    expect(fake.emit('will-navigate', 'https://aws.amazon.com/')).toHaveBeenCalled();
    expect(openExternal.mock.calls).toEqual([['https://docs.aws.amazon.com/'], ['https://aws.amazon.com/']]);
  });

  it('refuses every <webview>', () => {
    const fake = fakeWebContents();
    hardenWebContents(fake.contents, isApp);
    expect(fake.emit('will-attach-webview')).toHaveBeenCalled();
  });
});

describe('hardenSession', () => {
  function fakeSession() {
    const recorded: {
      request?: (wc: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
      check?: (wc: unknown, permission: string, origin: string, details: unknown) => boolean;
      headers?: { filter: { urls: string[] }; listener: (details: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void };
    } = {};
    const session = {
      setPermissionRequestHandler: (handler: typeof recorded.request) => (recorded.request = handler),
      setPermissionCheckHandler: (handler: typeof recorded.check) => (recorded.check = handler),
      webRequest: {
        onHeadersReceived: (filter: { urls: string[] }, listener: NonNullable<typeof recorded.headers>['listener']) =>
          (recorded.headers = { filter, listener }),
      },
    };
    return { session: session as unknown as Session, recorded };
  }

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen'])('denies the %s permission', (permission) => {
    const { session, recorded } = fakeSession();
    hardenSession(session, "default-src 'none'");
    const callback = vi.fn();
    recorded.request?.({}, permission, callback, {});
    expect(callback).toHaveBeenCalledWith(false);
    expect(recorded.check?.({}, permission, 'app://renderer', {})).toBe(false);
  });

  it('allows clipboard writes from the app page only (the Copy buttons), nothing else', () => {
    const { session, recorded } = fakeSession();
    hardenSession(session, "default-src 'none'", (url) => url.startsWith('app://renderer/'));
    const page = { getURL: () => 'app://renderer/index.html' };
    const callback = vi.fn();
    recorded.request?.(page, 'clipboard-sanitized-write', callback, { requestingUrl: 'app://renderer/index.html' });
    expect(callback).toHaveBeenLastCalledWith(true);
    recorded.request?.(page, 'clipboard-sanitized-write', callback, { requestingUrl: 'https://evil.example/' });
    expect(callback).toHaveBeenLastCalledWith(false);
    recorded.request?.(page, 'clipboard-read', callback, { requestingUrl: 'app://renderer/index.html' });
    expect(callback).toHaveBeenLastCalledWith(false);
    expect(recorded.check?.(page, 'clipboard-sanitized-write', 'app://renderer', { requestingUrl: 'app://renderer/index.html' })).toBe(true);
    expect(recorded.check?.(page, 'clipboard-sanitized-write', 'https://evil.example', {})).toBe(false);
  });

  it('adds the CSP header to http(s) responses, keeping any the server sent', () => {
    const { session, recorded } = fakeSession();
    hardenSession(session, 'CSP-X');
    expect(recorded.headers?.filter.urls).toEqual(['http://*/*', 'https://*/*']);
    const callback = vi.fn();
    recorded.headers?.listener({ responseHeaders: { 'content-security-policy': ['server'], Other: ['1'] } }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'content-security-policy': ['server', 'CSP-X'], Other: ['1'] } });
    recorded.headers?.listener({}, callback);
    expect(callback).toHaveBeenLastCalledWith({ responseHeaders: { 'Content-Security-Policy': ['CSP-X'] } });
  });
});

describe('contentSecurityPolicy', () => {
  it('allows no inline script, eval or remote source in the built app', () => {
    const csp = contentSecurityPolicy({ dev: false });
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|ws:/);
    expect(csp).toContain("object-src 'none'");
  });

  it('relaxes only what the dev server needs', () => {
    const csp = contentSecurityPolicy({ dev: true });
    expect(csp).toContain("script-src 'self' 'unsafe-inline'");
    expect(csp).toContain('ws:');
    expect(csp).not.toContain('unsafe-eval');
  });
});

describe('app:// protocol handler', () => {
  const files: Record<string, string> = {
    '/r/index.html': '<html></html>',
    '/r/assets/index-abc.js': 'console.log(1)',
  };
  const readFile = vi.fn(async (path: string) => {
    const text = files[path.replaceAll('\\', '/').replace(/^[A-Z]:/, '')];
    if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    return new TextEncoder().encode(text);
  });
  const handle = createAppProtocolHandler('/r', 'CSP-X', readFile);
  const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

  it('registers a standard, secure scheme', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true, codeCache: true } });
  });

  it('serves the entry and assets with type, CSP and nosniff', async () => {
    const page = await get(APP_ENTRY_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe('CSP-X');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toBe('<html></html>');
    const script = await get('app://renderer/assets/index-abc.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('serves index.html for the bare origin', async () => {
    expect((await get('app://renderer/')).status).toBe(200);
  });

  it('never reads a file outside the renderer directory', async () => {
    readFile.mockClear();
    // Encoded slashes survive URL parsing and decode to a climb: refused before any read.
    for (const url of ['app://renderer/..%2f..%2fetc%2fpasswd', 'app://renderer/assets/%2e%2e%2f%2e%2e%2fx', 'app://renderer/..%5c..%5cx']) {
      expect((await get(url)).status).toBe(403);
    }
    // Dot segments are resolved by the URL parser itself, so they stay inside.
    expect((await get('app://renderer/%2e%2e/secret.txt')).status).toBe(404);
    for (const [path] of readFile.mock.calls) expect(path.replaceAll('\\', '/')).toMatch(/^(?:[A-Z]:)?\/r\//);
  });

  it('answers 404 for a missing file or another host, 405 for a write', async () => {
    expect((await get('app://renderer/missing.js')).status).toBe(404);
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get(APP_ENTRY_URL, 'POST')).status).toBe(405);
  });
});
