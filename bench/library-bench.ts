/**
 * `npm run bench:library [-- --rounds N --no-browser]`: how the DSN library holds up with 1,000 DSNs.
 *
 * - main: a 1,000-DSN store file (a third with an encrypted password) is opened and validated, listed,
 *   answered by the service listDsns calls, exported and imported (dry run, and for real into an empty store);
 * - renderer, pure: building the search index and filtering it per keystroke (search-as-you-type
 *   queries, a tag filter), and sorting;
 * - Chromium (after `npm run build`): the built renderer on the real handlers, 1,000 DSNs loaded;
 *   the time from a keystroke in "Search DSNs" to the list showing the new result, and how many rows
 *   are in the DOM.
 *
 * Prints medians and p95 in a table; asserts nothing. Loaded by Vite's module runner (see package.json).
 * `performance` is the global one on purpose: functions sent to the page must not use module imports.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Conf from 'conf';
import { createAppServices } from '../electron/main/app-services';
import type { Clock } from '../electron/main/platform/clock';
import type { Logger } from '../electron/main/platform/logger';
import { DsnLibrary } from '../electron/main/library/library';
import { DsnStore } from '../electron/main/library/store';
import { benchPorts } from './app-services';
import { buildSearchIndex, filterDsns, sortDsns } from '../renderer/src/features/library/filter';
import { defaultDsn, type Dsn, type SavedDsn } from '../shared/dsn';
import { startE2eApp } from '../test/e2e/support/app-harness';
import { FakeCipher } from '../test/support/fakes';

const COUNT = 1000;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const clock: Clock = { now: () => Date.now() };
const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
/** What a user types, one keystroke at a time: "b", "bi", … "billing eu-west-1". */
const FINAL_QUERY = 'billing eu-west-1';
const TYPED = Array.from(FINAL_QUERY, (_, i) => FINAL_QUERY.slice(0, i + 1));

interface Row {
  section: string;
  what: string;
  median: number;
  p95: number;
  n: number;
  note?: string;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = sorted[Math.floor(pos)] ?? Number.NaN;
  const hi = sorted[Math.ceil(pos)] ?? Number.NaN;
  return lo + (hi - lo) * (pos - Math.floor(pos));
}

/** Runs `fn` `rounds` times (after one warm-up) and returns the times in ms. */
function time(rounds: number, fn: () => unknown): number[] {
  fn();
  const out: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

function row(section: string, what: string, samples: readonly number[], note?: string): Row {
  return { section, what, median: quantile(samples, 0.5), p95: quantile(samples, 0.95), n: samples.length, note };
}

const REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-south-1'];
const TEAMS = ['orders', 'billing', 'analytics', 'search', 'payments', 'identity', 'catalog', 'shipping'];

/** DSN i of a realistic library: team, environment and region vary; tags too. */
function benchDsn(i: number): Dsn {
  const team = TEAMS[i % TEAMS.length] ?? 'x';
  const region = REGIONS[i % REGIONS.length] ?? 'us-east-1';
  const env = i % 3 === 0 ? 'prod' : i % 3 === 1 ? 'staging' : 'dev';
  return {
    ...defaultDsn(),
    name: `${team} ${env} ${String(i).padStart(4, '0')}`,
    server: `${team}-${env}-${i}.cluster-abc123.${region}.rds.amazonaws.com`,
    user: `${team}_app`,
    database: team,
    region,
    tags: [env, team, ...(i % 5 === 0 ? ['reporting'] : [])],
  };
}

function openStore(dir: string, cipher: FakeCipher): DsnStore {
  return new DsnStore({ createConf: (o) => new Conf<Record<string, unknown>>({ ...o, configName: o.name }), directory: dir, cipher, clock, logger: quiet });
}

/** Writes the store file directly: 1,000 records, every third with an encrypted password. */
function writeStoreFile(dir: string, cipher: FakeCipher): void {
  const updated = Date.UTC(2030, 0, 1);
  const dsns = Array.from({ length: COUNT }, (_, i) => ({
    id: randomUUID(),
    dsn: benchDsn(i),
    updatedAt: new Date(updated + i * 60_000).toISOString(),
    ...(i % 3 === 0 ? { passwordEncrypted: cipher.encryptSync(`pw-${i}`).toString('base64') } : {}),
  }));
  writeFileSync(join(dir, 'dsns.json'), JSON.stringify({ version: 1, dsns }), { mode: 0o600 });
}

async function mainSide(rounds: number): Promise<{ rows: Row[]; dsns: SavedDsn[]; libraryJson: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'iamdsn-bench-lib-'));
  const cipher = new FakeCipher();
  try {
    writeStoreFile(dir, cipher);
    const rows: Row[] = [row('main', 'open the store file (read + validate 1,000)', time(rounds, () => openStore(dir, cipher)))];
    const store = openStore(dir, cipher);
    rows.push(row('main', 'store.list() (1,000 views, sorted)', time(rounds, () => store.list())));
    const app = createAppServices(benchPorts(dir, quiet, { cipher, clock, callerIdentity: null }));
    const listed: number[] = [];
    let answerBytes = 0;
    for (let i = 0; i <= rounds; i += 1) {
      const t0 = performance.now();
      const answer = await Promise.resolve(app.dsns.list());
      // What crossing IPC costs, roughly: Electron serialises the answer (structured clone ≈ JSON here).
      answerBytes = JSON.stringify(answer).length;
      if (i > 0) listed.push(performance.now() - t0);
    }
    rows.push(row('main', 'dsns.list() (what listDsns answers) + serialise answer', listed, `${Math.round(answerBytes / 1024)} KiB`));

    const library = new DsnLibrary({ store, clock });
    const exported = library.exportLibrary();
    if (!exported.ok) throw new Error(exported.error.message);
    rows.push(row('main', 'exportLibrary (1,000)', time(rounds, () => library.exportLibrary()), `${Math.round(exported.value.json.length / 1024)} KiB JSON`));
    rows.push(row('main', 'importLibrary dry run (validate 1,000, all conflicts)', time(rounds, () => library.importLibrary(exported.value.json, { onConflict: 'rename', dryRun: true }))));
    const imports: number[] = [];
    for (let i = 0; i < Math.min(rounds, 5); i += 1) {
      const empty = mkdtempSync(join(tmpdir(), 'iamdsn-bench-imp-'));
      try {
        const target = new DsnLibrary({ store: openStore(empty, cipher), clock });
        const t0 = performance.now();
        target.importLibrary(exported.value.json, { onConflict: 'skip' });
        imports.push(performance.now() - t0);
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    }
    rows.push(row('main', 'importLibrary into an empty store (one write)', imports));
    const all = store.list();
    if (!all.ok) throw new Error(all.error.message);
    return { rows, dsns: all.value, libraryJson: exported.value.json };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function rendererPure(dsns: readonly SavedDsn[], rounds: number): Row[] {
  const index = buildSearchIndex(sortDsns(dsns, 'name'));
  const perKey: number[] = [];
  for (let r = 0; r < rounds; r += 1) for (const q of TYPED) perKey.push(time(1, () => filterDsns(index, q))[0] ?? Number.NaN);
  return [
    row('renderer', 'sort by name + build the search index', time(rounds, () => buildSearchIndex(sortDsns(dsns, 'name')))),
    row('renderer', 'sort by recently updated', time(rounds, () => sortDsns(dsns, 'updated'))),
    row('renderer', `filter per keystroke (${TYPED.length} queries typed)`, perKey, `"${TYPED[TYPED.length - 1] ?? ''}" → ${filterDsns(index, TYPED[TYPED.length - 1] ?? '').length} DSNs`),
    row('renderer', 'filter by tag (prod) + query "orders"', time(rounds, () => filterDsns(index, 'orders', ['prod']))),
  ];
}

/** In Chromium: keystroke → the list shows the result, measured in the page. */
async function chromium(libraryJson: string, dsns: readonly SavedDsn[], rounds: number): Promise<{ rows: Row[]; note: string }> {
  if (!existsSync(join(repoRoot, 'out', 'renderer', 'index.html'))) return { rows: [], note: 'Chromium: skipped (run npm run build first)' };
  const app = await startE2eApp({});
  try {
    const { page } = app;
    await page.evaluate(async (json) => {
      const bridge = (window as unknown as { iamDsn: { importLibrary(j: string, o: { onConflict: string }): Promise<{ ok: boolean }> } }).iamDsn;
      const answer = await bridge.importLibrary(json, { onConflict: 'skip' });
      if (!answer.ok) throw new Error('import failed');
    }, libraryJson);
    const loads: number[] = [];
    for (let i = 0; i < Math.min(rounds, 5); i += 1) {
      const t0 = performance.now();
      await page.reload();
      await page.getByText(`${COUNT.toLocaleString('en-US')} DSNs`).waitFor();
      loads.push(performance.now() - t0);
    }
    const index = buildSearchIndex(sortDsns(dsns, 'name'));
    const expected = TYPED.map((q) => `${filterDsns(index, q).length.toLocaleString('en-US')} of ${COUNT.toLocaleString('en-US')} DSNs`);
    const samples: number[] = [];
    let rowsInDom = 0;
    for (let r = 0; r < rounds; r += 1) {
      const result = await page.evaluate(
        async ([queries, counts]) => {
          const input = document.querySelector<HTMLInputElement>('input[aria-label="Search DSNs"]');
          const count = document.querySelector('[data-testid="list-count"]');
          if (input === null || count === null) throw new Error('no search field');
          const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
          const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
          const times: number[] = [];
          for (let i = 0; i < queries.length; i += 1) {
            const t0 = performance.now();
            setValue?.call(input, queries[i]);
            input.dispatchEvent(new Event('input', { bubbles: true }));
            while (count.textContent !== counts[i]) await new Promise<void>((resolve) => setTimeout(resolve, 0));
            await frame(); // the frame that shows it
            times.push(performance.now() - t0);
          }
          const rows = document.querySelectorAll('[data-testid="dsn-list"] li').length;
          setValue?.call(input, '');
          input.dispatchEvent(new Event('input', { bubbles: true }));
          return { times, rows };
        },
        [TYPED, expected] as const,
      );
      samples.push(...result.times);
      rowsInDom = Math.max(rowsInDom, result.rows);
      await page.getByText(`${COUNT.toLocaleString('en-US')} DSNs`).waitFor();
    }
    const inDom = await page.locator('[data-testid="dsn-list"] li').count();
    return {
      rows: [
        row('chromium', 'reload → 1,000 DSNs listed (page load + IPC + render)', loads),
        row('chromium', 'keystroke → list updated and painted', samples, `rows in DOM: ${inDom} unfiltered, ≤ ${rowsInDom} filtered`),
      ],
      note: '',
    };
  } finally {
    await app.close();
  }
}

function printTable(rows: readonly Row[], notes: readonly string[]): void {
  const fmt = (ms: number) => (Number.isNaN(ms) ? '–' : ms < 1 ? `${ms.toFixed(3)} ms` : `${ms.toFixed(1)} ms`);
  const header = ['section', 'what', 'median', 'p95', 'n', 'note'];
  const cells = rows.map((r) => [r.section, r.what, fmt(r.median), fmt(r.p95), String(r.n), r.note ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]) => `| ${c.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |\n`;
  process.stdout.write(`\nDSN library with ${COUNT.toLocaleString('en-US')} DSNs (node ${process.version})\n\n`);
  process.stdout.write(line(header));
  process.stdout.write(line(widths.map((w) => '-'.repeat(w))));
  for (const c of cells) process.stdout.write(line(c));
  for (const note of notes) process.stdout.write(`\n${note}\n`);
}

/** Runs the bench; returns the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const roundsAt = argv.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Math.max(1, Number(argv[roundsAt + 1]) || 20) : 20;
  const { rows, dsns, libraryJson } = await mainSide(rounds);
  rows.push(...rendererPure(dsns, rounds));
  const notes: string[] = [];
  if (!argv.includes('--no-browser')) {
    try {
      const browser = await chromium(libraryJson, dsns, Math.min(rounds, 10));
      rows.push(...browser.rows);
      if (browser.note !== '') notes.push(browser.note);
    } catch (error) {
      notes.push(`Chromium: skipped (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    }
  }
  printTable(rows, notes);
  return 0;
}
