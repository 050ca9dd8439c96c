/**
 * Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security), item by
 * item, asserted on the real code and configuration: the built renderer (out/renderer), the built
 * main process started in plain Node with the fake electron module of test/support,
 * window.ts, the packaging config and the installed Electron.
 *
 * Items an existing test already covers are not tested twice: the INDEX at the end names, for each
 * item, the test files and test names that cover it, and checks that those files exist, are in a
 * vitest project, and still contain those tests, so the list cannot silently rot.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Session, WebContents } from 'electron';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL, contentSecurityPolicy, createAppProtocolHandler, createWindowOptions, hardenSession, hardenWebContents, isAppUrlFor } from '../../electron/main/window';
import { ensureBuilt } from '../support/ensure-built';

vi.mock('electron', () => {
  throw new Error('the checklist runs in plain Node: nothing may load electron');
});

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fromRoot = (...parts: string[]): string => join(repoRoot, ...parts);
const read = (...parts: string[]): string => readFileSync(fromRoot(...parts), 'utf8');

// ---------------------------------------------------------------------------------------------
// CSP parsing and the definition of "strict".

type Csp = Map<string, string[]>;

function parseCsp(policy: string): Csp {
  const out: Csp = new Map();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name === undefined || name === '') continue;
    expect(out.has(name.toLowerCase()), `directive ${name} appears twice (the second is ignored)`).toBe(false);
    out.set(name.toLowerCase(), sources);
  }
  return out;
}

/** Source expressions that would let in script, eval, or anything from the network. */
const FORBIDDEN_SOURCES = /^(?:'unsafe-inline'|'unsafe-eval'|'unsafe-hashes'|'wasm-unsafe-eval'|'strict-dynamic'|\*|https?:|wss?:|blob:|filesystem:|.*\..*|.*:\/\/.*)$/i;

/** Strict for this app: nothing by default, own-origin scripts only, no plugins, no base/form/network escape. */
function expectStrictCsp(policy: string, where: string): Csp {
  const csp = parseCsp(policy);
  expect(csp.get('default-src'), `${where}: default-src`).toEqual(["'none'"]);
  expect(csp.get('script-src'), `${where}: script-src`).toEqual(["'self'"]);
  expect(csp.get('object-src'), `${where}: object-src`).toEqual(["'none'"]);
  expect(csp.get('base-uri'), `${where}: base-uri`).toEqual(["'none'"]);
  expect(csp.get('form-action'), `${where}: form-action`).toEqual(["'none'"]);
  for (const [directive, sources] of csp) {
    for (const source of sources) {
      expect(FORBIDDEN_SOURCES.test(source), `${where}: ${directive} allows ${source}`).toBe(false);
      if (source === 'data:') expect(directive, `${where}: data: only for images`).toBe('img-src');
    }
  }
  // Whatever default-src does not cover must not be opened elsewhere (connect-src stays own-origin).
  expect(csp.get('connect-src') ?? ["'none'"]).toEqual(expect.arrayContaining([expect.stringMatching(/^'(self|none)'$/)]));
  return csp;
}

// ---------------------------------------------------------------------------------------------
// The built main process, started with the fake electron module (no Electron binary).

interface MainReport {
  calls: Array<string | [string, unknown]>;
  windows: Array<{ options: { webPreferences?: Record<string, unknown> } }>;
  scenario: { page?: { status: number; csp: string | null; type: string | null }; error?: string; permissionGranted?: boolean; windowOpen?: unknown };
}

const scratch = mkdtempSync(join(tmpdir(), 'iamdsn-checklist-'));
let main: MainReport;

/** Starts out/main/index.js with the fake electron module and returns what it recorded. */
function runMain(name: string, env: Record<string, string> = {}): MainReport {
  const reportFile = join(scratch, `${name}.json`);
  const hooks = fromRoot('test/support/electron-hooks.mjs');
  const run = spawnSync(process.execPath, ['--import', hooks, fromRoot('out/main/index.js')], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, ELECTRON_RENDERER_URL: '', FAKE_ELECTRON_APPDATA: join(scratch, name), FAKE_ELECTRON_REPORT: reportFile, ...env },
  });
  if (run.status !== 0 || !existsSync(reportFile)) throw new Error(`main exited ${run.status}:\n${run.stdout}\n${run.stderr}`);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as MainReport;
  if (report.scenario.error !== undefined) throw new Error(report.scenario.error);
  return report;
}

beforeAll(async () => {
  await ensureBuilt();
  main = runMain('appdata');
}, 180_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const BUILT_CSP = contentSecurityPolicy({ dev: false });

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

// ---------------------------------------------------------------------------------------------

describe('Electron security checklist: items tested here', () => {
  describe('#1 only load secure content / no remote content', () => {
    it('the built main process loads exactly one URL, the app:// entry, and nothing over http(s)', () => {
      const loads = main.calls.filter((c): c is [string, unknown] => Array.isArray(c) && /loadURL|loadFile/.test(c[0]));
      expect(loads).toEqual([['window.loadURL', APP_ENTRY_URL]]);
      // The only http(s) URLs are the scenario's navigation attempts, handed to the OS browser (https only), never loaded.
      const others = main.calls.filter((c) => !(Array.isArray(c) && c[0] === 'shell.openExternal'));
      expect(JSON.stringify(others)).not.toMatch(/"https?:\/\/(?!\*\/\*)/); // except the onHeadersReceived filter
      for (const c of main.calls) if (Array.isArray(c) && c[0] === 'shell.openExternal') expect(String(c[1])).toMatch(/^https:\/\//);
    });

    it('the built index.html references only its own relative assets, and no inline script', () => {
      const html = read('out/renderer/index.html');
      const refs = [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1] ?? '');
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs) expect(ref, ref).toMatch(/^\.\/assets\/[\w.-]+\.(?:js|css)$/);
      for (const [, attrs, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
        expect(attrs, 'every script has a src').toMatch(/\bsrc=/);
        expect(body?.trim()).toBe('');
      }
      expect(html).not.toMatch(/<(?:iframe|object|embed|base|webview)\b/i);
      expect(html).not.toMatch(/\son[a-z]+\s*=/i); // no inline event handler
    });

    it('the built renderer bundle has no network API and no Node API: it can reach main only through window.iamDsn', () => {
      const bundles = filesUnder(fromRoot('out/renderer')).filter((f) => f.endsWith('.js'));
      expect(bundles.length).toBeGreaterThan(0);
      for (const file of bundles) {
        const code = readFileSync(file, 'utf8');
        const name = relative(repoRoot, file);
        for (const api of [/\bfetch\s*\(/, /\bXMLHttpRequest\b/, /\bWebSocket\b/, /\bEventSource\b/, /\bsendBeacon\b/, /\bimportScripts\b/, /\bnew\s+(?:Shared)?Worker\b/, /\bwindow\.open\s*\(/]) {
          expect(api.test(code), `${name} uses ${String(api)}`).toBe(false);
        }
        // (React's reportError fallback feature-tests `typeof process`: harmless, and undefined in the page, see xss.test.ts.)
        for (const node of [/(?<![\w$.])require\(\s*['"`][^'"`]+['"`]\s*\)/, /\bprocess\.(?:env|versions|platform|binding|mainModule)\b/, /\b__dirname\b/, /\bBuffer\.from\b/]) {
          expect(node.test(code), `${name} uses ${String(node)}`).toBe(false);
        }
      }
    });
  });

  describe('#7 a strict Content-Security-Policy', () => {
    it('out/renderer/index.html carries one strict CSP meta tag', () => {
      const html = read('out/renderer/index.html');
      const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)];
      expect(metas).toHaveLength(1);
      expectStrictCsp(metas[0]?.[1] ?? '', 'index.html meta');
    });

    it("the real composition root answers app:// with the built app's strict CSP header (not the dev one)", () => {
      expect(main.scenario.page).toMatchObject({ status: 200, type: expect.stringMatching(/^text\/html/) });
      expect(main.scenario.page?.csp).toBe(BUILT_CSP);
      const csp = expectStrictCsp(BUILT_CSP, 'app:// header');
      // Only a header can forbid framing; the meta tag cannot.
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('frame-src') ?? csp.get('default-src')).toEqual(["'none'"]);
      expect(csp.get('worker-src') ?? csp.get('default-src')).toEqual(["'none'"]);
    });

    it('every built file is served over app:// with the CSP and nosniff, and nothing outside out/renderer is', async () => {
      const rendererDir = fromRoot('out/renderer');
      const handle = createAppProtocolHandler(rendererDir, BUILT_CSP);
      const files = filesUnder(rendererDir);
      for (const file of files) {
        const url = `app://renderer/${relative(rendererDir, file).split('\\').join('/')}`;
        const response = await handle(new Request(url));
        expect(response.status, url).toBe(200);
        expect(response.headers.get('content-security-policy'), url).toBe(BUILT_CSP);
        expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
        expect(response.headers.get('content-type'), url).not.toBe('application/octet-stream');
      }
      for (const url of ['app://renderer/../package.json', 'app://renderer/..%2f..%2fpackage.json', 'app://renderer/%2e%2e%2fmain%2findex.js', 'app://renderer/assets/..%5c..%5cmain%5cindex.js']) {
        expect([403, 404], url).toContain((await handle(new Request(url))).status);
      }
    });

    it('the dev policy is the only relaxed one, and hardenSession puts the CSP on http(s) responses', () => {
      expect(contentSecurityPolicy({ dev: true })).not.toBe(BUILT_CSP);
      // A packaged app ignores ELECTRON_RENDERER_URL: it loads app:// and serves the built policy.
      const packaged = runMain('packaged', { FAKE_ELECTRON_PACKAGED: '1', ELECTRON_RENDERER_URL: 'http://localhost:5173/' });
      expect(packaged.calls.filter((c) => Array.isArray(c) && c[0] === 'window.loadURL')).toEqual([['window.loadURL', APP_ENTRY_URL]]);
      expect(packaged.scenario.page?.csp).toBe(BUILT_CSP);
      // Unpackaged, the dev server's URL (electron-vite dev) is what the window loads.
      const dev = runMain('dev', { ELECTRON_RENDERER_URL: 'http://localhost:5173/' });
      expect(dev.calls.filter((c) => Array.isArray(c) && c[0] === 'window.loadURL')).toEqual([['window.loadURL', 'http://localhost:5173/']]);
    });
  });

  describe('#5 session permission requests', () => {
    /** Every permission Electron's own typings list for the request and check handlers. */
    function electronPermissions(handler: 'setPermissionRequestHandler' | 'setPermissionCheckHandler'): string[] {
      const dts = read('node_modules/electron/electron.d.ts');
      const line = dts.split('\n').find((l) => l.trimStart().startsWith(`${handler}(handler:`));
      const union = /permission: ((?:'[^']+'(?: \| )?)+)/.exec(line ?? '')?.[1] ?? '';
      return [...union.matchAll(/'([^']+)'/g)].map((m) => m[1] ?? '');
    }

    it('denies every permission Electron knows, on request and on check, for any origin', () => {
      const recorded: {
        request?: (wc: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
        check?: (wc: unknown, permission: string, origin: string, details: unknown) => boolean;
      } = {};
      const session = {
        setPermissionRequestHandler: (h: typeof recorded.request) => (recorded.request = h),
        setPermissionCheckHandler: (h: typeof recorded.check) => (recorded.check = h),
        webRequest: { onHeadersReceived: () => undefined },
      } as unknown as Session;
      hardenSession(session, BUILT_CSP);
      const requested = electronPermissions('setPermissionRequestHandler');
      const checked = electronPermissions('setPermissionCheckHandler');
      expect(requested.length).toBeGreaterThan(30);
      expect(requested).toEqual(expect.arrayContaining(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial', 'usb', 'fileSystem']));
      // NOTE: 'clipboard-sanitized-write' is denied too, which is what Electron asks before navigator.clipboard.writeText
      // (the Copy buttons). If it is ever allowed, allow it for the app's own main frame only and list it here.
      const allowed: string[] = [];
      for (const permission of new Set([...requested, ...checked, 'not-a-permission'])) {
        let granted: boolean | undefined;
        recorded.request?.({}, permission, (g) => (granted = g), { requestingUrl: APP_ENTRY_URL });
        expect(granted, `request ${permission}`).toBe(allowed.includes(permission));
        for (const origin of ['app://renderer', 'https://evil.example', 'file://']) {
          expect(recorded.check?.({}, permission, origin, {}), `check ${permission} from ${origin}`).toBe(false);
        }
      }
    });
  });

  describe('#13 #14 #15 navigation, new windows and openExternal, for any URL', () => {
    const isApp = isAppUrlFor(APP_ENTRY_URL);
    const TRICKY = [
      'app://renderer.evil/',
      'app://renderer@evil/',
      'app://evil@renderer:1/',
      'app://renderer:443/',
      'APP://renderer/index.html',
      'app:renderer/index.html',
      'app:///renderer/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'blob:app://renderer/x',
      'file:///etc/passwd',
      'file://renderer/index.html',
      'about:blank',
      'chrome://settings',
      'devtools://devtools/bundled/inspector.html',
      'view-source:app://renderer/',
      'http://renderer/index.html',
      'https://renderer/index.html',
      'ftp://renderer/',
      ' app://renderer/ ',
      'app://renderer\\..\\evil',
      '',
      'not a url',
    ];
    const urls = fc.oneof(fc.constantFrom(...TRICKY), fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string({ maxLength: 40 }), fc.string({ maxLength: 30 }).map((s) => `app://${s}`));

    function hardened() {
      const listeners = new Map<string, (event: { url?: string; preventDefault: () => void }) => void>();
      let openHandler: ((d: { url: string }) => { action: string }) | undefined;
      const opened: string[] = [];
      const contents = {
        on: (name: string, l: (event: { url?: string; preventDefault: () => void }) => void) => listeners.set(name, l),
        setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h),
      } as unknown as WebContents;
      hardenWebContents(contents, isApp, { openExternal: (url) => opened.push(url) });
      const prevented = (name: string, url: string): boolean => {
        let p = false;
        listeners.get(name)?.({ url, preventDefault: () => (p = true) });
        return p;
      };
      return { prevented, open: (url: string) => openHandler?.({ url }), opened };
    }

    it('navigation and redirects leave the app never; window.open is always denied; only https reaches the OS browser', () => {
      fc.assert(
        fc.property(urls, (url) => {
          const h = hardened();
          const inApp = isApp(url);
          if (inApp) expect(new URL(url)).toMatchObject({ protocol: 'app:', host: 'renderer' });
          expect(h.prevented('will-navigate', url)).toBe(!inApp);
          expect(h.prevented('will-redirect', url)).toBe(!inApp);
          expect(h.prevented('will-attach-webview', url)).toBe(true);
          expect(h.open(url)).toEqual({ action: 'deny' });
          for (const handed of h.opened) expect(new URL(handed).protocol).toBe('https:');
        }),
        { numRuns: 2000, examples: TRICKY.map((u) => [u]) },
      );
    });
  });

  describe('#19 fuses', () => {
    const fromBuilder = createRequire(createRequire(fromRoot('package.json')).resolve('app-builder-lib'));
    const { FuseV1Options } = fromBuilder('@electron/fuses') as { FuseV1Options: Record<string, string | number> };
    const yaml = fromBuilder('js-yaml') as { load(text: string): unknown };
    const config = yaml.load(read('build/electron-builder.yml')) as { asar?: boolean; electronFuses?: Record<string, boolean> };
    /** The secure value of each fuse; a fuse Electron adds later fails here until it is decided. */
    const SECURE: Record<string, boolean | 'not security-relevant'> = {
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: 'not security-relevant', // a start-up snapshot choice
      GrantFileProtocolExtraPrivileges: false,
    };

    it('every fuse the installed @electron/fuses knows is set to its secure value in electron-builder.yml', () => {
      const names = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));
      expect(names.length).toBeGreaterThanOrEqual(8);
      for (const name of names) {
        expect(Object.hasOwn(SECURE, name), `fuse ${name} is new: decide its value here and in electron-builder.yml`).toBe(true);
        const key = name[0]?.toLowerCase() + name.slice(1);
        if (SECURE[name] === 'not security-relevant') continue;
        expect(config.electronFuses?.[key], `electronFuses.${key}`).toBe(SECURE[name]);
      }
      // Integrity validation and asar-only loading need an asar archive.
      expect(config.asar).toBe(true);
    });

    it('with runAsNode off, the app never forks a Node child (child_process.fork needs ELECTRON_RUN_AS_NODE)', () => {
      const sources = ['electron', 'shared'].flatMap((d) => filesUnder(fromRoot(d))).filter((f) => f.endsWith('.ts'));
      for (const file of [...sources, fromRoot('out/main/index.js')]) {
        const code = readFileSync(file, 'utf8');
        expect(/\bfork\s*\(|ELECTRON_RUN_AS_NODE|utilityProcess/.test(code), relative(repoRoot, file)).toBe(false);
      }
    });
  });

  describe('#16 a current Electron', () => {
    it('the installed Electron is the one package.json asks for, and a supported major (≥ 45 when this was written)', () => {
      const wanted = (JSON.parse(read('package.json')) as { devDependencies: Record<string, string> }).devDependencies.electron ?? '';
      const installed = (JSON.parse(read('node_modules/electron/package.json')) as { version: string }).version;
      const major = (v: string): number => Number(/(\d+)\./.exec(v)?.[1]);
      expect(major(installed)).toBe(major(wanted));
      expect(major(installed)).toBeGreaterThanOrEqual(45);
    });
  });

  describe('#3 #4 #2 isolation, sandbox and no Node in the renderer, in the window the real composition root opens', () => {
    it('every webPreferences hardening flag, exactly as window.ts sets them', () => {
      expect(main.windows).toHaveLength(1);
      expect(main.windows[0]?.options.webPreferences).toEqual({ ...createWindowOptions('x').webPreferences, preload: expect.stringMatching(/out[\\/]preload[\\/]index\.cjs$/) });
      expect(main.scenario.permissionGranted).toBe(false);
      expect(main.scenario.windowOpen).toEqual({ action: 'deny' });
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The index: every checklist item, and the tests (here and elsewhere) that cover it.

interface Coverage {
  file: string;
  tests: string[];
}
const HERE = 'test/integration/electron-checklist.test.ts';
const WINDOW = 'test/unit/electron/window.test.ts';
const MAIN = 'test/integration/main-bundle.test.ts';
const IPC = 'test/unit/main/ipc/register-ipc.test.ts';
const API = 'test/unit/electron/create-api.test.ts';
const PRELOAD = 'test/integration/preload-bundle.test.ts';
const BUILDER = 'test/unit/electron/electron-builder-config.test.ts';
const FUZZ = 'test/security/ipc-fuzz.test.ts';
const XSS = 'test/e2e/xss.test.ts';

const CHECKLIST: Array<{ item: number; title: string; covered: Coverage[] }> = [
  {
    item: 1,
    title: 'Only load secure content',
    covered: [
      { file: HERE, tests: ['the built main process loads exactly one URL, the app:// entry, and nothing over http(s)', 'the built index.html references only its own relative assets, and no inline script'] },
      { file: XSS, tests: ['loads nothing but its own files from loopback'] },
    ],
  },
  {
    item: 2,
    title: 'Do not enable Node.js integration for remote content',
    covered: [
      { file: WINDOW, tests: ['sets %s to %s explicitly'] },
      { file: HERE, tests: ['the built renderer bundle has no network API and no Node API: it can reach main only through window.iamDsn'] },
      { file: XSS, tests: ['the page has no require, process, module or Buffer'] },
    ],
  },
  { item: 3, title: 'Enable context isolation', covered: [{ file: WINDOW, tests: ['sets %s to %s explicitly'] }, { file: MAIN, tests: ['opens one hidden, locked-down window on the built renderer, with the built preload'] }, { file: HERE, tests: ['every webPreferences hardening flag, exactly as window.ts sets them'] }] },
  { item: 4, title: 'Enable process sandboxing', covered: [{ file: WINDOW, tests: ['sets %s to %s explicitly'] }, { file: MAIN, tests: ['sandboxes all renderers and registers app:// before ready'] }] },
  {
    item: 5,
    title: 'Handle session permission requests from remote content',
    covered: [
      { file: WINDOW, tests: ['denies the %s permission'] },
      { file: MAIN, tests: ['hardens the window: navigation away prevented, window.open denied, permissions denied'] },
      { file: HERE, tests: ['denies every permission Electron knows, on request and on check, for any origin'] },
    ],
  },
  { item: 6, title: 'Do not disable webSecurity', covered: [{ file: WINDOW, tests: ['sets %s to %s explicitly'] }] },
  {
    item: 7,
    title: 'Define a Content Security Policy',
    covered: [
      { file: WINDOW, tests: ['allows no inline script, eval or remote source in the built app', 'serves the entry and assets with type, CSP and nosniff', 'adds the CSP header to http(s) responses, keeping any the server sent'] },
      { file: MAIN, tests: ['serves out/renderer over app:// with the CSP'] },
      {
        file: HERE,
        tests: [
          'out/renderer/index.html carries one strict CSP meta tag',
          "the real composition root answers app:// with the built app's strict CSP header (not the dev one)",
          'every built file is served over app:// with the CSP and nosniff, and nothing outside out/renderer is',
        ],
      },
      { file: XSS, tests: ['the CSP blocks an injected inline script in real Chromium'] },
    ],
  },
  { item: 8, title: 'Do not enable allowRunningInsecureContent', covered: [{ file: WINDOW, tests: ['sets %s to %s explicitly'] }] },
  { item: 9, title: 'Do not enable experimental features', covered: [{ file: WINDOW, tests: ['sets %s to %s explicitly', 'turns on no insecure or experimental switches'] }] },
  { item: 10, title: 'Do not use enableBlinkFeatures', covered: [{ file: WINDOW, tests: ['turns on no insecure or experimental switches'] }] },
  { item: 11, title: '<webview>: Do not use allowpopups', covered: [{ file: WINDOW, tests: ['sets %s to %s explicitly', 'refuses every <webview>'] }] },
  { item: 12, title: 'Verify WebView options before creation', covered: [{ file: WINDOW, tests: ['refuses every <webview>'] }] },
  {
    item: 13,
    title: 'Disable or limit navigation',
    covered: [
      { file: WINDOW, tests: ['prevents navigation to another URL and lets in-app navigation through', 'prevents redirects away from the app'] },
      { file: MAIN, tests: ['hardens the window: navigation away prevented, window.open denied, permissions denied'] },
      { file: HERE, tests: ['navigation and redirects leave the app never; window.open is always denied; only https reaches the OS browser'] },
    ],
  },
  {
    item: 14,
    title: 'Disable or limit creation of new windows',
    covered: [
      { file: WINDOW, tests: ['denies window.open and opens nothing without an openExternal callback'] },
      { file: HERE, tests: ['navigation and redirects leave the app never; window.open is always denied; only https reaches the OS browser'] },
    ],
  },
  {
    item: 15,
    title: 'Do not use shell.openExternal with untrusted content',
    covered: [
      { file: WINDOW, tests: ['hands only https links to openExternal, still denying the window'] },
      { file: HERE, tests: ['navigation and redirects leave the app never; window.open is always denied; only https reaches the OS browser'] },
    ],
  },
  { item: 16, title: 'Use a current version of Electron', covered: [{ file: HERE, tests: ['the installed Electron is the one package.json asks for, and a supported major (≥ 45 when this was written)'] }] },
  {
    item: 17,
    title: 'Validate the sender of all IPC messages',
    covered: [
      { file: IPC, tests: ['refuses an untrusted sender with UNTRUSTED_SENDER, without running the handler', 'rejects a subframe, even one at the app URL', 'rejects another origin or scheme', 'treats a throwing sender check as untrusted'] },
      { file: MAIN, tests: ['answers the page over IPC and refuses a stranger'] },
      { file: FUZZ, tests: ['an untrusted sender gets UNTRUSTED_SENDER whatever it sends, and no handler runs', '%s: payloads broken in one way are all refused with VALIDATION'] },
    ],
  },
  {
    item: 18,
    title: 'Avoid usage of the file:// protocol and prefer usage of custom protocols',
    covered: [
      { file: WINDOW, tests: ['registers a standard, secure scheme', 'never reads a file outside the renderer directory'] },
      { file: MAIN, tests: ['serves out/renderer over app:// with the CSP'] },
      { file: HERE, tests: ['the built main process loads exactly one URL, the app:// entry, and nothing over http(s)'] },
    ],
  },
  {
    item: 19,
    title: 'Check which fuses you can change',
    covered: [
      { file: BUILDER, tests: ["packaging for macOS flips the fuses in Electron's framework and resets the ad-hoc signature"] },
      { file: HERE, tests: ['every fuse the installed @electron/fuses knows is set to its secure value in electron-builder.yml', 'with runAsNode off, the app never forks a Node child (child_process.fork needs ELECTRON_RUN_AS_NODE)'] },
    ],
  },
  {
    item: 20,
    title: 'Do not expose Electron APIs to untrusted web content',
    covered: [
      { file: API, tests: ['exposes neither invoke nor subscribe nor any other property, and cannot be changed'] },
      { file: PRELOAD, tests: ['has no ESM syntax and requires nothing but electron', 'runs as a sandboxed preload would: exposes the API through contextBridge'] },
      { file: XSS, tests: ['the page has no require, process, module or Buffer'] },
    ],
  },
];

/** The include globs of the vitest projects (a covering file outside them would never run). */
const RUNS_IN_A_PROJECT = [/^test\/unit\/.+\.test\.tsx?$/, /^test\/security\/.+\.test\.ts$/, /^test\/e2e\/.+\.test\.ts$/, /^test\/integration\/.+\.test\.ts$/, /^test\/reliability\/.+\.test\.ts$/];

describe('Electron security checklist: index of what covers each item', () => {
  it('lists all 20 items of the checklist, each covered by at least one test', () => {
    expect(CHECKLIST.map((c) => c.item)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const entry of CHECKLIST) expect(entry.covered.flatMap((c) => c.tests).length, `#${entry.item}`).toBeGreaterThan(0);
  });

  it.each(CHECKLIST.map((c) => [`#${c.item} ${c.title}`, c.covered] as const))('%s: the covering files exist, run in a vitest project and still hold those tests', (_title, covered) => {
    for (const { file, tests } of covered) {
      expect(existsSync(fromRoot(file)), `${file} exists`).toBe(true);
      expect(RUNS_IN_A_PROJECT.some((glob) => glob.test(file)), `${file} is in a vitest project`).toBe(true);
      const source = read(file);
      for (const name of tests) {
        const quoted = [`'${name}'`, `"${name}"`, `\`${name}\``].some((q) => source.includes(q));
        const declared = quoted && new RegExp(`\\b(?:it|test)(?:\\.each\\([\\s\\S]*?\\))?\\(\\s*(['"\`])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1`).test(source);
        expect(declared, `${file} declares the test "${name}"`).toBe(true);
      }
    }
  });

  it('vitest.config.ts really includes those folders', () => {
    const config = read('vitest.config.ts');
    for (const glob of ["'test/unit/**/*.test.{ts,tsx}'", "'test/security/**/*.test.ts'", "'test/e2e/**/*.test.ts'", "'test/reliability/**/*.test.ts'"]) expect(config).toContain(glob);
  });
});
