/**
 * `iam-dsn refresh` as a real process (the BUILT out/cli/iam-dsn.js) against the real IAM fixture:
 * a DSN saved by the app's DsnStore, keys from the environment (default chain), a hand-written
 * .pgpass kept fresh every 2 s (`--every 2`) while psql logs in through it, then SIGTERM: exit 0,
 * the file keeps its last token (psql still gets in), every other line byte for byte, no token on
 * stdout or stderr. Also: the first failure (a group-readable .pgpass) exits 2 and writes nothing.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { nullLogger } from '../../electron/main/platform/logger';
import { systemClock } from '../../electron/main/platform/clock';
import { type PgpassKey, pgpassLine, pgpassPasswordFor } from '../../electron/main/files/pgpass';
import { DsnStore } from '../../electron/main/library/store';
import { type IamPostgresInternals, startIamPostgres } from '../fixture/iam-postgres';
import { keyEnv } from '../fixture/sts-emulator-harness';
import { FakeCipher } from '../support/fakes';
import { CLI_BUNDLE, type CliHome, cliEnv, ensureCliBuilt, makeCliHome, repoRoot, runIamDsn } from './cli-harness';
import { fixtureDsn, OTHER_PGPASS_LINES, psqlWithPgpass, verifierLines } from './refresher-support';

let fixture: IamPostgresInternals;
let dir: string;
let home: CliHome;
let env: Record<string, string>;

beforeAll(async () => {
  await ensureCliBuilt();
  fixture = await startIamPostgres();
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-refresher-cli-'));
  home = makeCliHome(join(dir, 'home'));
  const store = new DsnStore({
    createConf: (o) => new Conf<Record<string, unknown>>({ ...o, configName: o.name }),
    directory: join(home.configHome, 'IAM DSN Manager'),
    cipher: new FakeCipher(),
    clock: systemClock,
    logger: nullLogger,
  });
  const saved = await store.save(fixtureDsn(fixture, { name: 'prod' }));
  if (!saved.ok) throw new Error(saved.error.message);
  const key = fixture.keys[0];
  if (key === undefined) throw new Error('fixture has no key');
  env = cliEnv(home, keyEnv(key));
}, 180_000);

afterAll(async () => {
  await fixture?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const pgpassKey = (): PgpassKey => ({ host: fixture.endpointHost, port: String(fixture.port), database: fixture.database, user: fixture.iamUser });

function start(args: string[]): { child: ChildProcessWithoutNullStreams; stderr: () => string; stdout: () => string; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, [CLI_BUNDLE, ...args], { cwd: repoRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end();
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, stderr: () => err, stdout: () => out, exit };
}

it('keeps a .pgpass fresh until SIGTERM (exit 0); psql logs in through it during and after', async () => {
  const pgpass = join(home.dir, 'pgpass');
  writeFileSync(pgpass, OTHER_PGPASS_LINES, { mode: 0o600 });
  const t0 = Date.now();
  const run = start(['refresh', 'prod', '--pgpass', pgpass, '--every', '2']);
  try {
    await vi.waitFor(() => expect(run.stderr()).toContain('(#1)'), { timeout: 20_000, interval: 50 });
    const firstAt = Date.now() - t0;
    const first = pgpassPasswordFor(readFileSync(pgpass, 'utf8'), pgpassKey());
    const during = await verifierLines(fixture, () => psqlWithPgpass(fixture, pgpass, home.dir));
    expect(during.value).toMatchObject({ status: 0, stdout: `${fixture.iamUser}\n` });
    expect(during.lines[0]).toMatch(/^accept /);

    await vi.waitFor(() => expect(run.stderr()).toContain('(#3)'), { timeout: 15_000, interval: 50 });
    const third = pgpassPasswordFor(readFileSync(pgpass, 'utf8'), pgpassKey());
    expect(third).not.toBe(first);
    run.child.kill('SIGTERM');
    const exit = await run.exit;
    const stoppedAfter = Date.now() - t0;
    expect(exit).toEqual({ code: 0, signal: null });

    const last = pgpassPasswordFor(readFileSync(pgpass, 'utf8'), pgpassKey()) ?? '';
    expect(readFileSync(pgpass, 'utf8')).toBe(`${OTHER_PGPASS_LINES}\n${pgpassLine(pgpassKey(), last)}\n`);
    expect(statSync(pgpass).mode & 0o777).toBe(0o600);
    expect(readdirSync(home.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const after = await verifierLines(fixture, () => psqlWithPgpass(fixture, pgpass, home.dir));
    expect(after.value).toMatchObject({ status: 0, stdout: `${fixture.iamUser}\n` });

    const lines = run.stderr().trimEnd().split('\n');
    expect(lines.slice(0, 3).every((l) => /^iam-dsn: \S+ refreshed .* \(#\d\); token valid until \S+; next refresh at \S+$/.test(l))).toBe(true);
    expect(lines[0]).toContain(`${pgpass} (.pgpass line ${fixture.endpointHost}:${fixture.port}:${fixture.database}:${fixture.iamUser})`);
    expect(lines.at(-1)).toMatch(new RegExp(`^iam-dsn: stopped; ${pgpass} keeps the last token \\(valid until \\S+\\)\\.$`));
    expect(run.stdout()).toBe('');
    for (const token of [first, third, last]) expect(run.stderr()).not.toContain(token);
    expect(run.stderr()).not.toMatch(/X-Amz|Signature/);
    console.info(`[refresher cli] first write after ${firstAt} ms, ${lines.length - 1} refreshes, SIGTERM → exit 0 after ${stoppedAfter} ms`);
  } finally {
    run.child.kill('SIGKILL');
  }
}, 60_000);

it('SIGINT (Ctrl-C) also stops it with exit 0; a password file keeps its token', async () => {
  const file = join(home.dir, 'prod.token');
  const run = start(['refresh', 'prod', '--password-file', file]);
  try {
    await vi.waitFor(() => expect(run.stderr()).toContain('(#1)'), { timeout: 20_000, interval: 50 });
    const token = readFileSync(file, 'utf8');
    expect(token).toMatch(/^\S+X-Amz-Signature=\S+\n$/);
    expect(run.stderr()).toMatch(/next refresh at (\S+)/);
    run.child.kill('SIGINT');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(readFileSync(file, 'utf8')).toBe(token);
  } finally {
    run.child.kill('SIGKILL');
  }
}, 60_000);

it('a group-readable .pgpass: exit 2 at once, the reason and the fix on stderr, the file untouched', async () => {
  const pgpass = join(home.dir, 'pgpass-644');
  writeFileSync(pgpass, OTHER_PGPASS_LINES);
  chmodSync(pgpass, 0o644);
  const run = await runIamDsn(['refresh', 'prod', '--pgpass', pgpass], env);
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('libpq ignores such a password file, so the app does not write into it. [VALIDATION]');
  expect(run.stderr).toContain(`Hint:   Run: chmod 600 ${pgpass}`);
  expect(readFileSync(pgpass, 'utf8')).toBe(OTHER_PGPASS_LINES);
});
