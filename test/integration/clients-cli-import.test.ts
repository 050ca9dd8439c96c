/**
 * `iam-dsn import` as a real process (the built CLI): a string as the argument or on --stdin →
 * a DSN JSON on stdout that `--file` accepts, what was recognised/ignored on stderr; a password in
 * the string is never printed; a malformed string exits 2 naming the part.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BUNDLE, cliEnv, type CliHome, type CliRun, ensureCliBuilt, makeCliHome, repoRoot, runIamDsn } from './cli-harness';

const SERVER = 'orders.cluster-abc123.eu-west-1.rds.amazonaws.com';
const PASSWORD = 'Pa55-w0rd-CANARY';

let dir: string;
let home: CliHome;
let env: Record<string, string>;

beforeAll(async () => {
  await ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-cli-import-'));
  home = makeCliHome(dir);
  env = cliEnv(home);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI with `input` on stdin. */
function withStdin(args: string[], input: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BUNDLE, ...args], { cwd: repoRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('iam-dsn import', { timeout: 60_000 }, () => {
  it('a libpq URI as the argument: DSN JSON on stdout, recognised/ignored/secret warning on stderr, no password anywhere', async () => {
    const uri = `postgresql://app_user:${PASSWORD}@${SERVER}:5432/orders?sslmode=require&application_name=report`;
    const r = await runIamDsn(['import', uri], env);
    expect(r.status, r.stderr).toBe(0);
    const dsn = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(dsn).toMatchObject({ name: 'app_user@orders', server: SERVER, port: 5432, user: 'app_user', database: 'orders', region: 'eu-west-1', sslMode: 'require', authType: 'database' });
    expect(r.stderr).toContain('Read as a libpq URI.');
    expect(r.stderr).toContain(`  host → server = ${SERVER}`);
    expect(r.stderr).toMatch(/Ignored:\n(.*\n)* {2}password: a secret: not imported/);
    expect(r.stderr).toContain('  application_name: a libpq option this app does not keep');
    expect(r.stderr).toContain('warning: the string held a password or token; it was not imported');
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  });

  it('--stdin with an AWS ODBC string and --name: the JSON is a valid DSN for --file', async () => {
    const odbc = `Driver={AWS Unicode ODBC Driver for PostgreSQL};Server=127.0.0.1;Port=15432;Database=orders;UserName=app_user;AuthType=IAM;Region=eu-west-1;SSLMode=require;IamHost=${SERVER};Password={${PASSWORD}}`;
    const r = await withStdin(['import', '--stdin', '--name', 'orders via tunnel'], `${odbc}\n`);
    expect(r.status, r.stderr).toBe(0);
    const dsn = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(dsn).toMatchObject({ name: 'orders via tunnel', authType: 'iam', server: SERVER, connectViaHost: '127.0.0.1', connectViaPort: 15432, region: 'eu-west-1' });
    expect(r.stderr).toContain('Read as an ODBC connection string.');
    expect(r.stderr).not.toContain('To complete before use');
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
    const file = join(dir, 'imported.json');
    writeFileSync(file, r.stdout);
    const listed = await runIamDsn(['list', '--file', file], env);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('orders via tunnel');
  });

  it('an incomplete DSN is printed with what to complete (IAM without a region)', async () => {
    const r = await runIamDsn(['import', 'jdbc:aws-wrapper:postgresql://db.internal.example:5432/app?wrapperPlugins=iam&user=me'], env);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/To complete before use \(e\.g\. with --file\):\n {2}region: Region is required for IAM authentication/);
  });

  it('a malformed string exits 2 and names the part; a JDBC user:password@ never shows the password', async () => {
    const bad = await runIamDsn(['import', `host=${SERVER} password='${PASSWORD} user=me`], env);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/Unterminated quote in value of 'password' at position \d+ \[VALIDATION\]/);
    expect(bad.stderr).toContain('Read as a libpq keyword/value string.');
    expect(bad.stderr).not.toContain(PASSWORD);
    const jdbc = await runIamDsn(['import', `jdbc:postgresql://bob:${PASSWORD}@db.example.com/app`], env);
    expect(jdbc.status).toBe(2);
    expect(jdbc.stderr).toContain("The host part 'db.example.com' is preceded by user information");
    expect(jdbc.stderr).not.toContain(PASSWORD);
    const empty = await withStdin(['import', '--stdin'], '  \n');
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain('Paste a connection string to import.');
  });

  it('usage: nothing, both a string and --stdin, or two strings exit 2; --help exits 0', async () => {
    for (const args of [['import'], ['import', 'host=x', '--stdin'], ['import', 'host=x', 'port=1']]) {
      const r = await runIamDsn(args, env);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('iam-dsn import --help');
    }
    const help = await runIamDsn(['import', '--help'], env);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: iam-dsn import ("CONNECTION STRING" | --stdin) [--name NAME]');
    const overview = await runIamDsn(['--help'], env);
    expect(overview.stdout).toContain('import "STRING" | --stdin');
  });
});
