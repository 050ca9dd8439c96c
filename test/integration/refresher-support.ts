/**
 * Helpers of the token refresher integration tests: psql against the IAM fixture through a
 * refreshed file (PGPASSFILE, or PGPASSWORD="$(cat FILE)" in bash), the verifier's new lines, a
 * hand-written .pgpass, and a DSN for the fixture.
 */
import { spawn } from 'node:child_process';
import type { IamPostgres } from '../fixture/iam-postgres';

/** The other lines of a user's .pgpass: comments, escaped `\:` and `\\`, CRLF, a blank line, and a last line without newline. */
export const OTHER_PGPASS_LINES = [
  '# ~/.pgpass of a developer',
  'db.example.com:5432:app:alice:s3cr\\:et\\\\x',
  'host\\:with\\:colons:6543:*:bob:back\\\\slash',
  '',
  'crlf.example.com:5432:*:carol:pw\r',
  '# staging',
  'staging.example.com:5432:*:*:no-newline-at-end',
].join('\n');

/** An IAM DSN for the fixture (the shared helper, under the name these tests use). */
export { fixtureIamDsn as fixtureDsn } from '../fixture/fixture-dsn';

/** What psql did. */
export interface PsqlRun {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The conninfo of the brief: host = endpoint name (TLS and .pgpass), hostaddr = loopback, verify-full with the fixture CA. */
export function fixtureConninfo(fixture: IamPostgres): string {
  return `host=${fixture.endpointHost} hostaddr=127.0.0.1 port=${fixture.port} user=${fixture.iamUser} dbname=${fixture.database} sslmode=verify-full sslrootcert=${fixture.caPath} connect_timeout=10`;
}

function runBash(script: string, env: Record<string, string>): Promise<PsqlRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // Nothing inherited but PATH: no PG* variables, no ~/.pgpass (HOME is a temp dir), no AWS keys.
    const child = spawn('bash', ['-c', script], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr, ms: Date.now() - started }));
  });
}

const PSQL = 'psql -X -w -A -t -c "select current_user" "$CONNINFO"';

/** psql with the .pgpass file `file` (PGPASSFILE); -w: never prompt. */
export function psqlWithPgpass(fixture: IamPostgres, file: string, home: string): Promise<PsqlRun> {
  return runBash(PSQL, { HOME: home, PGPASSFILE: file, CONNINFO: fixtureConninfo(fixture) });
}

/** `PGPASSWORD="$(cat file)" psql …`, as a user would type it. */
export function psqlWithPasswordFile(fixture: IamPostgres, file: string, home: string): Promise<PsqlRun> {
  return runBash(`PGPASSWORD="$(cat "$TOKEN_FILE")" ${PSQL}`, { HOME: home, TOKEN_FILE: file, CONNINFO: fixtureConninfo(fixture) });
}

/** psql with a given token in PGPASSWORD (to show an old token is refused). */
export function psqlWithToken(fixture: IamPostgres, token: string, home: string): Promise<PsqlRun> {
  return runBash(PSQL, { HOME: home, PGPASSWORD: token, CONNINFO: fixtureConninfo(fixture) });
}

/** Runs `work` and answers the verifier lines it caused. */
export async function verifierLines<T>(fixture: IamPostgres, work: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const before = (await fixture.verifierLog()).length;
  const value = await work();
  return { value, lines: (await fixture.verifierLog()).slice(before) };
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
