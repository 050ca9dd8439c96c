/**
 * `npm run bench`: measures IAM DSN Manager side by side with psql and the aws CLI in one run, on
 * loopback only (the IAM PostgreSQL fixture, the STS emulator; AWS is never contacted), prints a
 * table and writes the same to docs/benchmarks.md. Targets are reported MET / NOT MET; none fails
 * the run. Options: `--rounds N` (alternated rounds per comparison, default 15), `--build` (run
 * `npm run build` first; otherwise the CLI is rebuilt only when stale and out/renderer is used as is).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCliBuilt } from '../test/integration/cli-harness';
import { createBenchServices, testOnce } from './app-services';
import { benchCliStartup } from './cli-startup';
import { benchConnections } from './connect';
import { benchFailures } from './failures';
import { benchMemory } from './memory';
import { benchRenderer, RENDERER_DIR } from './renderer';
import { loadAverage, machineFacts, type Machine, renderMarkdown, renderText, Report } from './report';
import { repoRoot, startSetup } from './setup';
import { benchStore } from './store';
import { benchTokens } from './token';
import { judge } from './targets';

const DOC = join(repoRoot, 'docs', 'benchmarks.md');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function bundleFacts(): string {
  const renderer = join(RENDERER_DIR, 'index.html');
  if (!existsSync(renderer)) return 'out/renderer missing';
  const built = statSync(renderer).mtimeMs;
  const stale = Math.max(newestMtime(join(repoRoot, 'renderer', 'src')), newestMtime(join(repoRoot, 'shared'))) > built;
  const cli = join(repoRoot, 'out', 'cli', 'iam-dsn.js');
  const cliAt = existsSync(cli) ? new Date(statSync(cli).mtimeMs).toISOString() : 'missing';
  return `out/renderer built ${new Date(built).toISOString()}${stale ? ' (OLDER than renderer/src or shared/: run with --build)' : ''}; out/cli/iam-dsn.js built ${cliAt}`;
}

function parseArgs(argv: readonly string[]): { rounds: number; build: boolean } | string {
  let rounds = 15;
  let build = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--build') build = true;
    else if (arg === '--rounds') {
      rounds = Number(argv[++i]);
      if (!Number.isInteger(rounds) || rounds < 3 || rounds > 200) return '--rounds takes a whole number from 3 to 200';
    } else return `unknown option ${String(arg)}`;
  }
  return { rounds, build };
}

const progress = (line: string): void => {
  process.stderr.write(`bench: ${line}\n`);
};

/** Runs one section; a failure is a note in the table, never the end of the run. */
async function section<T>(report: Report, name: string, body: () => Promise<T>): Promise<T | undefined> {
  const t = Date.now();
  progress(`${name}…`);
  try {
    const value = await body();
    progress(`${name} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    return value;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    report.note(`${name} could not be measured: ${message.split('\n')[0] ?? ''}`);
    progress(`${name} FAILED: ${message}`);
    return undefined;
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    process.stderr.write(`npm run bench: ${options}\nusage: npm run bench [-- --rounds N] [-- --build]\n`);
    return 2;
  }
  const started = Date.now();
  const loadBefore = loadAverage();
  if (options.build) {
    progress('npm run build…');
    const built = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
    if (built.status !== 0) return 1;
  }
  await ensureCliBuilt();
  const bundles = bundleFacts();
  const report = new Report();
  const { rounds } = options;
  progress('starting the IAM PostgreSQL fixture and the STS emulator…');
  const setup = await startSetup();
  const onSignal = (): void => {
    void setup.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let chromium = 'not run';
  try {
    const app = createBenchServices(join(setup.dir, 'app'));
    const first = await testOnce(app, setup.iamDsn);
    if (first.failure !== '') throw new Error(`the first in-app IAM test failed: ${first.failure} ${first.report?.error?.message ?? ''}`);

    const conn = await section(report, 'test connection', () => benchConnections(setup, app, report, rounds));
    const cli = await section(report, 'iam-dsn start-up diagnostic', () => benchCliStartup(setup, report, Math.max(5, Math.ceil(rounds / 2))));
    const token = await section(report, 'tokens', () => benchTokens(setup, report, rounds));
    const fail = await section(report, 'failure latency', () => benchFailures(setup, app, report, rounds));
    const store = await section(report, 'store', () => benchStore(report, rounds));
    const hasRenderer = existsSync(join(RENDERER_DIR, 'index.html'));
    if (!hasRenderer) report.note('renderer not measured: out/renderer is missing (npm run build, or npm run bench -- --build)');
    const ui = hasRenderer ? await section(report, 'renderer', () => benchRenderer(report, rounds)) : undefined;
    await section(report, 'memory', () => benchMemory(setup, report));
    chromium = ui?.chromium ?? chromium;
    judge(report, { conn, cli, token, fail, store, ui });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress('stopping the fixture…');
    await setup.stop();
  }

  const machine: Machine = {
    ...machineFacts(),
    date: new Date().toISOString(),
    chromium,
    loadBefore,
    loadAfter: loadAverage(),
    durationS: (Date.now() - started) / 1000,
    rounds,
    bundles,
  };
  writeFileSync(DOC, renderMarkdown(report, machine));
  process.stdout.write(renderText(report, machine));
  progress(`wrote ${DOC}`);
  return 0;
}
