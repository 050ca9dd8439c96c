/**
 * Canaries (issue #6): secrets planted everywhere a user puts one, then every success, failure and
 * export path run, in the app (createApiHandlers with the real store, signer, tester and file
 * logger against the real IAM fixture) and in the built CLI (a real process). The planted secrets:
 * a database password, an AWS secret access key and a session token (typed keys), the fixture's real
 * password and key, and every IAM token the signer hands out (recorded). None may appear in a log
 * line, a console line, an error, an IPC answer (an export that asked for the secret aside) or, in
 * clear, in any byte of any file under the app's temp dir (also URL-encoded, base64, UTF-16).
 *
 * (test/integration/main-secrets.test.ts is the older, narrower canary test of the same idea.)
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FileLogger } from '../../electron/main/platform/file-logger';
import type { ApiHandlers } from '../../electron/main/ipc/api-handlers';
import type { DsnStore } from '../../electron/main/library/store';
import { awsCredentialProviderFactory, type CredentialProviderFactory } from '../../electron/main/iam-token/signer';
import { type Dsn, type DsnInput, type SavedDsn } from '../../shared/dsn';
import { EXPORT_FORMATS } from '../../shared/export-types';
import type { Result } from '../../shared/result';
import { startIamPostgres, type IamPostgresInternals } from '../fixture/iam-postgres';
import { refusedPort, stalledServer } from '../fixture/net-fixtures';
import { keyEnv } from '../fixture/sts-emulator-harness';
import { type CliHome, cliEnv, ensureCliBuilt, makeCliHome, runIamDsn } from '../integration/cli-harness';
import { FakeCipher } from '../support/fakes';
import { createTestApp, onSign } from '../support/app';
import { fixtureIamDsn } from '../fixture/fixture-dsn';

const tag = Math.random().toString(36).slice(2, 10);
/** The planted secrets; the fixture's own password, key and every signed token are added in beforeAll. */
const CANARY = {
  password: `CANARY-pw-${tag}-pässwörd/+=&`,
  secretAccessKey: `CANARYsk${tag}/+abcdefghijklmnopqrstuv`,
  sessionToken: `CANARYst${tag}/+=IQoJb3JpZ2luX2VjEExampleSessionTokenCANARY`,
};
const TOKEN_PIECES = /X-Amz-Signature=|X-Amz-Credential=|X-Amz-Security-Token=/;

let fixture: IamPostgresInternals;
let dir: string;
let home: CliHome;
let storePath: string;
let logPath: string;
let handlers: ApiHandlers;
let sessionHandlers: ApiHandlers;
let closedPort: number;
const tokens: string[] = [];
/** Every IPC answer that must hold no secret, and the asked-for exports (checked apart). */
const answers: Array<{ path: string; text: string }> = [];
const askedFor: Array<{ path: string; text: string; allowed: string[] }> = [];
const cliRuns: Array<{ path: string; stdout: string; stderr: string; stdoutMayHold: 'nothing' | 'token' | 'password' }> = [];
const consoleLines: string[] = [];
/** Files written because the user asked for the secret in them (saveExport with a secret, the refresher's token file). */
const askedForFiles: Array<{ path: string; allowed: string[] }> = [];

function key(i: 0 | 1) {
  const k = fixture.keys[i];
  if (k === undefined) throw new Error('fixture key missing');
  return k;
}

/** Every secret that must never leak: the canaries, the fixture's, and each token signed so far. */
function secrets(): string[] {
  const k1 = key(1);
  return [CANARY.password, CANARY.secretAccessKey, CANARY.sessionToken, fixture.dbPassword, key(0).secretAccessKey, k1.secretAccessKey, k1.sessionToken ?? '', ...tokens].filter((s) => s.length >= 8);
}

/** A secret as it could appear in text or bytes. */
function forms(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), Buffer.from(secret).toString('base64')])];
}

function leaks(text: string, allowed: string[] = []): string[] {
  const found: string[] = [];
  for (const secret of secrets()) {
    if (allowed.includes(secret)) continue;
    for (const form of forms(secret)) if (text.includes(form)) found.push(`${secret.slice(0, 12)}… (as ${form === secret ? 'text' : 'encoded'})`);
  }
  return found;
}

async function call<T>(path: string, answer: Promise<Result<T>>): Promise<Result<T>> {
  const result = await answer;
  answers.push({ path, text: JSON.stringify(result) });
  return result;
}

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

function inputOf(saved: SavedDsn): DsnInput {
  const { hasPassword: _a, passwordSessionOnly: _b, hasSecretAccessKey: _c, hasSessionToken: _d, hasSshPassword: _f, updatedAt: _e, ...input } = saved;
  return input;
}

function fixtureDsn(over: Partial<Dsn>): Dsn {
  return fixtureIamDsn(fixture, {
    connectTimeoutSeconds: 10,
    name: 'x',
    ...over,
  });
}


/** Where the (fake) save dialog puts the next export: set before each saveExport. */
let nextSavePath = '';

function build(directory: string, cipher: FakeCipher): { handlers: ApiHandlers; store: DsnStore } {
  const k1 = key(1);
  // The default chain gives the fixture's temporary key (as env keys would); typed keys go through the app's real chain.
  const factory: CredentialProviderFactory = (target, typed, mfa) =>
    target.credentialSource.kind === 'default' ? () => Promise.resolve(k1) : awsCredentialProviderFactory(target, typed, mfa);
  const saveDialog = { choosePath: () => Promise.resolve(nextSavePath) };
  const app = createTestApp(directory, { logger: new FileLogger(logPath), cipher, credentialProviderFactory: factory, saveDialog, homedir: dir });
  // Every token the app hands out becomes a canary too.
  onSign(app.services.signer, (signed) => {
    if (signed.ok) tokens.push(signed.value.token);
  });
  return { handlers: app.handlers, store: app.services.store };
}

beforeAll(async () => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method].bind(console);
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleLines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a) ?? String(a))).join(' '));
      original(...args);
    });
  }
  await ensureCliBuilt();
  fixture = await startIamPostgres();
  closedPort = await refusedPort();
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-canaries-'));
  home = makeCliHome(join(dir, 'home'));
  logPath = join(dir, 'logs', 'main.log');
  const app = build(join(dir, 'userData'), new FakeCipher());
  handlers = app.handlers;
  storePath = (await app.store.status()).storePath;
  // A second store with no OS encryption: secrets are kept for the session only, never written.
  const noOs = new FakeCipher();
  noOs.available = false;
  sessionHandlers = build(join(dir, 'userData-session-only'), noOs).handlers;
}, 180_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await fixture?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('canaries: planted secrets never leave where they belong', () => {
  let saved: Record<'db' | 'dbCanary' | 'iamDefault' | 'iamStatic' | 'iamCanary', SavedDsn>;

  it('every app path: save, list, test (success and each failure), cancel, export in every format with and without the secret (also to files, the token refresher and the library), delete', async () => {
    const k1 = key(1);
    saved = {
      db: value(await call('save db', handlers.saveDsn({ ...fixtureDsn({ name: 'db', authType: 'database', user: fixture.dbUser, sslMode: 'require' }), password: fixture.dbPassword }))),
      dbCanary: value(await call('save db canary', handlers.saveDsn({ ...fixtureDsn({ name: 'db canary', authType: 'database', user: fixture.dbUser }), password: CANARY.password }))),
      iamDefault: value(await call('save iam default', handlers.saveDsn(fixtureDsn({ name: 'iam default' })))),
      iamStatic: value(
        await call(
          'save iam static',
          handlers.saveDsn({ ...fixtureDsn({ name: 'iam static', credentialSource: { kind: 'static', accessKeyId: k1.accessKeyId } }), secretAccessKey: k1.secretAccessKey, sessionToken: k1.sessionToken }),
        ),
      ),
      iamCanary: value(
        await call(
          'save iam canary',
          handlers.saveDsn({ ...fixtureDsn({ name: 'iam canary', credentialSource: { kind: 'static', accessKeyId: `ASIA${tag.toUpperCase().padEnd(16, 'X')}` } }), secretAccessKey: CANARY.secretAccessKey, sessionToken: CANARY.sessionToken }),
        ),
      ),
    };
    expect(saved.iamCanary).toMatchObject({ hasSecretAccessKey: true, hasSessionToken: true });
    await call('list', handlers.listDsns());
    await call('store status', handlers.storeStatus());

    // Tests: successes, and failures that quote the server, the token checklist, the network.
    const outcomes: Record<string, string | undefined> = {};
    const test = async (path: string, dsn: DsnInput) => {
      const report = value(await call(`test ${path}`, handlers.testConnection({ requestId: `t-${path}`, dsn })));
      outcomes[path] = report.error?.code ?? report.outcome;
    };
    await test('db', inputOf(saved.db));
    await test('db canary password (stored)', inputOf(saved.dbCanary));
    await test('db canary password (typed)', { ...inputOf(saved.db), password: CANARY.password });
    await test('db canary password (typed, refused port)', { ...inputOf(saved.db), password: CANARY.password, connectViaPort: closedPort });
    await test('db canary password (typed, no TLS)', { ...inputOf(saved.dbCanary), sslMode: 'disable' });
    await test('iam default', inputOf(saved.iamDefault));
    await test('iam static (stored keys)', inputOf(saved.iamStatic));
    await test('iam static canary keys (stored)', inputOf(saved.iamCanary));
    await test('iam static canary keys (typed)', { ...inputOf(saved.iamStatic), id: undefined, credentialSource: { kind: 'static', accessKeyId: `ASIA${tag.toUpperCase().padEnd(16, 'Y')}` }, secretAccessKey: CANARY.secretAccessKey, sessionToken: CANARY.sessionToken });
    await test('iam user without rds_iam', { ...inputOf(saved.iamDefault), user: fixture.noIamUser });
    await test('iam wrong database', { ...inputOf(saved.iamStatic), database: 'no_such_db' });
    await test('iam untrusted CA', { ...inputOf(saved.iamDefault), caBundlePath: '' });
    await test('iam region mismatch', { ...inputOf(saved.iamDefault), region: 'eu-west-1' });
    expect(outcomes).toMatchObject({
      db: 'success',
      'db canary password (stored)': 'PASSWORD_AUTH_FAILED',
      'db canary password (typed)': 'PASSWORD_AUTH_FAILED',
      'db canary password (typed, refused port)': 'CONNECTION_REFUSED',
      'iam default': 'success',
      'iam static (stored keys)': 'success',
      'iam static canary keys (stored)': 'PAM_AUTH_FAILED',
      'iam user without rds_iam': 'PASSWORD_AUTH_FAILED',
      'iam wrong database': 'DATABASE_NOT_FOUND',
    });
    // Cancel: a test against a loopback server that never answers, cancelled mid-way.
    const stalled = await stalledServer();
    try {
      const running = call('test cancelled', handlers.testConnection({ requestId: 't-cancel', dsn: { ...inputOf(saved.dbCanary), connectViaPort: stalled.port, connectTimeoutSeconds: 30 } }));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await call('cancel', handlers.cancelTest('t-cancel'));
      expect(value(await running).error?.code).toBe('CANCELLED');
    } finally {
      await stalled.close();
    }

    // Exports: every format, without secret; and with the secret each kind of DSN can carry.
    for (const [name, dsn] of Object.entries(saved)) {
      for (const format of EXPORT_FORMATS) {
        const plain = value(await call(`export ${name} ${format}`, handlers.exportDsn({ dsn: inputOf(dsn), format, includeToken: false, includePassword: false })));
        expect(plain.containsSecret).toBe(false);
        const isIam = dsn.authType === 'iam';
        const before = tokens.length;
        const out = await handlers.exportDsn({ dsn: inputOf(dsn), format, includeToken: isIam, includePassword: !isIam });
        const text = JSON.stringify(out);
        // The secret asked for: that DSN's password, or the fresh token (which, signed with temporary keys, carries the session token).
        const fresh = tokens.slice(before);
        const allowed = isIam ? [...fresh, dsn === saved.iamCanary ? CANARY.sessionToken : k1.sessionToken ?? ''] : [dsn === saved.db ? fixture.dbPassword : CANARY.password];
        askedFor.push({ path: `export ${name} ${format} with secret`, text, allowed });
        // (Wrapper formats, JDBC, Python, ODBC, Node, sign their own tokens and embed none; JSON never holds a secret.)
        if (format === 'uri' || format === 'keyword') expect(out.ok && out.value.containsSecret, `${name} ${format}`).toBe(true);
      }
    }
    // Exports to files: without a secret (checked with every other file below) and with it (asked for: 0600, its own secret only).
    mkdirSync(join(dir, 'exports'), { recursive: true });
    for (const [name, dsn] of Object.entries(saved)) {
      const isIam = dsn.authType === 'iam';
      nextSavePath = join(dir, 'exports', `${name}-plain.txt`);
      value(await call(`save export ${name}`, handlers.saveExport({ dsn: inputOf(dsn), format: 'psql', includeToken: false, includePassword: false })));
      nextSavePath = join(dir, 'exports', `${name}-asked.txt`);
      const before = tokens.length;
      const written = await handlers.saveExport({ dsn: inputOf(dsn), format: isIam ? 'env' : 'pgpass', includeToken: isIam, includePassword: !isIam });
      expect(written, name).toMatchObject({ ok: true, value: { mode: '0600', containsSecret: true } });
      const allowed = isIam ? [...tokens.slice(before), dsn === saved.iamCanary ? CANARY.sessionToken : k1.sessionToken ?? ''] : [dsn === saved.db ? fixture.dbPassword : CANARY.password];
      askedForFiles.push({ path: nextSavePath, allowed });
      askedFor.push({ path: `save export ${name} with secret (answer)`, text: JSON.stringify(written), allowed: [] });
    }
    // The token refresher: a password file kept fresh (asked for: 0600, the token only).
    const tokenFile = join(dir, 'exports', 'refreshed-token');
    const before = tokens.length;
    const started = await handlers.startRefresher({ dsnId: saved.iamDefault.id, target: { kind: 'password-file', path: tokenFile } });
    answers.push({ path: 'start refresher', text: JSON.stringify(started) });
    expect(started).toMatchObject({ ok: true, value: { state: 'running', refreshCount: 1 } });
    await call('refresher status', handlers.refresherStatus());
    await call('stop refresher', handlers.stopRefresher(saved.iamDefault.id));
    askedForFiles.push({ path: tokenFile, allowed: [...tokens.slice(before), k1.sessionToken ?? ''] });
    // The library: export (never a secret) and import it back.
    const library = value(await call('export library', handlers.exportLibrary()));
    await call('export library (some)', handlers.exportLibrary([saved.db.id, saved.iamCanary.id]));
    await call('import library (dry run)', handlers.importLibrary(library.json, { onConflict: 'rename' }));
    expect(library.count).toBe(5);

    // Session-only secrets (no OS encryption): used, never written.
    const session = value(await call('save session-only', sessionHandlers.saveDsn({ ...fixtureDsn({ name: 'session', authType: 'database', user: fixture.dbUser }), password: CANARY.password })));
    expect(session).toMatchObject({ hasPassword: true, passwordSessionOnly: true });
    await call('test session-only', sessionHandlers.testConnection({ requestId: 's1', dsn: inputOf(session) }));
    await call('delete', handlers.deleteDsn(saved.dbCanary.id));
    expect(tokens.length).toBeGreaterThan(20);
  }, 120_000);

  it('the CLI: list, token, test and export in every format, secrets from the environment', async () => {
    const store = ['--store', storePath];
    const k1 = key(1);
    const envFor = (extra: Record<string, string>) => cliEnv(home, extra);
    const jobs: Array<{ path: string; args: string[]; env: Record<string, string>; stdoutMayHold: 'nothing' | 'token' | 'password' }> = [
      { path: 'cli list', args: ['list', ...store], env: envFor({}), stdoutMayHold: 'nothing' },
      { path: 'cli list --json', args: ['list', '--json', ...store], env: envFor({}), stdoutMayHold: 'nothing' },
      { path: 'cli test db', args: ['test', 'db', ...store], env: envFor({ PGPASSWORD: fixture.dbPassword }), stdoutMayHold: 'nothing' },
      { path: 'cli test db canary password', args: ['test', 'db', '--json', ...store], env: envFor({ PGPASSWORD: CANARY.password }), stdoutMayHold: 'nothing' },
      { path: 'cli test iam default', args: ['test', 'iam default', ...store], env: envFor(keyEnv(k1)), stdoutMayHold: 'nothing' },
      { path: 'cli test iam static', args: ['test', 'iam static', '--json', ...store], env: envFor({ AWS_SECRET_ACCESS_KEY: k1.secretAccessKey, AWS_SESSION_TOKEN: k1.sessionToken ?? '' }), stdoutMayHold: 'nothing' },
      { path: 'cli test iam canary', args: ['test', 'iam canary', ...store], env: envFor({ AWS_SECRET_ACCESS_KEY: CANARY.secretAccessKey, AWS_SESSION_TOKEN: CANARY.sessionToken }), stdoutMayHold: 'nothing' },
      { path: 'cli test no credentials', args: ['test', 'iam static', ...store], env: envFor({}), stdoutMayHold: 'nothing' },
      { path: 'cli token', args: ['token', 'iam default', ...store], env: envFor(keyEnv(k1)), stdoutMayHold: 'token' },
      { path: 'cli export with password', args: ['export', 'db', '--format', 'uri', '--with-password', ...store], env: envFor({ PGPASSWORD: CANARY.password }), stdoutMayHold: 'password' },
      { path: 'cli export with token', args: ['export', 'iam canary', '--format', 'psql', '--with-token', ...store], env: envFor({ AWS_SECRET_ACCESS_KEY: CANARY.secretAccessKey, AWS_SESSION_TOKEN: CANARY.sessionToken }), stdoutMayHold: 'token' },
      ...EXPORT_FORMATS.map((format) => ({ path: `cli export ${format}`, args: ['export', 'iam static', '--format', format, ...store], env: envFor(keyEnv(k1)), stdoutMayHold: 'nothing' as const })),
    ];
    // Four at a time: each is a Node process loading the AWS SDK.
    const queue = [...jobs];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
          const run = await runIamDsn(job.args, job.env);
          cliRuns.push({ path: job.path, stdout: run.stdout, stderr: run.stderr, stdoutMayHold: job.stdoutMayHold });
        }
      }),
    );
    const byPath = Object.fromEntries(cliRuns.map((r) => [r.path, r]));
    expect(byPath['cli test db']?.stdout).toMatch(/success/);
    expect(byPath['cli test iam static']?.stdout).toMatch(/"outcome": ?"success"/);
    expect(byPath['cli token']?.stdout).toMatch(TOKEN_PIECES);
    expect(byPath['cli export with password']?.stdout).toContain(encodeURIComponent(CANARY.password));
    expect(cliRuns).toHaveLength(jobs.length);
  }, 120_000);

  it('no secret in any answer, log line, console line, CLI output (unless asked for) or file under the app dir', () => {
    const k1 = key(1);
    const problems: string[] = [];
    let checkedTexts = 0;
    for (const { path, text } of answers) {
      checkedTexts++;
      for (const leak of leaks(text)) problems.push(`IPC answer "${path}": ${leak}`);
      if (TOKEN_PIECES.test(text)) problems.push(`IPC answer "${path}": a token`);
    }
    // The detector itself works: the asked-for exports DO hold secrets when nothing is allowed.
    expect(askedFor.filter((a) => leaks(a.text).length > 0).length).toBeGreaterThan(20);
    for (const { path, text, allowed } of askedFor) {
      checkedTexts++;
      // An asked-for export holds its own secret only: never a secret key, another password, or another token.
      for (const leak of leaks(text, allowed)) problems.push(`asked-for "${path}": ${leak}`);
    }
    const log = readFileSync(logPath, 'utf8');
    const logLines = log.split('\n').filter(Boolean);
    expect(logLines.length).toBeGreaterThan(10);
    for (const leak of leaks(log)) problems.push(`log: ${leak}`);
    if (TOKEN_PIECES.test(log)) problems.push('log: a token');
    for (const line of consoleLines) for (const leak of leaks(line)) problems.push(`console: ${leak}`);
    for (const run of cliRuns) {
      checkedTexts += 2;
      for (const leak of leaks(run.stderr)) problems.push(`${run.path} stderr: ${leak}`);
      if (TOKEN_PIECES.test(run.stderr)) problems.push(`${run.path} stderr: a token`);
      // stdout: the asked-for token (and, inside it, its session token) or password only.
      const allowed = run.stdoutMayHold === 'password' ? [CANARY.password] : run.stdoutMayHold === 'token' ? [CANARY.sessionToken, k1.sessionToken ?? ''] : [];
      for (const leak of leaks(run.stdout, allowed)) problems.push(`${run.path} stdout: ${leak}`);
      if (run.stdoutMayHold === 'nothing' && TOKEN_PIECES.test(run.stdout)) problems.push(`${run.path} stdout: a token`);
    }
    // Files holding an asked-for secret: owner-only, and nothing but their own secret.
    for (const { path, allowed } of askedForFiles) {
      expect((statSync(path).mode & 0o777).toString(8), path).toBe('600');
      for (const leak of leaks(readFileSync(path, 'utf8'), allowed)) problems.push(`asked-for file ${relative(dir, path)}: ${leak}`);
    }
    const askedForPaths = new Set(askedForFiles.map((f) => f.path));
    // Every byte of every other file under the temp dir (stores, backups, logs, exports, the CLI's home).
    let files = 0;
    let bytes = 0;
    const walk = (d: string): void => {
      for (const entry of readdirSync(d, { withFileTypes: true })) {
        const path = join(d, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.isFile() && !askedForPaths.has(path)) {
          const data = readFileSync(path);
          files++;
          bytes += data.length;
          for (const secret of secrets()) {
            for (const form of [...forms(secret), Buffer.from(secret, 'utf16le')]) {
              if (data.includes(form)) problems.push(`file ${relative(dir, path)}: ${secret.slice(0, 12)}…`);
            }
          }
        }
      }
    };
    walk(dir);
    expect(readFileSync(storePath, 'utf8')).toMatch(/passwordEncrypted/); // the secrets are there, encrypted
    expect(problems).toEqual([]);
    console.log(
      `[canaries] ${secrets().length} secrets (${Object.keys(CANARY).length} planted canaries + the fixture's password, 2 secret keys, 1 session token + ${tokens.length} signed tokens) ` +
        `checked in ${answers.length} IPC answers, ${askedFor.length} asked-for exports, ${logLines.length} log lines, ${consoleLines.length} console lines, ` +
        `${cliRuns.length} CLI runs (${checkedTexts} texts in all), ${askedForFiles.length} asked-for secret files (0600, own secret only) and ${files} other files (${bytes} bytes) under the app dir: 0 leaks`,
    );
  });
});
