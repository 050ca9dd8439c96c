/**
 * XSS end to end (issue #6): the built renderer in real Chromium with the real main-process
 * handlers (app-harness.ts). Markup is planted where untrusted text reaches the page: DSN names and
 * user names (saved through the real IPC path), and a fake PostgreSQL's ErrorResponse (message,
 * detail, hint and SQLSTATE fields). Everything must render as text: window.__xss stays undefined,
 * no <img>/<script>/<svg>/<iframe> is ever created, no inline handler attribute appears, the text is
 * visible. Also: the page has no Node globals, loads nothing but its own files, and its CSP blocks
 * an injected inline script. Screenshots: test-results/e2e/31-xss-dsn-names.png, 32-xss-server-error.png.
 */
import net from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDsn, type DsnInput, type SavedDsn } from '../../shared/dsn';
import type { IamDsnBridge } from '../../shared/ipc-contract';
import type { Result } from '../../shared/result';
import { SCREENSHOT_DIR, startE2eApp, type E2eApp } from './support/app-harness';
import { openTab } from './support/ui';

/** The page's window with the preload's API (what window.iamDsn is in the app). */
type AppWindow = Window & { iamDsn: IamDsnBridge };

const PAYLOADS = {
  img: '<img src=x onerror="window.__xss=1">',
  script: '<script>window.__xss=2</script>',
  svg: '"><svg onload=window.__xss=3>',
  iframe: "<iframe src=javascript:window.__xss=4 onload='window.__xss=5'>",
} as const;

/** A PostgreSQL ErrorResponse ('E') with any fields (net-fixtures' errorResponse has only S, V, C, M). */
function errorResponse(fields: Record<string, string>): Buffer {
  const body = Buffer.concat([...Object.entries(fields).map(([k, v]) => Buffer.from(`${k}${v}\0`, 'utf8')), Buffer.from([0])]);
  const head = Buffer.alloc(5);
  head.write('E', 0, 'ascii');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

/** A fake PostgreSQL on loopback: 'N' to SSLRequest, then `fields` as an ErrorResponse to the StartupMessage. */
async function hostileServer(fields: Record<string, string>): Promise<{ port: number; startups: () => number; close: () => Promise<void> }> {
  let startups = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 8 && buffered.length >= buffered.readInt32BE(0)) {
        const length = buffered.readInt32BE(0);
        const code = buffered.readInt32BE(4);
        buffered = buffered.subarray(length);
        if (length === 8 && code === 80877103) {
          socket.write('N');
          continue;
        }
        startups++;
        socket.end(errorResponse(fields));
        return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    startups: () => startups,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

let app: E2eApp;
let page: Page;

/** The list entry whose name is exactly `name` (its button also shows user@server:port). */
const entry = (name: string) => page.getByTestId('dsn-list').locator('button.dsn-item', { has: page.locator('.dsn-item-name').getByText(name, { exact: true }) });
let serverError: Awaited<ReturnType<typeof hostileServer>>;
let passwordError: Awaited<ReturnType<typeof hostileServer>>;
const requests: string[] = [];

const SERVER_FIELDS = {
  S: 'FATAL',
  V: 'FATAL',
  C: '<b>XX000</b>',
  M: `server message ${PAYLOADS.img} ${PAYLOADS.script}`,
  D: `server detail ${PAYLOADS.svg}`,
  H: `server hint ${PAYLOADS.iframe} ${PAYLOADS.img}`,
};

/** Calls the API the page has (window.iamDsn), as the renderer would: through the real IPC path. */
async function save(input: DsnInput): Promise<SavedDsn> {
  const result = (await page.evaluate((dsn) => (window as unknown as AppWindow).iamDsn.saveDsn(dsn), input)) as Result<SavedDsn>;
  if (!result.ok) throw new Error(`save failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** Everything the page would show if markup had been interpreted anywhere. */
async function domEvidence() {
  return page.evaluate(() => {
    const w = window as unknown as { __xss?: unknown; __created?: string[]; __violations?: string[] };
    const handlers = [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName}[${a.name}]`));
    return {
      xss: w.__xss,
      created: w.__created ?? [],
      violations: w.__violations ?? [],
      handlers,
      imgs: document.querySelectorAll('img').length,
      scripts: [...document.querySelectorAll('script')].map((s) => s.getAttribute('src')),
      iframes: document.querySelectorAll('iframe, object, embed').length,
      text: document.body.innerText,
    };
  });
}

beforeAll(async () => {
  serverError = await hostileServer(SERVER_FIELDS);
  passwordError = await hostileServer({ S: 'FATAL', V: 'FATAL', C: '28P01', M: `password authentication failed for user "${PAYLOADS.img}"` });
  app = await startE2eApp({ credentials: { accessKeyId: 'AKIAXSSXSSXSSXSSXSS1', secretAccessKey: 'xss-test-not-a-real-secret' } });
  page = app.page;
  page.setDefaultTimeout(15_000);
  // From the next load on: record every element of a dangerous kind created, and every CSP violation.
  await app.context.addInitScript(() => {
    const w = window as unknown as { __created: string[]; __violations: string[] };
    w.__created = [];
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    new MutationObserver((records) => {
      for (const r of records) {
        for (const node of r.addedNodes) {
          if (!(node instanceof Element)) continue;
          for (const el of [node, ...node.querySelectorAll('*')]) {
            // (The one parser-inserted module script of index.html is the app itself.)
            const ownBundle = el.tagName === 'SCRIPT' && /^\.\/assets\/index-[\w-]+\.js$/.test(el.getAttribute('src') ?? '');
            if (/^(IMG|SCRIPT|SVG|IFRAME|OBJECT|EMBED|svg)$/.test(el.tagName) && !ownBundle) w.__created.push(el.outerHTML.slice(0, 120));
          }
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
  page.on('request', (request) => requests.push(request.url()));

  const base = { ...defaultDsn(), connectTimeoutSeconds: 5, queryTimeoutSeconds: 5 };
  await save({ ...base, name: PAYLOADS.img, authType: 'database', server: '127.0.0.1', port: serverError.port, sslMode: 'disable', user: PAYLOADS.svg, database: PAYLOADS.script, password: 'pw' });
  await save({ ...base, name: PAYLOADS.script, authType: 'database', server: '127.0.0.1', port: passwordError.port, sslMode: 'disable', user: PAYLOADS.img, password: 'pw' });
  await save({ ...base, name: PAYLOADS.svg, server: 'db.cluster-abc123.us-east-1.rds.amazonaws.com', region: 'us-east-1', user: PAYLOADS.iframe, database: PAYLOADS.img });
  await save({ ...base, name: PAYLOADS.iframe, authType: 'database', server: '127.0.0.1', user: 'u', password: 'pw' });
  await page.reload();
}, 180_000);

afterAll(async () => {
  await app?.close();
  await serverError?.close();
  await passwordError?.close();
});

describe('XSS: untrusted text renders as text', () => {
  it('DSN names with markup are listed as text', async () => {
    for (const name of Object.values(PAYLOADS)) {
      await expect.poll(() => entry(name).count()).toBe(1);
    }
    // Open each: the name goes into the form, the user and database too (the IAM one shows the IAM setup SQL).
    for (const name of Object.values(PAYLOADS)) {
      await entry(name).click();
      await expect.poll(() => page.getByLabel('Name', { exact: true }).inputValue()).toBe(name);
    }
    await entry(PAYLOADS.svg).click();
    const evidence = await domEvidence();
    expect(evidence.xss).toBeUndefined();
    expect(evidence.created).toEqual([]);
    expect(evidence.handlers).toEqual([]);
    expect(evidence.imgs).toBe(0);
    expect(evidence.iframes).toBe(0);
    for (const payload of Object.values(PAYLOADS)) expect(evidence.text).toContain(payload);
    await page.screenshot({ path: join(SCREENSHOT_DIR, '31-xss-dsn-names.png') });
  });

  it("a server's error message, hint and SQLSTATE with markup are shown as text", async () => {
    await entry(PAYLOADS.img).click();
    await page.getByRole('button', { name: 'Test connection' }).click();
    const report = page.getByTestId('test-report');
    await expect.poll(() => report.getAttribute('data-outcome'), { timeout: 30_000 }).toBe('failure');
    expect(serverError.startups()).toBeGreaterThan(0);
    expect(await page.getByTestId('error-detail').textContent()).toBe(SERVER_FIELDS.M);
    expect(await page.getByTestId('error-hint').textContent()).toBe(SERVER_FIELDS.H);
    expect(await report.innerText()).toContain('(SQLSTATE <b>XX000</b>)');
    expect(await report.locator('b').count()).toBe(0);
    const evidence = await domEvidence();
    expect(evidence.xss).toBeUndefined();
    expect(evidence.created).toEqual([]);
    expect(evidence.handlers).toEqual([]);
    expect(evidence.imgs).toBe(0);
    await page.getByTestId('test-report').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOT_DIR, '32-xss-server-error.png') });
  });

  it('a hostile user name in a refused login and in exports stays text', async () => {
    await entry(PAYLOADS.script).click();
    await page.getByRole('button', { name: 'Test connection' }).click();
    const report = page.getByTestId('test-report');
    await expect.poll(() => report.getAttribute('data-outcome'), { timeout: 30_000 }).toBe('failure');
    expect(await report.textContent()).toContain(PAYLOADS.img);
    await openTab(page, 'Export');
    for (const format of ['json', 'uri', 'psql']) {
      await page.getByLabel('Export format').selectOption(format);
      await expect.poll(() => page.getByLabel('Connection string').inputValue()).toMatch(/\S/);
    }
    expect(await page.getByLabel('Connection string').inputValue()).toMatch(/img/);
    const evidence = await domEvidence();
    expect(evidence.xss).toBeUndefined();
    expect(evidence.created).toEqual([]);
    expect(evidence.handlers).toEqual([]);
  });

  it('the page has no require, process, module or Buffer', async () => {
    const globals = await page.evaluate(() => [typeof (globalThis as Record<string, unknown>).require, typeof (globalThis as Record<string, unknown>).process, typeof (globalThis as Record<string, unknown>).module, typeof (globalThis as Record<string, unknown>).Buffer]);
    expect(globals).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
    // The only bridge is the frozen API object.
    expect(await page.evaluate(() => Object.isFrozen((window as unknown as AppWindow).iamDsn) && typeof (window as unknown as AppWindow).iamDsn.listDsns)).toBe('function');
  });

  it('loads nothing but its own files from loopback', () => {
    expect(requests.length).toBeGreaterThan(0);
    for (const url of requests) expect(url.startsWith(app.url), url).toBe(true);
    expect(requests.filter((u) => new URL(u).pathname === '/x')).toEqual([]); // no <img src=x> was ever fetched
  });

  it('the CSP blocks an injected inline script in real Chromium', async () => {
    // What an HTML-injection bug would do: an inline <script> and an inline handler. The meta CSP must stop both.
    const ran = await page.evaluate(async () => {
      const w = window as unknown as { __cspProbe?: number; __violations: string[] };
      const script = document.createElement('script');
      script.textContent = 'window.__cspProbe = 1';
      document.head.append(script);
      const div = document.createElement('div');
      div.innerHTML = '<img src="data:," onerror="window.__cspProbe = 2" onload="window.__cspProbe = 3">';
      document.body.append(div);
      await new Promise((resolve) => setTimeout(resolve, 300));
      div.remove();
      script.remove();
      return { probe: w.__cspProbe, violations: w.__violations.filter((v) => v.startsWith('script-src')).length };
    });
    expect(ran.probe).toBeUndefined();
    expect(ran.violations).toBeGreaterThanOrEqual(2);
    expect((await domEvidence()).xss).toBeUndefined();
  });
});
