/**
 * The window, what it may load and from where. Electron is imported for types only, so all of
 * this runs in plain Node under test; the composition root (index.ts) passes the real objects.
 *
 * The built renderer is served from `app://renderer/` rather than `file://`: the
 * `grantFileProtocolExtraPrivileges` fuse is off in packaged builds, which makes `file://` behave
 * as in Chrome, where Vite's `<script type="module">` is blocked as cross-origin.
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import { extname, isAbsolute, join, normalize, relative } from 'node:path';
import type { BrowserWindowConstructorOptions, CustomScheme, Session, WebContents } from 'electron';

/** The custom scheme serving the built renderer. */
export const APP_SCHEME = 'app';
/** The one host under {@link APP_SCHEME}. */
export const APP_HOST = 'renderer';
/** The renderer's entry URL in a built app. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Registration of {@link APP_SCHEME}; pass to `protocol.registerSchemesAsPrivileged` before
 * `app` is ready. `standard` gives it an origin and relative URLs, `secure` a secure context.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  // codeCache: V8 keeps compiled renderer code between launches (needs standard: true).
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/** Options of the main window: every Electron security flag set explicitly, hidden until painted. */
export function createWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1120,
    height: 780,
    minWidth: 800,
    minHeight: 560,
    title: 'IAM DSN Manager',
    show: false, // shown on 'ready-to-show', avoiding a white flash
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  };
}

/**
 * Returns a predicate telling whether a URL belongs to the app whose entry is `appUrl`: the same
 * file for `file:`, else the same scheme and host (`app://renderer`, or the dev server's origin).
 */
export function isAppUrlFor(appUrl: string): (url: string) => boolean {
  const app = new URL(appUrl);
  return (url: string): boolean => {
    let candidate: URL;
    try {
      candidate = new URL(url);
    } catch {
      return false;
    }
    if (app.protocol === 'file:') {
      return candidate.protocol === 'file:' && candidate.host === app.host && candidate.pathname === app.pathname;
    }
    // Compare scheme and host, not `origin`: WHATWG gives non-special schemes an opaque origin.
    return candidate.protocol === app.protocol && candidate.host === app.host;
  };
}

/** Only https pages may be handed to the OS browser; never file:, smb: or custom schemes. */
function isExternalWebUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** Options of {@link hardenWebContents}. */
export interface HardenOptions {
  /** Opens an https link in the user's browser (shell.openExternal); omitted, links open nothing. */
  openExternal?: ((url: string) => void) | undefined;
}

/**
 * Keeps the page on the app: navigation and redirects to any other URL are prevented, new
 * windows are denied (an https link goes to `openExternal` when given), `<webview>` is refused.
 */
export function hardenWebContents(contents: WebContents, isAppUrl: (url: string) => boolean, options: HardenOptions = {}): void {
  const { openExternal } = options;
  const handOff = (url: string): void => {
    if (openExternal && isExternalWebUrl(url)) openExternal(url);
  };

  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    handOff(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    handOff(url);
    return { action: 'deny' };
  });
}

/**
 * The Content-Security-Policy of the renderer. The dev server needs inline scripts (React
 * refresh), inline styles and its websocket; the built app needs none of them.
 */
export function contentSecurityPolicy(options: { dev: boolean }): string {
  const dev = options.dev;
  return [
    "default-src 'none'",
    dev ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    dev ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    dev ? "connect-src 'self' ws: wss:" : "connect-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "object-src 'none'",
    "worker-src 'none'",
  ].join('; ');
}

/** The URL of a web contents, or undefined when it is gone. */
function pageUrl(contents: WebContents): string | undefined {
  try {
    return contents.getURL();
  } catch {
    return undefined;
  }
}

/** The only permission the app itself uses: writing text to the clipboard (the Copy buttons). */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/**
 * Denies every permission (camera, notifications, clipboard-read…) except clipboard writes from
 * the app's own page (`navigator.clipboard.writeText` needs `clipboard-sanitized-write`), and adds
 * `csp` to every http(s) response, which in practice is the dev server. `app://` responses carry
 * it from {@link createAppProtocolHandler}; the renderer's meta tag is a second layer.
 */
export function hardenSession(session: Session, csp: string, isAppUrl: (url: string) => boolean = () => false): void {
  const allowed = (permission: string, url: string | undefined): boolean =>
    ALLOWED_PERMISSIONS.has(permission) && url !== undefined && isAppUrl(url);
  session.setPermissionRequestHandler((contents, permission, callback, details) =>
    callback(allowed(permission, details.requestingUrl ?? pageUrl(contents))),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    allowed(permission, details.requestingUrl ?? requestingOrigin),
  );
  session.webRequest.onHeadersReceived({ urls: ['http://*/*', 'https://*/*'] }, (details, callback) => {
    const headers: Record<string, string[]> = { ...details.responseHeaders };
    // Several CSP headers are all enforced, so add ours rather than replace the server's.
    const key = Object.keys(headers).find((name) => name.toLowerCase() === 'content-security-policy') ?? 'Content-Security-Policy';
    headers[key] = [...(headers[key] ?? []), csp];
    callback({ responseHeaders: headers });
  });
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** Reads a file's bytes; injectable for tests. */
export type ReadFile = (path: string) => Promise<Uint8Array>;

/**
 * Returns the `protocol.handle(APP_SCHEME, …)` handler: serves files under `rendererDir` only
 * (no path may climb out of it), GET only, with `csp` and `nosniff` on every answer.
 */
export function createAppProtocolHandler(rendererDir: string, csp: string, readFile: ReadFile = fsReadFile): (request: Request) => Promise<Response> {
  const root = normalize(rendererDir);
  const answer = (status: number): Response => new Response(null, { status, headers: { 'X-Content-Type-Options': 'nosniff' } });

  return async (request: Request): Promise<Response> => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return answer(400);
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return answer(404);
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405);

    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return answer(400);
    }
    const file = join(root, pathname === '/' ? 'index.html' : pathname);
    const inside = relative(root, file);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside) || pathname.includes('\0')) return answer(403);

    let body: Uint8Array;
    try {
      body = await readFile(file);
    } catch {
      return answer(404);
    }
    const headers = {
      'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}
