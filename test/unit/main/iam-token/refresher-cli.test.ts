/**
 * `iam-dsn refresh` in process: the command line, the help, and the command with the CLI's real
 * services (a typed-key DSN file, tokens signed locally) on a fake clock and scheduler, stopped by
 * Ctrl-C or SIGTERM. The built CLI as a real process is in test/integration/refresher-cli.test.ts.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCommandLine } from '../../../../electron/cli/args';
import { refreshCommand, refreshStatusLine } from '../../../../electron/cli/commands/refresh';
import { helpText } from '../../../../electron/cli/help';
import { pgpassPasswordFor } from '../../../../electron/main/files/pgpass';
import type { Dsn } from '../../../../shared/dsn';
import { fakeCli } from '../../../support/cli-context';
import { FakeClock, iamDsn } from '../../../support/fakes';
import { FakeScheduler } from '../../../support/token-refresher-fakes';

describe('iam-dsn refresh: command line and help', () => {
  it('takes a DSN and one file, and --every in whole seconds', () => {
    expect(parseCommandLine(['refresh', 'prod', '--pgpass', '/home/me/.pgpass'])).toEqual({
      ok: true,
      value: { name: 'refresh', dsn: { kind: 'saved', name: 'prod', storePath: undefined }, target: { kind: 'pgpass', path: '/home/me/.pgpass' }, everySeconds: undefined },
    });
    expect(parseCommandLine(['refresh', '--file', 'd.json', '--password-file', 't', '--every', '30'])).toMatchObject({ ok: true, value: { dsn: { kind: 'file', path: 'd.json' }, target: { kind: 'password-file', path: 't' }, everySeconds: 30 } });
  });

  it.each([
    [['refresh', 'prod'], 'Give one file'],
    [['refresh', 'prod', '--pgpass', 'a', '--password-file', 'b'], 'Give one file'],
    [['refresh', 'prod', '--pgpass', ''], 'needs the path'],
    [['refresh', 'prod', '--pgpass', 'a', '--every', '0'], '--every takes whole seconds from 1 to 720'],
    [['refresh', 'prod', '--pgpass', 'a', '--every', '721'], '--every'],
    [['refresh', 'prod', '--pgpass', 'a', '--every', '1.5'], '--every'],
    [['refresh', '--pgpass', 'a'], 'Name a saved DSN'],
    [['refresh', 'prod', '--pgpass'], "Option '--pgpass <value>' argument missing"],
  ])('refuses %j', (argv, message) => {
    const parsed = parseCommandLine(argv);
    expect(parsed).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining(message) } });
  });

  it('has its own help and a line in the overview', () => {
    expect(helpText('refresh', '1')).toContain('Usage: iam-dsn refresh (NAME | --file DSN.json) (--pgpass FILE | --password-file FILE) [--every SECONDS]');
    expect(helpText(undefined, '1')).toMatch(/refresh NAME --pgpass FILE/);
    expect(parseCommandLine(['refresh', '--help'])).toEqual({ ok: true, value: { name: 'help', topic: 'refresh' } });
  });
});

describe('refreshStatusLine', () => {
  const base = { dsnId: 'x', target: { kind: 'pgpass' as const, path: '/p' }, lastRefreshAt: '2030-01-01T12:00:00.000Z', tokenExpiresAt: '2030-01-01T12:15:00.000Z', refreshCount: 2, pgpassEntry: 'h:1:d:u' };
  it('says what was refreshed, when the token expires and what comes next', () => {
    const now = Date.UTC(2030, 0, 1, 12);
    expect(refreshStatusLine({ ...base, state: 'running', nextRefreshAt: '2030-01-01T12:12:00.000Z' }, now)).toBe(
      'iam-dsn: 2030-01-01T12:00:00.000Z refreshed /p (.pgpass line h:1:d:u) (#2); token valid until 2030-01-01T12:15:00.000Z; next refresh at 2030-01-01T12:12:00.000Z\n',
    );
    expect(refreshStatusLine({ ...base, state: 'error', nextRefreshAt: '2030-01-01T12:00:02.000Z', lastError: { code: 'CREDENTIALS_EXPIRED', message: 'expired\u001b[31m' } }, now)).toBe(
      'iam-dsn: 2030-01-01T12:00:00.000Z refresh failed: expired?[31m [CREDENTIALS_EXPIRED]; the file keeps the token valid until 2030-01-01T12:15:00.000Z; retrying at 2030-01-01T12:00:02.000Z\n',
    );
    expect(refreshStatusLine({ ...base, refreshCount: 0, state: 'error', nextRefreshAt: null, lastError: { code: 'VALIDATION', message: 'x' } }, now)).toBeUndefined();
    expect(refreshStatusLine({ ...base, state: 'stopped', nextRefreshAt: null }, now)).toBeUndefined();
  });
});

describe('refreshCommand', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'iamdsn-refresh-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function dsnFile(over: Partial<Dsn> = {}): string {
    const file = join(dir, 'dsn.json');
    const { tags: _tags, ...dsn } = iamDsn({ credentialSource: { kind: 'static', accessKeyId: 'AKIAEXAMPLEEXAMPLE01' }, connectViaHost: '127.0.0.1', connectViaPort: 15432, ...over });
    writeFileSync(file, JSON.stringify(dsn));
    return file;
  }

  function harness() {
    const cli = fakeCli({ env: { AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, homedir: dir });
    const clock = new FakeClock(Date.now());
    // The command's refresher is its own: after each timer, give its refresh (local signing, a file write) time to finish.
    const scheduler = new FakeScheduler(clock, () => new Promise((resolve) => setTimeout(resolve, 25)));
    const terminate = new Set<() => void>();
    const onTerminate = (listener: () => void) => {
      terminate.add(listener);
      return () => terminate.delete(listener);
    };
    return { cli, clock, scheduler, onTerminate, terminate: () => [...terminate].forEach((l) => l()) };
  }

  it('keeps a .pgpass line fresh, one stderr line per refresh, never the token; SIGTERM → exit 0', async () => {
    const pgpass = join(dir, 'pgpass');
    writeFileSync(pgpass, '# mine\nother:5432:*:*:pw', { mode: 0o600 });
    chmodSync(pgpass, 0o600);
    const h = harness();
    const run = refreshCommand({ dsn: { kind: 'file', path: dsnFile() }, target: { kind: 'pgpass', path: '~/pgpass' }, everySeconds: undefined }, h.cli.ctx, { onTerminate: h.onTerminate, clock: h.clock, schedule: h.scheduler.schedule });
    await vi.waitFor(() => expect(h.cli.stderr()).toContain('(#1)'));
    const key = { host: 'mydb.cluster-abc123.us-east-1.rds.amazonaws.com', port: '15432', database: 'postgres', user: 'app_user' };
    const first = pgpassPasswordFor(readFileSync(pgpass, 'utf8'), key);
    expect(first).toMatch(/X-Amz-Signature=/);
    await h.scheduler.advance(720_000);
    await vi.waitFor(() => expect(h.cli.stderr()).toContain('(#2)'));
    const content = readFileSync(pgpass, 'utf8');
    expect(content.startsWith('# mine\nother:5432:*:*:pw\nmydb.cluster-abc123.us-east-1.rds.amazonaws.com:15432:postgres:app_user:')).toBe(true);
    h.terminate();
    expect(await run).toBe(0);
    const lines = h.cli.stderr().trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(new RegExp(`refreshed ${pgpass} \\(\\.pgpass line mydb\\.cluster-abc123\\.us-east-1\\.rds\\.amazonaws\\.com:15432:postgres:app_user\\) \\(#1\\); token valid until .*; next refresh at `));
    expect(lines[2]).toMatch(new RegExp(`stopped; ${pgpass} keeps the last token \\(valid until `));
    expect(h.cli.stdout()).toBe('');
    for (const token of [first, pgpassPasswordFor(content, key)]) expect(h.cli.stderr()).not.toContain(token);
    expect(h.cli.stderr()).not.toContain('X-Amz');
    expect(h.scheduler.pending()).toBe(0);
  });

  it('writes a password file and stops on Ctrl-C with exit 0, the file keeping its token', async () => {
    const h = harness();
    const file = join(dir, 'prod.token');
    const run = refreshCommand({ dsn: { kind: 'file', path: dsnFile() }, target: { kind: 'password-file', path: file }, everySeconds: 60 }, h.cli.ctx, { onTerminate: h.onTerminate, clock: h.clock, schedule: h.scheduler.schedule });
    await vi.waitFor(() => expect(h.cli.stderr()).toContain('(#1)'));
    expect(h.cli.stderr()).toMatch(/next refresh at \S+/);
    const token = readFileSync(file, 'utf8');
    h.cli.interrupt();
    expect(await run).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(token);
  });

  it('exits with the first failure’s status and leaves the file alone (a group-readable .pgpass: 2)', async () => {
    const pgpass = join(dir, 'pgpass');
    writeFileSync(pgpass, 'x:1:*:*:y\n');
    chmodSync(pgpass, 0o644);
    const h = harness();
    const status = await refreshCommand({ dsn: { kind: 'file', path: dsnFile() }, target: { kind: 'pgpass', path: pgpass }, everySeconds: undefined }, h.cli.ctx, { onTerminate: h.onTerminate, clock: h.clock, schedule: h.scheduler.schedule });
    expect(status).toBe(2);
    expect(h.cli.stderr()).toContain('libpq ignores such a password file');
    expect(h.cli.stderr()).toContain(`Hint:   Run: chmod 600 ${pgpass}`);
    expect(readFileSync(pgpass, 'utf8')).toBe('x:1:*:*:y\n');
  });

  it('refuses a database-auth DSN (exit 2) and a typed-key DSN without its secret (exit 3)', async () => {
    const h = harness();
    const db = join(dir, 'db.json');
    writeFileSync(db, JSON.stringify({ ...iamDsn(), tags: undefined, authType: 'database', server: '127.0.0.1', region: '', sslMode: 'disable' }));
    expect(await refreshCommand({ dsn: { kind: 'file', path: db }, target: { kind: 'password-file', path: join(dir, 't') }, everySeconds: undefined }, h.cli.ctx)).toBe(2);
    const bare = fakeCli({ homedir: dir });
    expect(await refreshCommand({ dsn: { kind: 'file', path: dsnFile() }, target: { kind: 'password-file', path: join(dir, 't') }, everySeconds: undefined }, bare.ctx)).toBe(3);
  });
});
