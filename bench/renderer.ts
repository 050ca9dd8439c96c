/**
 * The built renderer (out/renderer) in headless Chromium, served on loopback, with a stub
 * `window.iamDsn` that answers every call at once: time from navigation start to the moment the
 * "New DSN" button is in the DOM, enabled and laid out (React's listeners are attached by then),
 * over fresh browser contexts (no cache). And the size of its JavaScript, raw and gzip.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { API_GLOBAL } from '../shared/ipc-contract';
import { launchChromium } from '../test/e2e/support/browser';
import { serveStatic } from '../test/e2e/support/static-server';
import type { Report } from './report';
import { repoRoot } from './setup';
import { fmtKb, fmtSpread, median } from './stats';

export const RENDERER_DIR = join(repoRoot, 'out', 'renderer');
/** Rounds that also measure a third visit (code cache hot). */
const REPEAT_RUNS = 6;

/** The stub API and the probe, as an init script (runs before the page's own scripts, CSP does not apply). */
const INIT_SCRIPT = `(() => {
  const answers = {
    listDsns: [], listProfiles: [], refresherStatus: [],
    storeStatus: { secretStorage: 'os', storePath: '/tmp/iam-dsn-bench/dsns.json' },
  };
  const base = { on: () => () => undefined };
  const api = new Proxy(base, {
    get: (target, name) => name in target ? target[name]
      : typeof name === 'string' ? () => Promise.resolve({ ok: true, value: name in answers ? answers[name] : null }) : undefined,
  });
  Object.defineProperty(window, ${JSON.stringify(API_GLOBAL)}, { value: api, writable: false, configurable: false, enumerable: true });
  const ready = () => {
    const button = Array.from(document.querySelectorAll('button')).find((b) => (b.textContent || '').trim() === 'New DSN');
    return button !== undefined && !button.disabled && button.offsetParent !== null;
  };
  const observer = new MutationObserver(() => {
    if (window.__benchInteractive === undefined && ready()) {
      window.__benchInteractive = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();`;

declare global {
  interface Window {
    __benchInteractive?: number;
  }
}

interface LoadTiming {
  interactive: number;
  domContentLoaded: number;
}

/**
 * Loads the app `visits` times in one fresh context and returns the timing of the last load: 1 =
 * first start (nothing cached); 3 = V8's code cache is hot (Chromium stores it on the 2nd load).
 */
async function loadOnce(browser: Browser, url: string, visits = 1): Promise<LoadTiming> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await context.addInitScript({ content: INIT_SCRIPT });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    for (let visit = 1; visit <= visits; visit++) {
      if (visit > 1) await page.goto('about:blank');
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForFunction(() => window.__benchInteractive !== undefined, undefined, { timeout: 15_000 });
    }
    // Really interactive: Playwright's actionability checks (visible, stable, enabled, receives events).
    await page.getByRole('button', { name: 'New DSN', exact: true }).click({ trial: true, timeout: 5000 });
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    return await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return { interactive: window.__benchInteractive ?? Number.NaN, domContentLoaded: nav?.domContentLoadedEventEnd ?? Number.NaN };
    });
  } finally {
    await context.close();
  }
}

export interface RendererFigures {
  interactiveMs: number;
  repeatMs: number;
  dclMs: number;
  jsGzipBytes: number;
  jsRawBytes: number;
  chromium: string;
}

export async function benchRenderer(report: Report, runs: number): Promise<RendererFigures> {
  const sec = 'Renderer (built bundle, headless Chromium, stub API)';
  const assets = join(RENDERER_DIR, 'assets');
  const builtAt = new Date(statSync(join(RENDERER_DIR, 'index.html')).mtimeMs).toISOString();
  const files = readdirSync(assets);
  const size = (ext: string): { raw: number; gzip: number; count: number } => {
    const list = files.filter((f) => f.endsWith(ext)).map((f) => readFileSync(join(assets, f)));
    return { raw: list.reduce((n, b) => n + b.length, 0), gzip: list.reduce((n, b) => n + gzipSync(b).length, 0), count: list.length };
  };
  const js = size('.js');
  const css = size('.css');

  const server = await serveStatic(RENDERER_DIR);
  const browser = await launchChromium();
  const interactive: number[] = [];
  const dcl: number[] = [];
  const repeat: number[] = [];
  try {
    await loadOnce(browser, server.url); // warm-up: the browser process, the server, the disk cache of the OS
    for (let i = 0; i < runs; i++) {
      const t = await loadOnce(browser, server.url);
      interactive.push(t.interactive);
      dcl.push(t.domContentLoaded);
      if (i < REPEAT_RUNS) repeat.push((await loadOnce(browser, server.url, 3)).interactive);
    }
    report.add(sec, 'navigation start → "New DSN" interactive', fmtSpread(interactive), runs, 'fresh context each run (no HTTP or code cache); stub window.iamDsn answers at once');
    report.add(sec, 'navigation start → DOMContentLoaded', fmtSpread(dcl), runs, 'the module script has run; React renders after it');
    report.add(sec, '  same, 3rd visit: V8 code cache hot (diagnostic)', fmtSpread(repeat), repeat.length, 'what caching compiled code would give (alternated with the above)');
    report.add(sec, 'JavaScript, gzip', fmtKb(js.gzip), js.count, `out/renderer/assets/*.js (built ${builtAt}), ${fmtKb(js.raw)} raw; zlib level 6`);
    report.add(sec, 'CSS, gzip', fmtKb(css.gzip), css.count, `${fmtKb(css.raw)} raw`);
    return { interactiveMs: median(interactive), repeatMs: median(repeat), dclMs: median(dcl), jsGzipBytes: js.gzip, jsRawBytes: js.raw, chromium: browser.version() };
  } finally {
    await browser.close();
    await server.close();
  }
}
